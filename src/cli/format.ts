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

/** Human-readable verification report; the key-binding caveat is shown prominently. */
export function formatReport(report: VerificationReport): string {
  const name = report.credential?.name ?? report.credential?.credentialSubject?.achievement?.name
  const lines = [
    `${report.verified ? 'VERIFIED' : 'NOT VERIFIED'}${name ? `: ${String(name)}` : ''} (${report.format}, ${report.container})`,
    ...(report.issuer ? [`issuer: ${report.issuer.name ?? ''} ${report.issuer.id}${report.issuerKeyConfirmed ? ' (key confirmed)' : ' (key NOT confirmed as the issuer’s)'}`] : []),
    ...report.checks.map((c) => `  ${MARK[c.status]} ${c.id.padEnd(12)} ${c.code ? `${c.code}: ` : ''}${c.message}`),
  ]
  return lines.join('\n')
}
