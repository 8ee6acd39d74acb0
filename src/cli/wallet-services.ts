import { join } from 'node:path'
import { createExchangeService, type ExchangeService } from '../exchange/exchanges.js'
import { DirectoryExchangeStore } from '../exchange/store.js'
import type { IssuerKey } from '../keys/issuer-keys.js'
import { createOid4vciIssuer, DirectoryOfferStore, type Oid4vciIssuer } from '../oid4vci/issuer.js'
import { signerFromJwk } from '../sign/signer.js'

/** The wallet routes of one issuer, on the embedded directory store: `<state>/exchanges`, `<state>/oid4vci`. */
export interface WalletServices {
  exchanges: ExchangeService
  oid4vci: Oid4vciIssuer
}

/** VC-API exchanges under `<publicUrl>/exchanges` and an OpenID4VCI issuer at `<publicUrl>`, sharing the state directory. */
export async function walletServices({ key, stateDir, publicUrl, issuerName }: { key: IssuerKey; stateDir: string; publicUrl: string; issuerName: string }): Promise<WalletServices> {
  const signer = await signerFromJwk(key.privateJwk, { id: key.verificationMethod })
  const base = publicUrl.replace(/\/+$/, '')
  return {
    exchanges: createExchangeService({ store: await DirectoryExchangeStore.open(join(stateDir, 'exchanges')), signer, exchangesUrl: `${base}/exchanges` }),
    oid4vci: createOid4vciIssuer({ credentialIssuer: base, issuerName, signer, store: await DirectoryOfferStore.open(join(stateDir, 'oid4vci')) }),
  }
}
