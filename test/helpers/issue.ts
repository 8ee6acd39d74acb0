import { decideAssessment } from '../../src/assessment/decide.js'
import { finalizeDecision } from '../../src/assessment/finalize.js'
import { type BuildCredentialOptions, buildCredential } from '../../src/credential/build.js'
import type { OpenBadgeCredential } from '../../src/credential/types.js'
import { generateIssuerKey, type IssuerKey } from '../../src/keys/issuer-keys.js'
import type { SigningAlgorithm } from '../../src/keys/jwk.js'
import { type Signer, signerFromJwk } from '../../src/sign/signer.js'
import { exampleAssessment, exampleTemplate } from './examples.js'

export const NOW = new Date('2026-11-01T00:00:00Z')
export const DECIDED_AT = new Date('2026-10-10T12:00:00Z')

/** The awarded example (gestures) as an unsigned credential for the given issuer key. */
export async function awardedCredential(key: IssuerKey, overrides: Partial<BuildCredentialOptions> = {}): Promise<OpenBadgeCredential> {
  const template = exampleTemplate('checking-understanding-gestures')
  const input = exampleAssessment('gestures-award')
  const decision = decideAssessment(template.rubric, input)
  const issuer = overrides.issuer ?? { id: key.issuerId, name: 'Springfield Public Schools', url: 'https://district.example.org' }
  // The issuer of record is the credential's issuer (buildCredential refuses anything else).
  const final = finalizeDecision(decision, { issuerOfRecord: { id: issuer.id, name: issuer.name }, at: DECIDED_AT })
  return buildCredential({
    template,
    decision: final,
    submission: input.submission,
    issuer,
    id: 'urn:uuid:5b0f3a0e-8d0c-4b7e-9a65-0c6f0a1d2e3f',
    identitySalt: 'test-salt',
    ...overrides,
  })
}

const keys = new Map<string, Promise<{ key: IssuerKey; signer: Signer }>>()

/** A cached did:key issuer (Ed25519 or P-256) or did:web issuer (RSA) with its signer. */
export function issuer(algorithm: SigningAlgorithm = 'EdDSA', name = 'default') {
  const cacheKey = `${algorithm}/${name}`
  let entry = keys.get(cacheKey)
  if (!entry) {
    entry = (async () => {
      const key = await generateIssuerKey({
        algorithm,
        identifier: algorithm === 'RS256' ? { method: 'did:web', host: 'district.example.org' } : { method: 'did:key' },
      })
      return { key, signer: await signerFromJwk(key.privateJwk, { id: key.verificationMethod }) }
    })()
    keys.set(cacheKey, entry)
  }
  return entry
}
