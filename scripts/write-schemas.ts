// Writes schemas/*.schema.json from the TypeBox schemas the types are derived from.
import { writeFile } from 'node:fs/promises'
import { MODEL_SCHEMAS, schemaFileText } from '../src/model/schemas.js'

for (const [file, schema] of Object.entries(MODEL_SCHEMAS)) {
  await writeFile(new URL(`../schemas/${file}`, import.meta.url), schemaFileText(schema))
  console.log(`schemas/${file}`)
}
