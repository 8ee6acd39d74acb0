import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { issueBatch } from '../../src/batch/batch-issue.js'
import { parseRoster } from '../../src/batch/roster.js'
import { createExchangeService, type ExchangeDelivery } from '../../src/exchange/exchanges.js'
import { MemoryExchangeStore } from '../../src/exchange/store.js'
import { ROOT } from '../helpers/examples.js'
import { issuer } from '../helpers/issue.js'
import { decodeQrPng } from '../helpers/qr.js'
import { didAuthPresentation, walletDid } from '../helpers/wallet.js'

// Relative to ROOT, the roster folder (baseDir) here: a roster names files inside its folder.
const TEMPLATE = 'examples/templates/checking-understanding-gestures.json'
const out = mkdtempSync(join(tmpdir(), 'microcred-batch-wallet-'))
afterAll(() => rmSync(out, { recursive: true, force: true }))

describe('batch output with wallet exchanges', () => {
  it('writes each row its links and a QR code that decodes to the deep link, and the exchange delivers', async () => {
    const { key, signer } = await issuer()
    const exchanges = createExchangeService({ store: new MemoryExchangeStore(), signer, exchangesUrl: 'https://issuer.example.org/exchanges' })
    const rows = parseRoster(`name,email,did,template,award,awarded\nAna Rivera,ana@district.example.org,,${TEMPLATE},,yes\n`)
    const summary = await issueBatch({ rows, baseDir: ROOT, key, issuer: { name: 'District' }, outDir: out, exchanges, verifierScript: '/* verifier */' })
    expect(summary.issued).toBe(1)
    const log = JSON.parse(readFileSync(join(out, 'issuance-log.jsonl'), 'utf8').trim())
    const rowDir = join(out, log.files[0].split('/')[0])
    const links = JSON.parse(readFileSync(join(rowDir, 'wallet.json'), 'utf8'))
    expect(links.lcw).toMatch(/^dccrequest:\/\/request\?issuer=did%3Akey%3A.+&vc_request_url=https%3A%2F%2Fissuer\.example\.org%2Fexchanges%2F.+&challenge=.+$/)
    expect(links.learnCard).toBe(`https://learncard.app/request?vc_request_url=${encodeURIComponent(links.exchangeUrl)}`)
    expect(links.interactionUrl).toBe(`${links.exchangeUrl}/interaction?iuv=1`)
    expect(decodeQrPng(readFileSync(join(rowDir, 'wallet-qr.png')))).toBe(links.lcw)
    const page = readFileSync(join(rowDir, 'index.html'), 'utf8')
    expect(page).toContain('id="wallet-qr"')
    expect(page).toContain(`href="${links.lcw.replace(/&/g, '&amp;')}"`)

    const wallet = await walletDid()
    const params = new URL(links.lcw.replace('dccrequest://', 'https://x/')).searchParams
    const vp = await didAuthPresentation({ signer: wallet, challenge: params.get('challenge')!, domain: 'issuer.example.org' })
    const id = links.exchangeUrl.split('/').pop()
    const delivery = (await exchanges.participate(id, { verifiablePresentation: vp })) as ExchangeDelivery
    expect(delivery.verifiablePresentation.verifiableCredential[0].id).toBe(log.credentialId)
  })
})
