import { open } from 'node:fs/promises'
import { InputTooLarge } from '../errors.js'
import { parseArgs } from 'node:util'
import { terminalSafe } from './format.js'
import { InputInvalid, ParseFailed, UsageInvalid } from '../errors.js'
import { closest } from './suggest.js'

/** Exit codes: 0 success / positive outcome, 1 negative outcome, 2 usage or input error. */
export const EXIT = { ok: 0, negative: 1, usage: 2 } as const

/** Where the CLI reads and writes (injectable for tests). */
export interface CliIo {
  stdout: (text: string) => void
  stderr: (text: string) => void
  readStdin: () => Promise<Uint8Array>
}

/** A usage mistake (`ERR_OB_USAGE`): exit code 2 with a one-line message that points to --help. */
export class UsageError extends UsageInvalid {}

/** How many positional arguments a command takes: exactly n, or from `min` to `max` (no upper bound without one). */
export type Arity = number | { min: number; max?: number }

type OptionSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>

/**
 * The one argument parser of the CLI: node:util `parseArgs`, strict, plus `--json`. Its own messages
 * ("Unknown option '--x'. To specify a positional argument…") become one-line usage errors, with
 * the closest known option for a typo; a single-value option given twice is refused (only options
 * declared `multiple` are repeatable).
 */
export function args<T extends OptionSpec>(argv: string[], options: T, positionals: Arity) {
  const spec = { ...options, json: { type: 'boolean' as const } }
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: T & { json: { type: 'boolean' } }; allowPositionals: true; strict: true; tokens: true }>>
  try {
    parsed = parseArgs({ args: argv, options: spec, allowPositionals: true, strict: true, tokens: true })
  } catch (cause) {
    if (!(cause as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) throw cause
    throw new UsageError(`${parserMessage((cause as Error).message)}${guessFor(cause as Error, Object.keys(spec))}`, { cause })
  }
  refuseRepeated(parsed.tokens, spec)
  const count = parsed.positionals.length
  const [min, max] = typeof positionals === 'number' ? [positionals, positionals] : [positionals.min, positionals.max ?? Number.POSITIVE_INFINITY]
  if (count < min || count > max) {
    const expected = min === max ? String(min) : max === Number.POSITIVE_INFINITY ? `at least ${min}` : `${min} to ${max}`
    throw new UsageError(`expected ${expected} argument(s), got ${count}${count > 0 ? ` (${parsed.positionals.map((p) => JSON.stringify(p)).join(' ')})` : ''}`)
  }
  return parsed
}

/** "; did you mean --json?" for an unknown long option close to a known one. */
function guessFor(error: Error, known: readonly string[]): string {
  const unknown = /^Unknown option '--([^'=]+)'/.exec(error.message)?.[1]
  const guess = unknown === undefined ? undefined : closest(unknown, [...known, 'help'])
  return guess ? `; did you mean --${guess}?` : ''
}

/** A single-value option given twice would silently keep the last value: say so instead. */
function refuseRepeated(tokens: readonly { kind: string; name?: string; value?: string | undefined }[], spec: OptionSpec): void {
  const seen = new Map<string, string | undefined>()
  for (const token of tokens) {
    if (token.kind !== 'option' || token.name === undefined) continue
    const option = spec[token.name]
    if (option?.type !== 'string' || option.multiple) continue
    if (seen.has(token.name)) throw new UsageError(`--${token.name} is given twice (${JSON.stringify(seen.get(token.name))}, then ${JSON.stringify(token.value)}); give it once`)
    seen.set(token.name, token.value)
  }
}

/** Node's parser message, first sentence, with the option quoted our way. */
function parserMessage(message: string): string {
  const first = message.split(/\.\s/)[0]!.replace(/\.$/, '')
  return first.charAt(0).toLowerCase() + first.slice(1)
}

/** A flag the command cannot do without. */
export function required<T>(value: T | undefined, flag: string, why = ''): T {
  if (value === undefined || (typeof value === 'string' && value.trim() === '')) throw new UsageError(`${flag} is required${why ? ` (${why})` : ''}`)
  return value
}

/**
 * A flag's web address, refused up front when it cannot work: https, or plain http only where
 * `http` allows it (`loopback`: this machine, for testing; `any`: a page anyone may link to).
 */
export function webAddress(value: string, flag: string, { http = 'never' }: { http?: 'never' | 'loopback' | 'any' } = {}): string {
  let url: URL | undefined
  try {
    url = new URL(value)
  } catch {}
  const loopback = url !== undefined && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)
  const plain = url?.protocol === 'http:' && (http === 'any' || (http === 'loopback' && loopback))
  if (url?.protocol !== 'https:' && !plain) throw new UsageError(`${flag} must be ${http === 'any' ? 'an http(s)' : 'an https'} URL (got "${value}")`)
  return value
}

export async function readJsonFile(path: string): Promise<unknown> {
  const text = await readText(path)
  try {
    return JSON.parse(text)
  } catch (cause) {
    throw new ParseFailed(`"${path}" is not valid JSON: ${(cause as Error).message}`, { cause })
  }
}

/**
 * The most bytes the CLI reads from one file or from stdin: `MICROCRED_MAX_INPUT_BYTES`, else 4 MiB
 * (`verify --max-input-bytes N` sets it for one run).
 */
export function maxInputBytes(): number {
  const fromEnv = Number(process.env.MICROCRED_MAX_INPUT_BYTES)
  return Number.isSafeInteger(fromEnv) && fromEnv > 0 ? fromEnv : 4 * 1024 * 1024
}

/**
 * A file's bytes, or an input error naming the file and the reason (ENOENT, EACCES…). Reads at most
 * `maxBytes` (`ERR_OB_INPUT_TOO_LARGE` beyond), counting while reading, so a pipe or a device cannot
 * make it read without end.
 */
export async function readBytes(path: string, maxBytes = maxInputBytes()): Promise<Uint8Array> {
  let handle: Awaited<ReturnType<typeof open>>
  try {
    handle = await open(path, 'r')
  } catch (cause) {
    throw new InputInvalid(`cannot read "${path}": ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`, { cause })
  }
  try {
    // Opening a folder succeeds; reading it fails with EISDIR: say what it is instead.
    if ((await handle.stat()).isDirectory()) throw new InputInvalid(`cannot read "${path}": it is a folder, not a file`)
    const chunks: Uint8Array[] = []
    let total = 0
    for (;;) {
      const chunk = new Uint8Array(64 * 1024)
      const { bytesRead } = await handle.read(chunk, 0, chunk.byteLength, null)
      if (bytesRead === 0) break
      total += bytesRead
      if (total > maxBytes) throw new InputTooLarge(`"${path}" is larger than ${maxBytes} bytes (set MICROCRED_MAX_INPUT_BYTES to read more)`)
      chunks.push(chunk.subarray(0, bytesRead))
    }
    return Buffer.concat(chunks)
  } catch (cause) {
    if (cause instanceof InputTooLarge || cause instanceof InputInvalid) throw cause
    throw new InputInvalid(`cannot read "${path}": ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`, { cause })
  } finally {
    await handle.close()
  }
}

export async function readText(path: string): Promise<string> {
  return new TextDecoder().decode(await readBytes(path))
}

export function print(io: CliIo, json: boolean | undefined, value: unknown, text: string): void {
  // Text may quote a badge (names, messages): no control sequence of its reaches the terminal.
  io.stdout(json ? `${JSON.stringify(value, null, 2)}\n` : `${terminalSafe(text)}\n`)
}

/** Reads the badges one at a time: each may be up to the input limit, and a folder may hold thousands. */
export async function readBadges(paths: string[]): Promise<Uint8Array[]> {
  const badges: Uint8Array[] = []
  for (const path of paths) badges.push(await readBytes(path))
  return badges
}
