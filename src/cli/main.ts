import { readFile } from 'node:fs/promises'
import { isObError } from '../errors.js'
import { type CliIo, EXIT, UsageError } from './args.js'
import { assess, lint } from './commands/assess.js'
import { bake, page, share, unbake, verify } from './commands/badge.js'
import { decide } from './commands/decide.js'
import { issue } from './commands/issue.js'
import { keys } from './commands/keys.js'
import { publish } from './commands/publish.js'
import { serveCommand } from './commands/serve.js'
import { endorse, pathwayCommand, report, status } from './commands/trust.js'

export { type CliIo, EXIT } from './args.js'

const HELP = `microcred — educator micro-credentials as Open Badges 3.0

Usage: microcred <command> [options]

Commands:
  lint TEMPLATE.json [--catalog FILE ...]       check a template against the five key questions
  assess TEMPLATE.json REVIEWS.json             check completeness, then combine reviews into a decision
  decide award|deny|reopen TEMPLATE.json REVIEWS.json --issuer-name NAME (--issuer-id ID | --key FILE)
         --trail AUDIT.json [--reason TEXT] [--out DECISION.json]
                                                the issuer of record's decision (an override needs --reason),
                                                appended to the audit trail (head kept in AUDIT.json.head)
  keys generate --alg Ed25519|ES256|RS256 [--did key|web:HOST | --url URL] --out FILE
                                                generate an issuer key (written with mode 0600)
  issue TEMPLATE.json REVIEWS.json --key FILE --issuer-name NAME [--format di|jwt] [--out FILE]
        [--decision DECISION.json [--trail AUDIT.json]] [--issuer-profile FILE] [--recipient-name]
                                                sign the awarded credential
  issue --batch ROSTER.csv --key FILE --out DIR [--format di|jwt|both] [--no-page] [--workers N]
                                                issue a cohort: resumable, crash-safe, logged
        [--wallet-url URL --wallet-state DIR]      …with wallet deep links, OpenID offers and QR codes per row
  verify FILE|- [--now DATE] [--trust FILE] [--allow-remote] [--accept-claimed-key] [--allow-unchecked-status]
                                                verify a badge (.json, .jwt, .png, .svg); the issuer's key must
                                                be confirmed (did:key, --trust FILE pins, or --allow-remote)
  bake CREDENTIAL IMAGE --out FILE              bake a credential into a PNG or SVG
  unbake IMAGE                                  print the credential baked in a PNG or SVG
  share linkedin CREDENTIAL --cert-url URL      print the LinkedIn add-to-profile URL
  status revoke|suspend|unsuspend CREDENTIAL_ID --reason TEXT --state DIR|URL
  status publish --state DIR|URL --key FILE --base-url URL --out DIR
                                                change or publish Bitstring status lists
  endorse --key FILE --endorser-name NAME --subject ID --comment TEXT [--out FILE]
                                                issue a recognizer's EndorsementCredential
  pathway check|issue PATHWAY.json BADGE... --trust FILE (--recipient ID | --email ADDR ...) [--key FILE --issuer-name NAME --out FILE]
                                                one educator's pathway over badges from approved issuers
  report --rules RULES.json --trust FILE [--educators FILE] BADGE... [--csv]
                                                PD hours / salary steps per educator, approved issuers only
  page CREDENTIAL --out FILE [--png BAKED.png] [--cert-url URL]
                                                write a self-contained, self-verifying HTML page
  serve --key FILE [--wallet-state DIR] [--public-url URL] [--site DIR] [--host 127.0.0.1] [--port 8080]
                                                run the wallet (VC-API, OpenID4VCI) and /verify endpoints
                                                and a published site
  publish --key FILE --base-url URL --out DIR --issuer-name NAME [--issuer-url URL --issuer-email E
        --issuer-image URL] [--state DIR] [--credentials BATCH_OUT ...]
                                                write the issuer's static site (profile, did.json, JWK set,
                                                achievements, status lists, credential pages)

Verify, pathway and report take --status-lists DIR (published status lists, read offline).
Issue takes --state DIR --status-base-url URL to give each credential a status entry.
--state is a directory, or a postgres://USER@HOST/DB?schema=NAME URL for a shared PostgreSQL store.
Options: --json (machine-readable output), --help, --version
Exit codes: 0 success or positive outcome, 1 negative outcome, 2 usage or input error.`

/**
 * Runs the CLI and returns its exit code; never throws.
 * @example
 * process.exitCode = await runCli(process.argv.slice(2))
 */
export async function runCli(argv: string[], io: CliIo = processIo()): Promise<number> {
  try {
    return await dispatch(argv, io)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    io.stderr(`microcred: ${isObError(error) ? `${error.code}: ` : ''}${message.split('\n')[0]}\n`)
    if (process.env.MICROCRED_DEBUG && error instanceof Error) io.stderr(`${error.stack}\n`)
    return EXIT.usage
  }
}

async function dispatch(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    io.stdout(`${HELP}\n`)
    return command ? EXIT.ok : EXIT.usage
  }
  if (command === '--version') {
    io.stdout(`${await packageVersion()}\n`)
    return EXIT.ok
  }
  try {
    switch (command) {
      case 'lint':
        return await lint(rest, io)
      case 'assess':
        return await assess(rest, io)
      case 'decide':
        return await decide(rest, io)
      case 'keys':
        return await keys(rest, io)
      case 'issue':
        return await issue(rest, io)
      case 'verify':
        return await verify(rest, io)
      case 'bake':
        return await bake(rest, io)
      case 'unbake':
        return await unbake(rest, io)
      case 'share':
        return await share(rest, io)
      case 'page':
        return await page(rest, io)
      case 'status':
        return await status(rest, io)
      case 'endorse':
        return await endorse(rest, io)
      case 'pathway':
        return await pathwayCommand(rest, io)
      case 'report':
        return await report(rest, io)
      case 'serve':
        return await serveCommand(rest, io)
      case 'publish':
        return await publish(rest, io)
      default:
        throw new UsageError(`unknown command "${command}" (see microcred --help)`)
    }
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`microcred ${command}: ${(error as Error).message}\n`)
      return EXIT.usage
    }
    throw error
  }
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
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
      return Buffer.concat(chunks)
    },
  }
}

