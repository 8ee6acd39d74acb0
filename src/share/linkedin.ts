import type { OpenBadgeCredential } from '../credential/types.js'

/** Identifier types under which a LinkedIn organization id may be kept in `issuer.otherIdentifier`. */
export const LINKEDIN_ORGANIZATION_ID_TYPES = ['ext:LinkedInOrganizationId', 'ext:linkedInOrganizationId'] as const

export interface LinkedInAddToProfileOptions {
  /** A public, human-readable verification page for the badge (LinkedIn does not read the VC). */
  certUrl: string
  /** LinkedIn numeric organization id; overrides the one in `issuer.otherIdentifier`. */
  organizationId?: string
}

/**
 * The LinkedIn "Add to profile" (Licenses & certifications) URL for a credential: `name`,
 * `organizationId` (from `issuer.otherIdentifier` when present, so the issuer's logo shows) or
 * `organizationName`, `issueYear`/`issueMonth` (1–12), `expirationYear`/`expirationMonth`,
 * `certUrl`, `certId`; every value URL-encoded.
 * @example
 * linkedInAddToProfileUrl(credential, { certUrl: 'https://badges.example.org/c/123' })
 */
export function linkedInAddToProfileUrl(credential: OpenBadgeCredential, { certUrl, organizationId }: LinkedInAddToProfileOptions): string {
  const url = new URL(certUrl)
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new RangeError(`certUrl must be an http(s) URL (got "${certUrl}")`)
  const issued = new Date(credential.awardedDate ?? credential.validFrom)
  const orgId =
    organizationId ??
    credential.issuer.otherIdentifier?.find((o) => (LINKEDIN_ORGANIZATION_ID_TYPES as readonly string[]).includes(o.identifierType))?.identifier
  const params = new URLSearchParams({ startTask: 'CERTIFICATION_NAME', name: credential.name ?? credential.credentialSubject.achievement.name })
  if (orgId) params.set('organizationId', orgId)
  else params.set('organizationName', credential.issuer.name ?? credential.issuer.id)
  params.set('issueYear', String(issued.getUTCFullYear()))
  params.set('issueMonth', String(issued.getUTCMonth() + 1))
  if (credential.validUntil) {
    const expires = new Date(credential.validUntil)
    params.set('expirationYear', String(expires.getUTCFullYear()))
    params.set('expirationMonth', String(expires.getUTCMonth() + 1))
  }
  params.set('certUrl', url.href)
  params.set('certId', credential.id)
  return `https://www.linkedin.com/profile/add?${params.toString()}`
}

/** The LinkedIn feed-share URL for a public page. */
export function linkedInShareUrl(pageUrl: string): string {
  return `https://www.linkedin.com/sharing/share-offsite/?${new URLSearchParams({ url: new URL(pageUrl).href }).toString()}`
}
