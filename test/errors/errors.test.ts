import { mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { issueBatch, parseRoster } from '../../src/index.js'
import {
  errorClassOf,
  InputInvalid,
  isObError,
  ObError,
  type ObErrorCode,
  ProofInvalid,
  SignerFailed,
  TemplateInvalid,
  ValidationError,
} from '../../src/errors.js'
import * as api from '../../src/index.js'
import { obError } from '../../src/internal/ob-error.js'
import { signDataIntegrity } from '../../src/sign/data-integrity.js'
import type { Signer } from '../../src/sign/signer.js'
import { signVcJwt } from '../../src/sign/vc-jwt.js'
import { verifyBadge } from '../../src/verify/verify-badge.js'
import { ROOT } from '../helpers/examples.js'
import { awardedCredential, issuer } from '../helpers/issue.js'

const CODES: ObErrorCode[] = ['ERR_OB_GENERIC', 'ERR_OB_INPUT_INVALID', 'ERR_OB_PROOF_INVALID', 'ERR_OB_STATUS_REVOKED', 'ERR_OB_KEY_UNCONFIRMED', 'ERR_OB_PATHWAY_INCOMPLETE', 'ERR_OB_SIGNER_FAILED', 'ERR_OB_USAGE']

describe('one class per code', () => {
  it('an error made for a code is an instance of that code’s class, named after it, and exported from the root', () => {
    for (const code of CODES) {
      const error = obError(code, 'x')
      const Class = errorClassOf(code)
      expect(error).toBeInstanceOf(Class)
      expect(error).toBeInstanceOf(ObError)
      expect(error.code).toBe(code)
      expect(error.name).toBe(Class.name)
      expect((api as Record<string, unknown>)[Class.name]).toBe(Class)
    }
  })

  it('new ValidationError(code, …) is the code’s class, with its problems', () => {
    const error = new ValidationError('ERR_OB_TEMPLATE_INVALID', 'template', [{ path: '/title', message: 'is required' }])
    expect(error).toBeInstanceOf(TemplateInvalid)
    expect(error).toBeInstanceOf(ValidationError)
    expect(error.message).toBe('template is invalid: /title: is required')
    const input = new InputInvalid('roster refused', { problems: [{ path: '/rows/1', message: 'no did' }] })
    expect([input.message, input.problems, isObError(input)]).toEqual(['roster refused', [{ path: '/rows/1', message: 'no did' }], true])
  })

  it('report errors are instances of their class: a tampered badge gives a ProofInvalid', async () => {
    const { key, signer } = await issuer()
    const signed = await signDataIntegrity(await awardedCredential(key), { signer })
    const report = await verifyBadge({ ...signed, name: 'Forged' })
    expect(report.verified).toBe(false)
    expect(report.errors.some((e) => e instanceof ProofInvalid)).toBe(true)
  })

  it('internals are not in the root surface', () => {
    for (const name of ['obError', 'rowKey', 'collectTemplates', 'jsonLdContextSharingStatus', 'checkObSchema', 'validateAgainstObSchema']) expect(api).not.toHaveProperty(name)
    expect(Object.isFrozen(api.DEFAULT_POLICY)).toBe(true)
    expect(Object.isFrozen(api.OB_SCHEMA_URLS)).toBe(true)
    expect(Object.isFrozen(api.SIGNING_ALGORITHMS)).toBe(true)
  })
})

describe('signer failures', () => {
  const failing = async (): Promise<Signer> => {
    const { signer } = await issuer()
    return { ...signer, sign: async () => Promise.reject(new Error('KMS: AccessDeniedException')) }
  }

  it('are ERR_OB_SIGNER_FAILED with the signer’s error as cause, for Data Integrity and VC-JWT alike', async () => {
    const { key } = await issuer()
    const credential = await awardedCredential(key)
    for (const sign of [() => failing().then((signer) => signDataIntegrity(credential, { signer })), () => failing().then((signer) => signVcJwt(credential, { signer }))]) {
      const error = await sign().catch((e: unknown) => e)
      expect(error).toBeInstanceOf(SignerFailed)
      expect((error as SignerFailed).message).toContain('AccessDeniedException')
      expect(((error as SignerFailed).cause as Error).message).toBe('KMS: AccessDeniedException')
    }
  })

  it('batch rows signed by a failing KMS signer fail with the code, and a working Signer batches without a key file', async () => {
    const { key, signer } = await issuer()
    const rows = parseRoster(`name,email,template,awarded\nAna Rivera,ana@district.example.org,examples/templates/checking-understanding-gestures.json,yes\n`)
    const out = mkdtempSync(join(tmpdir(), 'microcred-kms-'))
    const failed = await issueBatch({ rows, baseDir: ROOT, signer: await failing(), issuer: { name: 'District' }, outDir: join(out, 'failed') })
    expect(failed.failed).toEqual([{ row: 1, name: 'Ana Rivera', code: 'ERR_OB_SIGNER_FAILED', message: expect.stringContaining('AccessDeniedException') }])
    const ok = await issueBatch({ rows, baseDir: ROOT, signer, issuer: { name: 'District' }, outDir: join(out, 'ok') })
    expect(ok).toMatchObject({ issued: 1, failed: [] })
    const [dir] = readdirSync(join(out, 'ok')).filter((f) => !f.endsWith('.jsonl'))
    const report = await verifyBadge(new Uint8Array(await import('node:fs').then((fs) => fs.readFileSync(join(out, 'ok', dir!, 'badge.png')))))
    expect(report.verified).toBe(true)
    expect(report.issuer?.id).toBe(key.issuerId)
  })
})

describe('ValidationError.listProblems', () => {
  const problems = Array.from({ length: 12 }, (_, i) => ({ path: `/p${i}`, message: 'is wrong' }))

  it('lists up to the limit, then how many are left out', () => {
    const error = new ValidationError('ERR_OB_TEMPLATE_INVALID', 'template', problems)
    expect(error.message).toBe('template is invalid: /p0: is wrong; /p1: is wrong; /p2: is wrong (+9 more)')
    expect(error.listProblems(10)).toBe(`template is invalid: ${problems.slice(0, 10).map((p) => `${p.path}: is wrong`).join('; ')} (+2 more)`)
    expect(error.listProblems(20, (left) => ` [${left}]`)).toBe(`template is invalid: ${problems.map((p) => `${p.path}: is wrong`).join('; ')}`)
    expect(new TemplateInvalid('x', { problems }).listProblems(10)).toBe('x')
  })
})
