import { readFile } from 'node:fs/promises'
import { InputTooLarge, isObError, ValidationError, type ValidationProblem } from '../errors.js'
import { type CliIo, EXIT, maxInputBytes, UsageError } from './args.js'
import { COMMAND_HELP, helpKeyOf, renderHelp, wantsHelp } from './help.js'
import { terminalSafe } from './format.js'
import { closest } from './suggest.js'
import { asInputError } from './system-errors.js'
import { assess, lint } from './commands/assess.js'
import { bake, page, share, unbake, verify } from './commands/badge.js'
import { decide } from './commands/decide.js'
import { issue } from './commands/issue.js'
import { keys } from './commands/keys.js'
import { publish } from './commands/publish.js'
import { serveCommand } from './commands/serve.js'
import { queueCommand } from './commands/queue.js'
import { endorse, pathwayCommand, report, status } from './commands/trust.js'

export { type CliIo, EXIT } from './args.js'

type Command = (argv: string[], io: CliIo) => Promise<number>

/** Every command the CLI dispatches; each has an entry in COMMAND_HELP (checked by a test). */
export const COMMANDS: Readonly<Record<string, Command>> = Object.freeze({
  lint,
  assess,
  decide,
  keys,
  issue,
  verify,
  bake,
  unbake,
  share,
  page,
  status,
  endorse,
  pathway: pathwayCommand,
  report,
  serve: serveCommand,
  publish,
  queue: queueCommand,
})

const OVERVIEW = () => `microcred — educator micro-credentials as Open Badges 3.0

Usage: microcred <command> [options]        microcred <command> --help for its options and an example

Commands:
${Object.keys(COMMANDS)
  .map((name) => `  ${name.padEnd(10)} ${COMMAND_HELP[name]?.summary ?? ''}`)
  .join('\n')}

Options: --json (machine-readable output; errors as {"error":{"code","message"}} on stdout), --help, --version
Exit codes: 0 success or positive outcome, 1 negative outcome, 2 usage or input error.`

/**
 * Runs the CLI and returns its exit code; never throws. Every failure is one line on stderr (with
 * `--json`, `{"error":{"code","message"}}` on stdout instead) and exit code 2.
 * @example
 * process.exitCode = await runCli(process.argv.slice(2))
 */
export async function runCli(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [command = '', ...rest] = argv
  try {
    return await dispatch(command, rest, io)
  } catch (error) {
    // A usage error names the (sub)command typed and points at its own help: `status revoke`, not `status`.
    reportError(asInputError(error) ?? error, Object.hasOwn(COMMANDS, command) ? helpKeyOf(command, rest) : '', argv.includes('--json'), io)
    return EXIT.usage
  }
}

async function dispatch(command: string, rest: string[], io: CliIo): Promise<number> {
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    const topic = command === 'help' ? rest[0] : undefined
    io.stdout(`${topic && topic in COMMANDS ? renderHelp(helpKeyOf(topic, rest.slice(1))) : OVERVIEW()}\n`)
    return command ? EXIT.ok : EXIT.usage
  }
  if (command === '--version') {
    io.stdout(`${await packageVersion()}\n`)
    return EXIT.ok
  }
  const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined
  if (!run) {
    const guess = closest(command, Object.keys(COMMANDS))
    throw new UsageError(`unknown command "${command}"${guess ? `; did you mean "${guess}"?` : ''}`)
  }
  if (wantsHelp(rest)) {
    io.stdout(`${renderHelp(helpKeyOf(command, rest))}\n`)
    return EXIT.ok
  }
  return await run(rest, io)
}

/**
 * One line on stderr, or the error as JSON on stdout; a usage error points to the help of `command`
 * (a help key, "status revoke"). A refused document's problems are all in the JSON (`problems`); the
 * line lists the first ten and says how many more there are.
 */
function reportError(error: unknown, command: string, json: boolean, io: CliIo): void {
  const code = isObError(error) ? error.code : 'ERR_OB_GENERIC'
  const problems = problemsOf(error)
  // The JSON carries every problem beside the message; the text line lists more of them itself.
  const text = !json && error instanceof ValidationError ? error.listProblems(TEXT_PROBLEMS, (left) => ` (+${left} more; --json lists them all)`) : undefined
  const firstLine = terminalSafe((text ?? (error instanceof Error ? error.message : String(error))).split('\n')[0]!)
  const message = code === 'ERR_OB_USAGE' ? `${firstLine} (see microcred ${command ? `${command} ` : ''}--help)` : firstLine
  if (json) io.stdout(`${JSON.stringify({ error: { code, message, ...(problems.length > 0 ? { problems } : {}) } })}\n`)
  else io.stderr(code === 'ERR_OB_USAGE' ? `microcred${command ? ` ${command}` : ''}: ${message}\n` : `microcred: ${code}: ${message}\n`)
  if (process.env.MICROCRED_DEBUG && error instanceof Error) io.stderr(`${[...problems.map((p) => `  ${p.path || '/'}: ${p.message}`), error.stack].join('\n')}\n`)
}

/** Problems the text line lists before "(+N more; --json lists them all)". */
const TEXT_PROBLEMS = 10

/** The `problems` of a validation error (also one from another copy of microcred), as plain data. */
function problemsOf(error: unknown): ValidationProblem[] {
  const problems: unknown = isObError(error) ? (error as { problems?: unknown }).problems : undefined
  if (!Array.isArray(problems)) return []
  return problems.filter((p): p is ValidationProblem => typeof p?.path === 'string' && typeof p.message === 'string').map(({ path, message }) => ({ path, message }))
}

async function packageVersion(): Promise<string> {
  for (const candidate of ['../package.json', '../../package.json']) {
    try {
      return (JSON.parse(await readFile(new URL(candidate, import.meta.url), 'utf8')) as { version: string }).version
    } catch {}
  }
  return 'unknown'
}

function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin: async () => {
      const chunks: Buffer[] = []
      let total = 0
      const max = maxInputBytes()
      for await (const chunk of process.stdin) {
        total += (chunk as Buffer).byteLength
        if (total > max) throw new InputTooLarge(`stdin is larger than ${max} bytes (set MICROCRED_MAX_INPUT_BYTES to read more)`)
        chunks.push(chunk as Buffer)
      }
      return Buffer.concat(chunks)
    },
  }
}

