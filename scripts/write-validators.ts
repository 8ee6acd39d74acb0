// Precompiles the official 1EdTech OB 3.0 schemas into standalone Ajv validators
// (src/credential/generated/ob-validators.js). Compiling at build time keeps `new Function` out of
// run time (pages run under a strict CSP without 'unsafe-eval') and makes the first check fast.
import { writeFile } from 'node:fs/promises'
import { Ajv2019 } from 'ajv/dist/2019.js'
import achievementCredential from '../schemas/ob3/ob_v3p0_achievementcredential_schema.json' with { type: 'json' }
import endorsementCredential from '../schemas/ob3/ob_v3p0_endorsementcredential_schema.json' with { type: 'json' }
import profile from '../schemas/ob3/ob_v3p0_profile_schema.json' with { type: 'json' }
import { addFormats } from '../src/internal/ajv-formats.js'
import { standaloneModule } from './standalone.js'

const URLS = {
  achievementCredential: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json',
  endorsementCredential: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_endorsementcredential_schema.json',
  profile: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_profile_schema.json',
}
const strip = (schema: object) => {
  const { $id: _generatorId, ...rest } = schema as Record<string, unknown>
  return rest
}
const ajv = addFormats(new Ajv2019({ allErrors: true, strict: false, verbose: true, code: { source: true, esm: true } }))
ajv.addSchema(strip(achievementCredential), URLS.achievementCredential)
ajv.addSchema(strip(endorsementCredential), URLS.endorsementCredential)
ajv.addSchema(strip(profile), URLS.profile)
/** The generated module's text (a test pins the committed file to it). */
export function generateValidatorsSource(): string {
  return standaloneModule(ajv, URLS, 'scripts/write-validators.ts from schemas/ob3/ (npm run schemas:write)')
}

export const VALIDATORS_FILE = new URL('../src/credential/generated/ob-validators.js', import.meta.url)

if (import.meta.url === `file://${process.argv[1]}`) {
  await writeFile(VALIDATORS_FILE, generateValidatorsSource())
  console.log('src/credential/generated/ob-validators.js')
}
