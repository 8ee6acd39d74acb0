import { describe, expect, it } from 'vitest'
import { linkedInAddToProfileUrl, linkedInShareUrl } from '../../src/share/linkedin.js'
import { awardedCredential, issuer } from '../helpers/issue.js'

describe('LinkedIn', async () => {
  const { key } = await issuer()
  const credential = await awardedCredential(key, { validUntil: new Date('2029-12-31T00:00:00Z') })

  it('builds the add-to-profile URL with every value encoded and a 1-based month', () => {
    const url = new URL(linkedInAddToProfileUrl(credential, { certUrl: 'https://badges.example.org/c?id=1&x=é' }))
    expect(url.origin + url.pathname).toBe('https://www.linkedin.com/profile/add')
    expect(Object.fromEntries(url.searchParams)).toEqual({
      startTask: 'CERTIFICATION_NAME',
      name: 'Checking for Understanding Using Gestures',
      organizationName: 'Springfield Public Schools',
      issueYear: '2026',
      issueMonth: '10',
      expirationYear: '2029',
      expirationMonth: '12',
      certUrl: 'https://badges.example.org/c?id=1&x=%C3%A9',
      certId: credential.id,
    })
  })

  it('prefers the organization id from issuer.otherIdentifier', async () => {
    const withOrg = await awardedCredential(key, {
      issuer: { id: key.issuerId, name: 'Springfield', otherIdentifier: [{ identifier: '98765', identifierType: 'ext:LinkedInOrganizationId' }] },
    })
    const url = new URL(linkedInAddToProfileUrl(withOrg, { certUrl: 'https://badges.example.org/c/1' }))
    expect(url.searchParams.get('organizationId')).toBe('98765')
    expect(url.searchParams.has('organizationName')).toBe(false)
  })

  it('feed share URL; refuses a non-http certUrl', () => {
    expect(linkedInShareUrl('https://badges.example.org/c/1')).toBe('https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Fbadges.example.org%2Fc%2F1')
    expect(() => linkedInAddToProfileUrl(credential, { certUrl: 'javascript:alert(1)' })).toThrow(RangeError)
  })
})
