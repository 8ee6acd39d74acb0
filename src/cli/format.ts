import type { Assessment } from '../assessment/assess.js'
import type { LintTemplateResult } from '../model/lint-template.js'
import type { MicroCredentialTemplate } from '../model/template.js'
import type { VerificationReport } from '../verify/report.js'

const MARK = { passed: '✓', failed: '✗', warning: '!', skipped: '-' } as const

/** Control characters (but line feed and tab) and bidirectional controls: a terminal acts on them. */
function isTerminalControl(code: number): boolean {
  return (
    (code < 0x20 && code !== 0x0a && code !== 0x09) ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x061c ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  )
}

/**
 * Text a credential supplied, made safe to print: each control character is shown as a `\uXXXX`
 * escape, so a badge cannot move the cursor, erase "NOT VERIFIED" or reorder a line.
 */
export function terminalSafe(text: string): string {
  let out = ''
  for (const char of text) {
    const code = char.codePointAt(0)!
    out += isTerminalControl(code) ? `\\u${code.toString(16).padStart(4, '0')}` : char
  }
  return out
}

/** Human-readable lint findings. */
export function formatLint(template: MicroCredentialTemplate, result: LintTemplateResult): string {
  const head = `${template.title} (${template.id} v${template.version}): ${result.ok ? 'OK' : 'errors found'}`
  return [head, ...result.findings.map((f) => `  ${f.severity === 'error' ? '✗' : '!'} ${f.code} at ${f.path || '/'}: ${f.message}`)].join('\n')
}

/** Human-readable decision, with what the educator must do next. */
export function formatDecision(template: MicroCredentialTemplate, decision: Assessment): string {
  if (decision.outcome === 'incomplete') return [`${template.title}: incomplete (attempt ${decision.attempt}, not used)`, '', decision.message].join('\n')
  const lines = [`${template.title}: ${decision.outcome} (total ${decision.total}/${decision.maxTotal}, attempt ${decision.attempt}, policy ${decision.policy.combine})`]
  for (const c of decision.criteria) lines.push(`  ${c.met ? '✓' : c.disputed ? '?' : '✗'} ${c.criterionName}: ${c.levelId} (needs ${c.requiredLevelId})`)
  if (decision.outcome === 'needs-review') lines.push(...decision.reasons.map((r) => `  → ${r}; assign another assessor`))
  if (decision.outcome === 'resubmit' || decision.outcome === 'denied') lines.push('', decision.message)
  return lines.join('\n')
}

/** Human-readable verification report; the key-binding caveat and, with a trust list, the issuer's standing are shown prominently. */
export function formatReport(report: VerificationReport): string {
  const name = report.credential?.name ?? report.credential?.credentialSubject?.achievement?.name
  const lines = [
    `${report.verified ? 'VERIFIED' : 'NOT VERIFIED'}${name ? `: ${oneLine(String(name))}` : ''} (${report.format}, ${report.container})`,
    ...(report.issuer ? [issuerLine(report, report.issuer)] : []),
    ...report.checks.map((c) => `  ${MARK[c.status]} ${c.id.padEnd(12)} ${c.code ? `${c.code}: ` : ''}${oneLine(c.message)}`),
  ]
  return lines.join('\n')
}

/** Who issued the badge: the trust list's name when it vouches for the issuer, else the badge's own claim and why it is not vouched for. */
function issuerLine(report: VerificationReport, issuer: { id: string; name?: string }): string {
  const key = report.issuerKeyConfirmed ? 'key confirmed' : 'key NOT confirmed as the issuer’s'
  const claimed = issuer.name === undefined ? '' : oneLine(issuer.name)
  const trusted = report.trustedIssuer
  if (trusted) {
    const alias = issuer.name !== undefined && issuer.name !== trusted.name ? `, named "${claimed}" in the badge` : ''
    return `issued by ${oneLine(trusted.name)} (on your trust list): ${oneLine(issuer.id)} (${key})${alias}`
  }
  const trust = report.checks.find((c) => c.id === 'issuer-trust')
  const standing =
    trust?.code === 'ERR_OB_ISSUER_UNTRUSTED'
      ? '; NOT on your trust list'
      : trust?.code === 'ERR_OB_ACHIEVEMENT_NOT_ACCEPTED'
        ? '; your trust list does not accept this achievement from it'
        : ''
  return `issuer: ${claimed} ${oneLine(issuer.id)} (${key})${standing}`
}

/**
 * A badge's text on one line: line breaks (LF, CR, U+2028, U+2029) as `\uXXXX` escapes, so a name
 * cannot start a line of its own (a forged "VERIFIED" or "issued by … (on your trust list)").
 */
function oneLine(text: string): string {
  return text.replace(/[\n\r\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}
