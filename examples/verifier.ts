// For a verifier (an employer, a state agency, a platform that accepts badges): check a badge in
// any form, offline, with the issuer's published status lists.
// npx tsx examples/verifier.ts [BADGE] [STATUS_DIR]   (default: example-output/badge.png, example-output/status)
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { firstFailure, verifyBadge } from 'microcred/verify'

const badgePath = process.argv[2] ?? 'example-output/badge.png'
const statusDir = process.argv[3] ?? 'example-output/status'

// Status lists by their URL (a BitstringStatusListCredential's `id`), read from where you mirrored them.
const statusLists = new Map<string, unknown>()
for (const file of (await readdir(statusDir)).filter((f) => f.endsWith('.json'))) {
  const list = JSON.parse(await readFile(join(statusDir, file), 'utf8')) as { id?: unknown }
  if (typeof list.id === 'string') statusLists.set(list.id, list)
}

// JSON, a compact JWT, or a baked PNG/SVG: verifyBadge reads them all and never throws for a bad badge.
const report = await verifyBadge(await readFile(badgePath), { statusLists })
for (const check of report.checks) console.log(`  ${check.status.padEnd(7)} ${check.id}${check.code ? ` (${check.code})` : ''}`)
const failure = firstFailure(report)
console.log(report.verified ? `VERIFIED ${report.credential?.name ?? ''}` : `NOT VERIFIED: ${failure?.id}: ${failure?.message}`)
// A verified proof is not yet a trusted issuer: pin the issuers you accept (trustedIssuerKeys) in production.
if (!report.issuerKeyConfirmed) console.log('note: the signing key is not confirmed as the issuer’s')
process.exitCode = report.verified ? 0 : 1
