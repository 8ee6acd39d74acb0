import { SIGNING_ALGORITHMS } from '../keys/jwk.js'

/**
 * `microcred <command> [subcommand] --help`: one entry per command and subcommand, keyed as typed
 * ("keys generate", "status revoke"). A test checks that every dispatched command has an entry.
 */
export interface CommandHelp {
  /** The command line, options in [] when optional. */
  usage: string
  /** One sentence: what it does and what it prints. */
  summary: string
  /** [flag, meaning] pairs. `--json` and `--help` are added to every command. */
  options: readonly (readonly [string, string])[]
  /** A command line that works as written (with your own files). */
  example: string
  /**
   * Exit codes when they say more than 0 success / 2 usage or input error: every command that can
   * exit 1 says when (a test holds the README's table of these to this text).
   */
  exits?: string
}

const STATUS_LISTS: readonly [string, string] = ['--status-lists DIR', 'published status list credentials, read offline (one .json per list)']
const KEY: readonly [string, string] = ['--key FILE', 'the issuer key file (microcred keys generate)']
const STATE: readonly [string, string] = ['--state DIR|URL', 'issuer state: a folder, or a postgres:// URL (needs npm install pg)']
/** State that must exist already (made by issue --state): revoking or publishing never starts an empty store. */
const EXISTING_STATE: readonly [string, string] = ['--state DIR|URL', 'the existing issuer state (made by issue --state): a folder, or a postgres:// URL']

/** The signing algorithms as the API names them (`SIGNING_ALGORITHMS`). */
const ALGORITHMS = SIGNING_ALGORITHMS.join('|')

const LOCATION_OPTIONS: readonly [string, string] = ['--redis URL --queue NAME --prefix P', 'where the queue is (default MICROCRED_REDIS_URL or redis://127.0.0.1:6379, queue "microcred-issuance")']

/** Help for every command and subcommand, keyed by how it is typed. */
export const COMMAND_HELP: Readonly<Record<string, CommandHelp>> = Object.freeze({
  lint: {
    usage: 'microcred lint TEMPLATE.json [--catalog FILE ...]',
    summary: 'Check a micro-credential template against the five key questions.',
    options: [['--catalog FILE', 'other templates this one may reference as next steps (repeatable)']],
    example: 'microcred lint examples/templates/checking-understanding-gestures.json',
    exits: '0 no errors, 1 lint errors, 2 unreadable or malformed template',
  },
  assess: {
    usage: 'microcred assess TEMPLATE.json REVIEWS.json',
    summary: 'Check a submission is complete, then combine its reviews into a decision.',
    options: [],
    example: 'microcred assess template.json assessments/ana.json --json',
    exits: '0 award recommended, 1 any other outcome, 2 unreadable or malformed input',
  },
  decide: {
    usage: 'microcred decide award|deny|reopen TEMPLATE.json REVIEWS.json --issuer-name NAME (--issuer-id ID | --key FILE) --trail AUDIT.json [--reason TEXT] [--out DECISION.json] [--at DATE]',
    summary:
      "Record the issuer of record's decision in the audit trail (head kept in AUDIT.json.head) and print it with the message to the educator (--json: the decision record, the message in final.message). award follows award-recommended, reopen follows resubmit, deny follows denied; any other pairing is an override and needs --reason. The trail is the attempt history of each educator and micro-credential: after an award no new submission is accepted; after a reopened attempt N the next is N+1; after a denial a new submission starts over at attempt 1, once the next step's startOverAfter has passed; the latest submission may be decided again.",
    options: [
      ['--issuer-name NAME', 'the issuer of record (required)'],
      ['--issuer-id ID', 'who decides (or give --key FILE and its issuer id is used)'],
      KEY,
      ['--trail AUDIT.json', "the audit trail to append to, created if missing (required); keep one per programme: it is the educators' attempt history"],
      ['--reason TEXT', 'why, required when the decision overrides the recommendation'],
      ['--out DECISION.json', 'write the decision record (what issue --decision reads)'],
      ['--at DATE', 'when the decision was taken (default now)'],
    ],
    example: 'microcred decide award template.json ana.json --issuer-name "District PD Office" --key issuer.key.json --trail audit.json --out decision.json',
    exits: '0 decision recorded (whatever it is), 2 usage or input error: an override without --reason, an incomplete submission, an altered trail, a submission the trail refuses (ERR_OB_SUBMISSION_INVALID)',
  },
  keys: {
    usage: `microcred keys generate --alg ${ALGORITHMS} [--did key|web:HOST | --url URL] --out FILE [--force]`,
    summary: 'Manage issuer keys. Subcommands: generate.',
    options: [],
    example: 'microcred keys generate --alg EdDSA --out issuer.key.json',
  },
  'keys generate': {
    usage: `microcred keys generate --alg ${ALGORITHMS} [--did key|web:HOST | --url URL] --out FILE [--force]`,
    summary: 'Generate an issuer key file (mode 0600); with did:web or a URL, also the document to publish beside it.',
    options: [
      [`--alg ${ALGORITHMS}`, 'the signing algorithm, named as in the API (Ed25519 is accepted for EdDSA); default EdDSA'],
      ['--did key|web:HOST', 'identify the issuer as did:key (default) or did:web:HOST'],
      ['--url URL', 'identify the issuer by an https URL (a key document to publish there is written)'],
      ['--out FILE', 'where to write the key file (required)'],
      ['--force', 'replace an existing key file (its private key is lost)'],
    ],
    example: 'microcred keys generate --alg EdDSA --did web:badges.example.org --out issuer.key.json',
  },
  issue: {
    usage: 'microcred issue TEMPLATE.json REVIEWS.json --key FILE --issuer-name NAME [--format di|jwt] [--out FILE] | issue --batch ROSTER.csv --key FILE --issuer-name NAME --out DIR',
    summary: 'Sign the awarded credential for one assessment, or issue a whole roster (--batch: resumable, crash-safe, logged).',
    options: [
      KEY,
      ['--issuer-name NAME', 'the issuer shown on the credential (required unless --issuer-profile names it)'],
      ['--issuer-profile FILE', 'an OB 3.0 issuer Profile (JSON) to put on the credential'],
      ['--issuer-url URL', "the issuer's web site"],
      ['--format di|jwt|both', 'Data Integrity JSON (default; Ed25519 keys only) or VC-JWT (any key); both only with --batch'],
      ['--out FILE|DIR', 'where to write (default stdout; a folder with --batch, required there)'],
      ['--decision DECISION.json', 'issue what the issuer of record decided (microcred decide)'],
      ['--trail AUDIT.json', 'with --decision: the audit trail, checked and appended to'],
      ['--recipient-name', "put the educator's name in the credential"],
      ['--valid-until DATE', 'when the credential expires'],
      ['--batch ROSTER.csv', 'issue every row of a roster (checked whole before anything is signed)'],
      ['--roster-root DIR', "with --batch: a wider folder the roster's template/award paths may lead to (default: the roster's own folder; absolute paths only inside DIR)"],
      ['--no-page', 'with --batch: no HTML page per credential'],
      ['--page-base-url URL', 'with --batch: where pages will be published'],
      ['--workers N', 'with --batch: signing threads (default: the cores for 50+ rows; 0 = none)'],
      [STATE[0], `${STATE[1]}; with --status-base-url gives each credential a status entry`],
      ['--status-base-url URL', 'where the status lists will be published'],
      ['--wallet-url URL --wallet-state DIR', 'with --batch: wallet deep links, OpenID offers and QR codes per row'],
    ],
    example: 'microcred issue template.json ana.json --key issuer.key.json --issuer-name "District PD Office" --out ana.json',
    exits: '0 issued, 1 not awarded (or some roster rows failed), 2 usage or input error',
  },
  verify: {
    usage: 'microcred verify FILE|- [--now DATE] [--trust FILE] [--allow-remote] [--accept-claimed-key] [--allow-unchecked-status] [--status-lists DIR]',
    summary: "Verify a badge (.json, .jwt, .png, .svg, or - for stdin); the issuer's key must be confirmed (did:key, --trust pins, or --allow-remote).",
    options: [
      ['--now DATE', 'verify as of this date-time'],
      ['--trust FILE', 'a trust list: the issuers you trust (a badge from any other is not verified) and the keys pinned for them'],
      ['--allow-remote', 'fetch issuer documents, keys and status lists over https'],
      ['--accept-claimed-key', "accept a key the credential only claims is the issuer's (conformance testing)"],
      ['--allow-unchecked-status', 'do not fail when the status cannot be checked'],
      ['--require-confirmed-key', 'fail when the key is not confirmed as the issuer’s'],
      STATUS_LISTS,
    ],
    example: 'microcred verify badge.png --status-lists status/',
    exits: '0 verified, 1 not verified, 2 the input cannot be read or parsed as a credential',
  },
  bake: {
    usage: 'microcred bake CREDENTIAL [IMAGE] --out FILE',
    summary: 'Bake a credential (JSON or VC-JWT) into your PNG or SVG image, or, without IMAGE, into the default badge drawn for it.',
    options: [['--out FILE', 'the baked image (required); without IMAGE, .png or .svg says which to draw']],
    example: 'microcred bake badge.json --out badge.png',
  },
  unbake: {
    usage: 'microcred unbake IMAGE',
    summary: 'Print the credential baked into a PNG or SVG.',
    options: [],
    example: 'microcred unbake badge.png > badge.json',
    exits: '0 printed, 1 no OB 3.0 credential in the image, 2 unreadable image',
  },
  share: {
    usage: 'microcred share linkedin CREDENTIAL --cert-url URL',
    summary: 'Sharing links for a credential. Subcommands: linkedin.',
    options: [],
    example: 'microcred share linkedin badge.json --cert-url https://badges.example.org/c/ana',
  },
  'share linkedin': {
    usage: 'microcred share linkedin CREDENTIAL --cert-url URL [--organization-id ID]',
    summary: 'Print the LinkedIn add-to-profile URL of a badge (.json, .jwt, or a baked .png or .svg) and, with --json, the share URL.',
    options: [
      ['--cert-url URL', 'a public page that shows the badge (required)'],
      ['--organization-id ID', "the issuer's LinkedIn organization id"],
    ],
    example: 'microcred share linkedin badge.json --cert-url https://badges.example.org/c/ana',
  },
  page: {
    usage: 'microcred page CREDENTIAL --out FILE [--png BAKED.png] [--cert-url URL] [--status-lists DIR]',
    summary: 'Write a self-contained HTML page that verifies the credential in the browser.',
    options: [
      ['--out FILE', 'the HTML page (required)'],
      ['--png BAKED.png', 'the baked badge to show and offer for download'],
      ['--cert-url URL', 'where the page will be published (Open Graph, LinkedIn)'],
      ['--status-lists DIR', 'published status list credentials (one .json per list), embedded so the page checks revocation offline'],
    ],
    example: 'microcred page badge.json --png badge.png --status-lists status/ --out badge.html',
  },
  status: {
    usage: 'microcred status revoke|suspend|unsuspend CREDENTIAL_ID --reason TEXT --state DIR|URL | status publish …',
    summary: 'Change a credential’s status or publish the Bitstring status lists. Subcommands: revoke, suspend, unsuspend, publish.',
    options: [],
    example: 'microcred status revoke urn:uuid:… --reason "issued in error" --state issuer-state',
  },
  'status revoke': {
    usage: 'microcred status revoke CREDENTIAL_ID --reason TEXT --state DIR|URL',
    summary: 'Revoke a credential for good; run status publish afterwards to update the published list.',
    options: [['--reason TEXT', 'why (required, kept in the state)'], EXISTING_STATE],
    example: 'microcred status revoke urn:uuid:2f0c… --reason "issued in error" --state issuer-state',
  },
  'status suspend': {
    usage: 'microcred status suspend CREDENTIAL_ID --reason TEXT --state DIR|URL',
    summary: 'Suspend a credential (undo with status unsuspend); run status publish afterwards.',
    options: [['--reason TEXT', 'why (required)'], EXISTING_STATE],
    example: 'microcred status suspend urn:uuid:2f0c… --reason "under review" --state issuer-state',
  },
  'status unsuspend': {
    usage: 'microcred status unsuspend CREDENTIAL_ID --reason TEXT --state DIR|URL',
    summary: 'Lift a suspension; run status publish afterwards.',
    options: [['--reason TEXT', 'why (required)'], EXISTING_STATE],
    example: 'microcred status unsuspend urn:uuid:2f0c… --reason "review closed" --state issuer-state',
  },
  'status publish': {
    usage: 'microcred status publish --state DIR|URL --key FILE --base-url URL --out DIR',
    summary: 'Sign the current status lists and write one file per list, to publish under --base-url.',
    options: [EXISTING_STATE, KEY, ['--base-url URL', 'where the lists are published'], ['--out DIR', 'where to write them']],
    example: 'microcred status publish --state issuer-state --key issuer.key.json --base-url https://badges.example.org/status --out status/',
  },
  endorse: {
    usage: 'microcred endorse --key FILE --endorser-name NAME --subject ID --comment TEXT [--out FILE]',
    summary: "Issue a recognizer's EndorsementCredential about an issuer, achievement or credential.",
    options: [KEY, ['--endorser-name NAME', 'who endorses (required)'], ['--subject ID', 'what is endorsed (required)'], ['--comment TEXT', 'the endorsement (required)'], ['--out FILE', 'where to write (default stdout)']],
    example: 'microcred endorse --key union.key.json --endorser-name "Teachers Union" --subject https://badges.example.org/achievements/gestures --comment "Counts toward PD"',
  },
  pathway: {
    usage: 'microcred pathway check|issue PATHWAY.json BADGE|DIR... --trust FILE (--recipient ID | --email ADDR ...)',
    summary: "One educator's progress on a pathway over badges from approved issuers. Subcommands: check, issue.",
    options: [],
    example: 'microcred pathway check pathway.json badges/ --trust trust.json --email ana@example.org',
    exits: '0 complete (pathway issue: issued), 1 not complete, 2 usage or input error',
  },
  'pathway check': {
    usage: 'microcred pathway check PATHWAY.json BADGE|DIR... --trust FILE (--recipient ID | --email ADDR ...) [--status-lists DIR]',
    summary: 'Say whether the badges complete the pathway, and what is missing. A DIR gives its badge files (.json, .jwt, .png, .svg; not its sub-folders).',
    options: [['--trust FILE', 'the issuers whose badges count (required)'], ['--recipient ID', "the educator's subject id"], ['--email ADDR', "the educator's email (repeatable)"], STATUS_LISTS],
    example: 'microcred pathway check pathway.json badges/ --trust trust.json --email ana@example.org',
    exits: '0 complete, 1 not complete, 2 usage or input error',
  },
  'pathway issue': {
    usage: 'microcred pathway issue PATHWAY.json BADGE|DIR... --trust FILE (--recipient ID | --email ADDR ...) --key FILE --issuer-name NAME --out FILE',
    summary: 'Issue the pathway credential when the badges complete it.',
    options: [
      ['--trust FILE', 'the issuers whose badges count (required)'],
      ['--recipient ID', "the educator's subject id"],
      ['--email ADDR', "the educator's email (repeatable)"],
      KEY,
      ['--issuer-name NAME', 'the issuer shown on the pathway credential (required)'],
      ['--out FILE', 'where to write it (required)'],
      STATUS_LISTS,
    ],
    example: 'microcred pathway issue pathway.json badges/ --trust trust.json --email ana@example.org --key district.key.json --issuer-name "District" --out pathway-ana.json',
    exits: '0 issued, 1 not complete, 2 usage or input error',
  },
  report: {
    usage: 'microcred report --rules RULES.json --trust FILE [--educators FILE] BADGE|DIR... [--csv]',
    summary: 'PD hours and salary steps per educator over verified badges from approved issuers. A DIR gives its badge files (.json, .jwt, .png, .svg; not its sub-folders); reasons name badges by their files.',
    options: [['--rules RULES.json', 'pd-hours and salary-step rules (required)'], ['--trust FILE', 'the issuers whose badges count (required)'], ['--educators FILE', 'a CSV or JSON list joining badges to educators'], ['--csv', 'print CSV instead of text'], STATUS_LISTS],
    example: 'microcred report --rules rules.json --trust trust.json --educators staff.csv badges/ --csv',
    exits: '0 some badge counts, 1 no badge counts for any educator, 2 usage or input error',
  },
  serve: {
    usage: 'microcred serve --key FILE (--issuer-name NAME | --issuer-profile FILE) [--wallet-state DIR] [--public-url URL] [--site DIR] [--host 127.0.0.1] [--port 8080]',
    summary: 'Run the wallet (VC-API exchanges, OpenID4VCI) and /verify endpoints and a published site until interrupted. Needs npm install hono @hono/node-server.',
    options: [
      KEY,
      ['--issuer-name NAME', 'the issuer name wallets show (required unless --issuer-profile names it)'],
      ['--issuer-profile FILE', 'the issuer Profile (JSON) whose name wallets show'],
      ['--wallet-state DIR', 'exchanges and offers (default microcred-state)'],
      ['--public-url URL', 'the URL wallets see (behind a TLS proxy)'],
      ['--site DIR', 'a published site (microcred publish) to serve'],
      ['--host HOST', 'address to listen on (default 127.0.0.1)'],
      ['--port N', 'port (default 8080; 0 picks one)'],
      ['--max-body-bytes N', 'largest request body accepted'],
      ['--max-concurrent N', 'requests handled at once'],
    ],
    example: 'microcred serve --key issuer.key.json --issuer-name "District PD Office" --wallet-state issuer-state --site site/ --public-url https://badges.example.org',
  },
  publish: {
    usage: 'microcred publish --key FILE --base-url URL --out DIR --issuer-name NAME [--issuer-url URL] [--state DIR|URL] [--credentials BATCH_OUT ...]',
    summary: "Write the issuer's static site: profile, did.json, JWK set, achievements, status lists, credential pages.",
    options: [
      KEY,
      ['--base-url URL', 'where the site is served (required)'],
      ['--out DIR', 'where to write it (required)'],
      ['--issuer-name NAME', "the issuer's name on its profile (required)"],
      ['--issuer-url URL', "the issuer's web site"],
      ['--issuer-email E', "the issuer's contact email"],
      ['--issuer-image URL', "the issuer's logo"],
      ['--state DIR|URL', 'issuer state, for the status lists (must exist)'],
      ['--status-base-url URL', 'where the status lists are published'],
      ['--credentials DIR', 'a batch output folder whose credentials get pages (repeatable)'],
      ['--no-pages', 'no credential pages'],
    ],
    example: 'microcred publish --key issuer.key.json --base-url https://badges.example.org --issuer-name "District PD Office" --state issuer-state --credentials out/ --out site/',
  },
  queue: {
    usage: 'microcred queue enqueue|work|status …',
    summary: 'Issue through a BullMQ queue on Redis: enqueue a roster, run signing workers, watch progress. Subcommands: enqueue, work, status. Needs npm install bullmq ioredis.',
    options: [],
    example: 'microcred queue enqueue roster.csv --issuer-name "District PD Office"',
    exits: '0 success, 1 rows rejected (enqueue) or jobs failed (work, status), 2 usage or input error',
  },
  'queue enqueue': {
    usage: 'microcred queue enqueue ROSTER.csv --issuer-name NAME [--issuer-url URL] [--format di|jwt|both] [--issued-at DATE] [--preallocate STATE] [--roster-root DIR] [--redis URL --queue NAME --prefix P]',
    summary: 'Queue one job per roster row (keyed by the row: enqueuing again adds nothing).',
    options: [
      ['--issuer-name NAME', 'the issuer shown on the credentials (required)'],
      ['--issuer-url URL', "the issuer's web site"],
      ['--format di|jwt|both', 'what to sign (default di)'],
      ['--issued-at DATE', 'the issuance date fixed for every row (default now)'],
      ['--preallocate STATE', 'allocate status entries for the roster up front in this state'],
      ['--roster-root DIR', "a wider folder the roster's template/award paths may lead to (default: the roster's own folder; absolute paths only inside DIR)"],
      LOCATION_OPTIONS,
    ],
    example: 'microcred queue enqueue roster.csv --issuer-name "District PD Office" --format both',
    exits: '0 all queued, 1 some rows rejected, 2 usage or input error',
  },
  'queue work': {
    usage: 'microcred queue work (--key FILE | --pkcs11-module LIB --pkcs11-token LABEL --pkcs11-key LABEL) --state STATE --status-base-url URL --out DIR [--concurrency N] [--drain]',
    summary: 'Run a signing worker: award, allocate status, build, sign, bake, write and record each job. The PKCS#11 PIN is read from MICROCRED_PKCS11_PIN.',
    options: [
      KEY,
      ['--pkcs11-module LIB', 'sign in an HSM through this PKCS#11 library instead of a key file (needs npm install pkcs11js)'],
      ['--pkcs11-token LABEL', 'the token holding the key'],
      ['--pkcs11-key LABEL', 'the key label'],
      ['--state STATE', 'issuer state: a folder or a postgres:// URL (required)'],
      ['--status-base-url URL', 'where the status lists will be published (required)'],
      ['--out DIR', 'where credentials are written (required)'],
      ['--concurrency N', 'jobs in flight'],
      ['--drain', 'exit once the queue is empty'],
      LOCATION_OPTIONS,
    ],
    example: 'microcred queue work --key issuer.key.json --state issuer-state --status-base-url https://badges.example.org/status --out out/ --drain',
    exits: '0 stopped with no failed job, 1 some jobs failed for good, 2 usage or input error',
  },
  'queue status': {
    usage: 'microcred queue status [--redis URL --queue NAME --prefix P]',
    summary: 'Print the counts of waiting, active, completed and failed jobs, and why jobs failed.',
    options: [LOCATION_OPTIONS],
    example: 'microcred queue status --json',
    exits: '0 no failed jobs, 1 some jobs failed, 2 usage or input error',
  },
})

/** The help key for argv: "command subcommand" when that has its own entry, else "command". */
export function helpKeyOf(command: string, rest: readonly string[]): string {
  const sub = rest.find((a) => !a.startsWith('-'))
  return sub !== undefined && COMMAND_HELP[`${command} ${sub}`] ? `${command} ${sub}` : command
}

/** True when argv asks for help (`--help` or `-h` before any `--`). */
export function wantsHelp(argv: readonly string[]): boolean {
  for (const arg of argv) {
    if (arg === '--') return false
    if (arg === '--help' || arg === '-h') return true
  }
  return false
}

/** The help text of a command, usage first and an example last. */
export function renderHelp(key: string): string {
  const help = COMMAND_HELP[key]
  if (!help) throw new RangeError(`no help for "${key}"`)
  const options = [...help.options, ['--json', 'machine-readable output (errors too: {"error":{"code","message"}} on stdout)'] as const, ['-h, --help', 'this help'] as const]
  const width = Math.max(...options.map(([flag]) => flag.length))
  const subcommands = Object.keys(COMMAND_HELP).filter((k) => k.startsWith(`${key} `))
  return [
    `Usage: ${help.usage}`,
    '',
    help.summary,
    ...(subcommands.length ? ['', 'Subcommands (each has --help):', ...subcommands.map((k) => `  microcred ${k}`)] : []),
    '',
    'Options:',
    ...options.map(([flag, meaning]) => `  ${flag.padEnd(width)}  ${meaning}`),
    '',
    'Example:',
    `  ${help.example}`,
    '',
    `Exit codes: ${help.exits ?? '0 success, 2 usage or input error'}.`,
  ].join('\n')
}
