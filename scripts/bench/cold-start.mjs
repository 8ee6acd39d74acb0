// Cold start: a fresh process imports microcred and verifies one badge; prints ms since process start.
import { readFileSync } from 'node:fs'

const [kind, file] = process.argv.slice(2)
const input = kind === 'jwt' ? readFileSync(file, 'utf8') : JSON.parse(readFileSync(file, 'utf8'))
// The verifier entry (`microcred/verify`): what a service that only checks badges imports.
const { verifyBadge } = await import(new URL('../../dist/verify/index.js', import.meta.url).href)
const report = await verifyBadge(input, { now: new Date('2026-01-01T00:00:00Z') })
if (!report.verified) throw new Error(`cold-start ${kind} badge did not verify`)
console.log(performance.now().toFixed(1))
