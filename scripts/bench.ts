// npm run bench [-- --json]: microcred against the raw libraries, side by side in one process run.
// Every throughput number is the median of 5 runs, each in a fresh worker thread (no shared jsonld state).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { credential, date, dist, privateJwk, verificationMethod } from './bench/fixtures.mjs'

const json = process.argv.includes('--json')
const RUNS = 5
const MS = Number(process.env.BENCH_MS ?? 1500)
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

const ours = await import(dist)
const signer = await ours.signerFromJwk(privateJwk, { id: verificationMethod })
const signed = await ours.signDataIntegrity(credential, { signer, created: date })
const jwt = await ours.signVcJwt(credential, { signer })
// Many badges sharing one status list: a signed BitstringStatusListCredential of the same issuer
// (131,072 entries, signed by the raw stack so neither side signs its own input) and a badge pointing into it.
const { statusBadge, statusList } = await (async () => {
  const { createCredential, createList } = await import('@digitalbazaar/vc-bitstring-status-list')
  const { rawStack } = await import('./bench/raw-stack.mjs')
  const url = 'https://district.example.org/status/revocation-1'
  const unsignedList = { ...(await createCredential({ id: url, list: await createList({ length: 131_072 }), statusPurpose: 'revocation' })), issuer: credential.issuer.id, validFrom: '2025-12-01T00:00:00Z', validUntil: '2026-12-31T00:00:00Z' }
  const list = await (await rawStack()).issue(unsignedList)
  const credentialStatus = { id: `${url}#4242`, type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '4242', statusListCredential: url }
  return { statusList: list, statusBadge: await ours.signDataIntegrity({ ...credential, credentialStatus }, { signer, created: date }) }
})()

function measure(metric: string, side: 'ours' | 'baseline'): Promise<number> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./bench/worker.mjs', import.meta.url), { workerData: { metric, side, ms: MS, signed, jwt, statusBadge, statusList } })
    worker.once('message', resolve)
    worker.once('error', reject)
  })
}

async function throughput(metric: string, baselineMetric = metric) {
  const o: number[] = []
  const b: number[] = []
  for (let i = 0; i < RUNS; i++) {
    // Alternate sides so drift on the machine hits both equally.
    b.push(await measure(baselineMetric, 'baseline'))
    o.push(await measure(metric, 'ours'))
  }
  return { ours: median(o), baseline: median(b) }
}

const rows: { name: string; ours: number; baseline: number | null; ratio: number | null; unit: string }[] = []
const emit = (name: string, oursValue: number, baseline: number | null, unit: string) => {
  const row = { name, ours: Number(oursValue.toFixed(1)), baseline: baseline === null ? null : Number(baseline.toFixed(1)), ratio: baseline === null ? null : Number((oursValue / baseline).toFixed(2)), unit }
  rows.push(row)
  if (json) console.log(JSON.stringify({ name: row.name, ours: row.ours, baseline: row.baseline, ratio: row.ratio }))
}

const diIssue = await throughput('di-issue')
emit('di-issue', diIssue.ours, diIssue.baseline, 'ops/s')
const diVerify = await throughput('di-verify')
emit('di-verify', diVerify.ours, diVerify.baseline, 'ops/s')
const diVerifyStatus = await throughput('di-verify-status')
emit('di-verify-status', diVerifyStatus.ours, diVerifyStatus.baseline, 'ops/s')
const pooled = async (metric: string) => {
  const runs: number[] = []
  for (let i = 0; i < RUNS; i++) runs.push(await measure(metric, 'ours'))
  return median(runs)
}
// Pool baselines: the raw stack on one thread, as measured above.
emit('di-issue-pool', await pooled('di-issue-pool'), diIssue.baseline, 'ops/s')
emit('di-verify-pool', await pooled('di-verify-pool'), diVerify.baseline, 'ops/s')
const jwtIssue = await throughput('jwt-issue')
emit('jwt-issue', jwtIssue.ours, jwtIssue.baseline, 'ops/s')
const jwtIssueJsonLd = await throughput('jwt-issue-jsonld', 'jwt-issue')
emit('jwt-issue-jsonld', jwtIssueJsonLd.ours, jwtIssueJsonLd.baseline, 'ops/s')
const jwtVerify = await throughput('jwt-verify')
emit('jwt-verify', jwtVerify.ours, jwtVerify.baseline, 'ops/s')

const dir = mkdtempSync(join(tmpdir(), 'microcred-bench-'))
writeFileSync(join(dir, 'badge.jwt'), jwt)
writeFileSync(join(dir, 'badge.json'), JSON.stringify(signed))
const script = new URL('./bench/cold-start.mjs', import.meta.url).pathname
// Fresh `node` processes, each printing one number: the median of 5.
const medianOfProcesses = (args: string[]) => median(Array.from({ length: 5 }, () => Number(execFileSync(process.execPath, args, { encoding: 'utf8' }).trim())))
const cold = (kind: string, file: string) => medianOfProcesses([script, kind, join(dir, file)])
// For scale: how long a bare `node` takes to reach its first line on this machine right now.
emit('node-boot-ms', medianOfProcesses(['-e', 'console.log(performance.now())']), null, 'ms')
emit('cold-start-jwt-ms', cold('jwt', 'badge.jwt'), null, 'ms')
emit('cold-start-di-ms', cold('di', 'badge.json'), null, 'ms')
const allocScript = new URL('./bench/alloc.mjs', import.meta.url).pathname
const alloc = (side: string, kind: string) => Number(execFileSync(process.execPath, ['--expose-gc', '--max-semi-space-size=64', allocScript, side, kind], { encoding: 'utf8' }).trim())
const cohort = (kind: string) => JSON.parse(execFileSync(process.execPath, [new URL('./bench/cohort.mjs', import.meta.url).pathname, '10000', kind], { encoding: 'utf8' }).trim()).seconds as number
// Bytes allocated per issuance; the raw stack's figure is printed beside it for scale. Allocation and
// cohort time grow with the credential, so both are given for the micro-credential (the rows named
// in the issue) and for the 1EdTech test vector's small credential (\`-spec\`).
emit('di-alloc-kib', alloc('ours', 'micro'), alloc('raw', 'micro'), 'KiB/op')
emit('di-alloc-kib-spec', alloc('ours', 'spec'), alloc('raw', 'spec'), 'KiB/op')
emit('cohort-10k-s', cohort('micro'), null, 's')
emit('cohort-10k-spec-s', cohort('spec'), null, 's')

if (!json) {
  console.log(`microcred ${JSON.parse(execFileSync('npm', ['pkg', 'get', 'version'], { encoding: 'utf8' }))} · Node ${process.version} · ${cpus()[0]?.model ?? 'cpu'} × ${availableParallelism()} · medians of ${RUNS}`)
  console.log('| benchmark | microcred | raw baseline | ratio |')
  console.log('|---|---:|---:|---:|')
  for (const r of rows) console.log(`| ${r.name} | ${r.ours} ${r.unit} | ${r.baseline === null ? '—' : `${r.baseline} ${r.unit}`} | ${r.ratio === null ? '—' : `${r.ratio}×`} |`)
}
