import { mkdir, readdir, readFile, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileAtomic } from '../io/atomic-write.js'
import type { VerifierScriptReference } from '../share/page.js'
import { sharedVerifierScript } from '../share/verifier-script.js'
import { IssuanceLog } from './issuance-log.js'

/** A batch's output folder, ready for rows: its issuance log open, and the pages' shared verifier written. */
export interface BatchOutput {
  log: IssuanceLog
  logPath: string
  /** Where each row's page loads the verifier from, when pages are written. */
  pageVerifier: VerifierScriptReference | undefined
}

/** Creates (or resumes) the output folder: clears a killed run's temp files, opens the log, writes the verifier once. */
export async function openBatchOutput(outDir: string, verifierScript: string | undefined): Promise<BatchOutput> {
  await mkdir(outDir, { recursive: true })
  await removeStaleTemps(outDir)
  const logPath = join(outDir, 'issuance-log.jsonl')
  const log = await IssuanceLog.open(logPath)
  const pageVerifier = verifierScript === undefined ? undefined : await writeSharedVerifier(outDir, verifierScript)
  return { log, logPath, pageVerifier }
}

/** Writes the verifier once beside the row directories; each row's page (one level down) loads it. */
async function writeSharedVerifier(outDir: string, script: string): Promise<VerifierScriptReference> {
  const { fileName, integrity } = await sharedVerifierScript(script)
  // Content-addressed: an existing file of that name already holds exactly this script.
  const existing = await readFile(join(outDir, fileName), 'utf8').catch(() => undefined)
  if (existing !== script) await writeFileAtomic(join(outDir, fileName), script)
  return { src: `../${fileName}`, integrity }
}

/** Removes temp files a killed run may have left (they never replaced a real file). */
async function removeStaleTemps(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.startsWith('.') && entry.name.endsWith('.tmp'))
      await unlink(join(entry.parentPath, entry.name)).catch(() => {})
  }
}
