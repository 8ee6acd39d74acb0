// A strict consumer of the packed package: compiled with `skipLibCheck: false` under `node16` and
// `bundler`, and with no @types/node (the declarations must stand alone), then run under Node.
import {
  createDocumentLoader,
  type DocumentLoader,
  type decideAward,
  isObError,
  type ObErrorCode,
  parseTemplate,
  type VerificationReport,
  verifyBadge,
  type WarningCode,
} from 'microcred'
import { bakeSvg, renderBadgeSvg, unbakeSvgCredential } from 'microcred/bake'
import { linkedInShareUrl } from 'microcred/share'
import { firstFailure, type verifyBadge as verifyOnly } from 'microcred/verify'

type RemoteDocument = Awaited<ReturnType<DocumentLoader>>

// `any` would make these pass for anything; each must be a real type.
type IsAny<T> = 0 extends 1 & T ? true : false
const notAny = <T>(_proof: IsAny<T> extends false ? true : never): void => {}
notAny<DocumentLoader>(true)
notAny<RemoteDocument>(true)
notAny<VerificationReport>(true)
notAny<Awaited<ReturnType<typeof verifyOnly>>>(true)
notAny<Parameters<typeof decideAward>[1]>(true)
notAny<ReturnType<typeof parseTemplate>>(true)

const loader: DocumentLoader = createDocumentLoader()
const context: RemoteDocument = await loader('https://www.w3.org/ns/credentials/v2')
if (context.documentUrl !== 'https://www.w3.org/ns/credentials/v2') throw new Error('the bundled VC 2.0 context did not load')

// Bad input gets a report, never an exception, and its failure carries a stable code.
const report: VerificationReport = await verifyBadge('not a badge')
const failure = firstFailure(report)
const code: ObErrorCode | WarningCode | undefined = failure?.code
if (report.verified || code !== 'ERR_OB_PARSE_FAILED') throw new Error(`expected ERR_OB_PARSE_FAILED, got ${String(code)}`)

try {
  parseTemplate({ id: 42 })
  throw new Error('parseTemplate accepted a bad template')
} catch (error) {
  if (!isObError(error) || error.code !== 'ERR_OB_TEMPLATE_INVALID') throw error
}

const svg = bakeSvg(renderBadgeSvg({ title: 'Consumer', area: 'Packaging', issuerName: 'CI' }), '{"a":1}')
if (unbakeSvgCredential(svg) !== '{"a":1}') throw new Error('the baked SVG lost its credential')
if (!linkedInShareUrl('https://badges.example.org/c/1').startsWith('https://')) throw new Error('bad share URL')
console.log('consumer: OK')
