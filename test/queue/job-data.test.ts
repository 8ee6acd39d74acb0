import { describe, expect, it } from 'vitest'
import { credentialIdOf, parseIssuanceJob } from '../../src/queue/job-data.js'

const rowKey = 'a'.repeat(64)
const valid = {
  v: 1,
  rowKey,
  credentialId: credentialIdOf(rowKey),
  row: { row: 1, name: 'Ana', did: 'did:example:ana' },
  template: { id: 'urn:example:t', digest: 'b'.repeat(64) },
  issuer: { name: 'District', url: 'https://district.example.org' },
  formats: ['di', 'jwt'],
  issuedAt: '2026-10-15T09:00:00Z',
  identitySalt: 'c'.repeat(32),
}

describe('parseIssuanceJob', () => {
  it('accepts a well-formed job, and the credential id is a stable UUIDv5 of the row key', () => {
    expect(parseIssuanceJob(valid)).toEqual(valid)
    expect(credentialIdOf(rowKey)).toBe(credentialIdOf(rowKey))
    expect(credentialIdOf(rowKey)).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-/)
    expect(credentialIdOf('d'.repeat(64))).not.toBe(credentialIdOf(rowKey))
  })

  it.each([
    ['a credential id not derived from the row key', { credentialId: credentialIdOf('d'.repeat(64)) }],
    ['a malformed row key', { rowKey: 'x' }],
    ['an unknown format', { formats: ['pdf'] }],
    ['a non-https issuer url', { issuer: { name: 'D', url: 'javascript:alert(1)' } }],
    ['an extra property', { extra: true }],
    ['a local time', { issuedAt: '2026-10-15 09:00' }],
  ])('refuses %s with ERR_OB_INPUT_INVALID', (_, change) => {
    expect(() => parseIssuanceJob({ ...valid, ...change })).toThrow(expect.objectContaining({ code: 'ERR_OB_INPUT_INVALID' }))
  })

  it('refuses non-objects', () => {
    for (const value of [null, 'job', 42, []]) expect(() => parseIssuanceJob(value)).toThrow(expect.objectContaining({ code: 'ERR_OB_INPUT_INVALID' }))
  })
})
