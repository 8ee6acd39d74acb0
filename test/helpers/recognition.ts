import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CredentialStatus, SignedCredential } from '../../src/credential/types.js'
import { parsePathway } from '../../src/model/parse.js'
import type { Educator } from '../../src/model/submission.js'
import { signDataIntegrity } from '../../src/sign/data-integrity.js'
import { DirectoryStore } from '../../src/status/directory-store.js'
import { allocateStatus, publishStatusLists } from '../../src/status/status-list.js'
import { parseTrustList, type TrustList } from '../../src/verify/trust-list.js'
import { exampleAssessment, exampleTemplate, readJson } from './examples.js'
import { awardedCredential, issuer } from './issue.js'

export const STATUS_BASE = 'https://district.example.org/status'
export const pathway = parsePathway(readJson('examples/pathways/formative-assessment-leader.json'))
export const gestures = exampleTemplate('checking-understanding-gestures')
export const executive = exampleTemplate('supporting-executive-function')
export const formative = exampleTemplate('formative-data-personalize-learning')

export const ANA: Educator = { id: 'did:example:educator-ana-rivera', name: 'Ana Rivera', email: 'ana.rivera@district.example.org' }
/** Ana known only by her email: badges carry a salted hash and no subject id. */
export const ANA_BY_EMAIL: Educator = { name: 'Ana Rivera', email: 'ana.rivera@district.example.org' }
export const BEN: Educator = { id: 'did:example:educator-ben-okafor', name: 'Ben Okafor', email: 'ben.okafor@district.example.org' }

/** The district that really issues (did:key), under the name the recognizer knows it by. */
export const DISTRICT_NAME = 'Springfield Public Schools (District 186, approved 2026)'

export async function districtTrust(extra: { id: string; name: string; achievements?: string[]; keys?: string[] }[] = []): Promise<TrustList> {
  const { key } = await issuer('EdDSA', 'district')
  return parseTrustList({ issuers: [{ id: key.issuerId, name: DISTRICT_NAME }, ...extra] })
}

export interface MemberBadgeOptions {
  /** Which cached issuer signs. @default 'district' */
  issuerName?: string
  template?: typeof gestures
  educator?: Educator
  id?: string
  validFrom?: Date
  validUntil?: Date
  salt?: string
  credentialStatus?: CredentialStatus
}

/** A signed member badge: the awarded gestures credential re-pointed at `template`, for `educator`. */
export async function memberBadge(options: MemberBadgeOptions = {}): Promise<SignedCredential> {
  const { issuerName = 'district', template = gestures, educator = ANA } = options
  const { key, signer } = await issuer('EdDSA', issuerName)
  const { submission } = exampleAssessment('gestures-award')
  const base = await awardedCredential(key, {
    submission: { ...submission, educator },
    id: options.id ?? credentialId(),
    ...(options.validFrom && { validFrom: options.validFrom }),
    ...(options.validUntil && { validUntil: options.validUntil }),
    ...(options.salt && { identitySalt: options.salt }),
    ...(options.credentialStatus && { credentialStatus: options.credentialStatus }),
  })
  const credential = {
    ...base,
    name: template.title,
    credentialSubject: { ...base.credentialSubject, achievement: { ...base.credentialSubject.achievement, id: template.id, name: template.title } },
  }
  return signDataIntegrity(credential, { signer })
}

/** A status store for the district with a function that publishes its signed lists. */
export async function districtStatus() {
  const { key, signer } = await issuer('EdDSA', 'district')
  const store = await DirectoryStore.open(mkdtempSync(join(tmpdir(), 'microcred-recognition-')))
  return {
    store,
    allocate: (credentialId: string) => allocateStatus(store, { credentialId, baseUrl: STATUS_BASE }),
    lists: async () => new Map((await publishStatusLists(store, { baseUrl: STATUS_BASE, issuerId: key.issuerId, signer, validFrom: new Date('2026-10-20T00:00:00Z') })).map((l) => [l.url, l.credential as unknown])),
  }
}

let counter = 0
/** A fresh credential id. */
export function credentialId(): string {
  counter++
  return `urn:uuid:30000000-0000-4000-8000-${String(counter).padStart(12, '0')}`
}
