import type { ProfileInput } from '../credential/build.js'
import { IssuerInvalid } from '../errors.js'
import type { IssuerKey } from '../keys/issuer-keys.js'
import { parseIssuerProfile } from '../model/parse.js'
import type { IssuerProfile } from '../model/schema/issuer-profile.js'
import { readJsonFile, UsageError, webAddress } from './args.js'

/** The flags that say who the issuer is: `--issuer-profile FILE`, with `--issuer-name` and `--issuer-url` on top. */
export interface IssuerFlags {
  'issuer-profile'?: string
  'issuer-name'?: string
  'issuer-url'?: string
}

/**
 * Never a made-up issuer: the name comes from `--issuer-name` or the profile, else it is a usage
 * error (exit 2); `--issuer-url` is an https address, as the issuer profile requires.
 */
export function assertIssuerFlags(values: IssuerFlags, shownAs?: string): void {
  if (!values['issuer-name'] && !values['issuer-profile']) throw issuerNameRequired(shownAs)
  if (values['issuer-url'] !== undefined) webAddress(values['issuer-url'], '--issuer-url')
}

/** The issuer profile: the profile file (if any), with --issuer-name/--issuer-url on top; the key names the issuer. */
export async function issuerOf(values: IssuerFlags, key: IssuerKey): Promise<ProfileInput> {
  const profile = values['issuer-profile'] ? parseIssuerProfile(await readJsonFile(values['issuer-profile'])) : undefined
  if (profile?.id !== undefined && profile.id !== key.issuerId)
    throw new IssuerInvalid(`the issuer profile is for "${profile.id}", but the key signs for "${key.issuerId}"`)
  const name = values['issuer-name'] ?? profile?.name
  if (!name) throw issuerNameRequired()
  const { id: _id, ...rest }: Partial<IssuerProfile> = profile ?? {}
  return { ...rest, id: key.issuerId, name, ...(values['issuer-url'] ? { url: values['issuer-url'] } : {}) }
}

const issuerNameRequired = (shownAs = 'the issuer shown on the credential') => new UsageError(`--issuer-name NAME (or --issuer-profile FILE) is required: ${shownAs}`)
