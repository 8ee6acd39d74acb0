import jsonld from 'jsonld'
import { JsonLdInvalid } from '../errors.js'
import { installJsonLdContextSharing } from '../internal/jsonld-context-sharing.js'
import { bundledDocumentLoader, type DocumentLoader } from './document-loader.js'

/**
 * Expands the document under JSON-LD safe mode: an undefined term, a relative IRI or a context
 * that cannot be loaded is an error (`ERR_OB_JSONLD_INVALID`), never silently dropped.
 */
export async function assertJsonLdSafe(document: unknown, { documentLoader = bundledDocumentLoader() }: { documentLoader?: DocumentLoader } = {}): Promise<void> {
  await installJsonLdContextSharing()
  try {
    await jsonld.expand(document, { documentLoader, safe: true, base: null })
  } catch (cause) {
    throw new JsonLdInvalid(`JSON-LD expansion failed in safe mode: ${describeJsonLdError(cause)}`, { cause })
  }
}

/** True for jsonld.js syntax/safe-mode errors (as opposed to loader or crypto failures). */
export function isJsonLdError(error: unknown): boolean {
  const name = (error as { name?: unknown } | undefined)?.name
  return typeof name === 'string' && name.startsWith('jsonld.') && name !== 'jsonld.LoadDocumentError'
}

/** A one-line reason from a jsonld.js error (they nest the useful part in `details`). */
export function describeJsonLdError(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const details = (error as { details?: { event?: { message?: string; details?: { property?: string; term?: string } }; cause?: unknown } }).details
  const event = details?.event
  if (event?.message) {
    const what = event.details?.property ?? event.details?.term
    return `${event.message}${what ? ` ("${what}")` : ''}`
  }
  if (details?.cause instanceof Error) return `${error.message}: ${details.cause.message}`
  return error.message
}
