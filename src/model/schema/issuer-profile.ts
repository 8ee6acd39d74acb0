import { type Static, Type } from '@sinclair/typebox'

const NonEmpty = Type.String({ minLength: 1 })

/**
 * The issuer's profile file (`microcred issue --issuer-profile FILE`): what a hiring district reads
 * about the issuer in every credential. `id` may be left out: the signing key names the issuer.
 */
export const IssuerProfileSchema = Type.Object(
  {
    /** The issuer's DID or URL; when given it must be the signing key's issuer. */
    id: Type.Optional(Type.String({ format: 'uri' })),
    name: NonEmpty,
    url: Type.Optional(Type.String({ pattern: '^https://', format: 'uri' })),
    email: Type.Optional(Type.String({ format: 'email' })),
    description: Type.Optional(NonEmpty),
    /** The issuer's logo: an https URL or a `data:image/` URI. */
    image: Type.Optional(Type.String({ pattern: '^(https://|data:image/)' })),
    otherIdentifier: Type.Optional(
      Type.Array(Type.Object({ identifier: NonEmpty, identifierType: NonEmpty }, { additionalProperties: false })),
    ),
  },
  { $id: 'https://microcred.dev/schemas/issuer-profile.schema.json', additionalProperties: false },
)
export type IssuerProfile = Static<typeof IssuerProfileSchema>
