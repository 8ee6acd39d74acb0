import type { CliIo } from '../../src/cli/args.js'
import { runCli } from '../../src/cli/main.js'

/** What a command run printed, and its exit code. */
export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

/** A `CliIo` that collects what a command writes in `out`; `stdin` is what it reads from `-`. */
export function captureIo(stdin: Uint8Array = new Uint8Array()): { out: Omit<CliRun, 'code'>; io: CliIo } {
  const out = { stdout: '', stderr: '' }
  const io: CliIo = {
    stdout: (text) => {
      out.stdout += text
    },
    stderr: (text) => {
      out.stderr += text
    },
    readStdin: async () => stdin,
  }
  return { out, io }
}

/** `microcred …argv` in-process, with this text on stdin. */
export function cliReading(stdin: string): (...argv: string[]) => Promise<CliRun> {
  const bytes = new TextEncoder().encode(stdin)
  return async (...argv) => {
    const { out, io } = captureIo(bytes)
    const code = await runCli(argv, io)
    return { code, ...out }
  }
}

/** `microcred …argv` in-process, with nothing on stdin. */
export const cli = cliReading('')
