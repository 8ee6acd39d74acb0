import { describe, expectTypeOf, it } from 'vitest'
import {
  type AnyObError,
  type BatchOptions,
  type BatchRowFailure,
  changeStatus,
  type Decision,
  DEFAULT_POLICY,
  decideAward,
  defineTemplate,
  type FinalDecision,
  isObError,
  type ObErrorCode,
  type ProofInvalid,
  type MicroCredentialTemplate,
  type MicroCredentialTemplateInput,
  parseTemplate,
  type Signer,
  type SignerFailed,
  type SignedCredential,
  signDataIntegrity,
  type VerificationReport,
  verifyBadge,
} from '../../src/index.js'

describe('public types', () => {
  it('decisions are a discriminated union callers must narrow', () => {
    expectTypeOf(decideAward).returns.toEqualTypeOf<Decision>()
    const decision = {} as Decision
    if (decision.outcome === 'resubmit') expectTypeOf(decision.unmet).toBeArray()
    // @ts-expect-error `unmet` exists only on resubmit/denied
    decision.unmet
  })

  it('a verification report never throws and narrows on `verified`', () => {
    expectTypeOf(verifyBadge).returns.resolves.toEqualTypeOf<VerificationReport>()
    const report = {} as VerificationReport
    if (!report.verified) {
      expectTypeOf(report.errors[0]!).toEqualTypeOf<AnyObError>()
    }
    else expectTypeOf(report.errors).toEqualTypeOf<[]>()
  })

  it('only a signer makes a SignedCredential', () => {
    expectTypeOf(signDataIntegrity).returns.resolves.toEqualTypeOf<SignedCredential>()
    // @ts-expect-error a plain object is not branded
    const forged: SignedCredential = { proof: [] }
    void forged
  })

  it('isObError guards unknown errors', () => {
    const e: unknown = new Error('x')
    if (isObError(e)) expectTypeOf(e.code).toEqualTypeOf<ObErrorCode>()
  })

  it('final decisions carry their status', () => {
    expectTypeOf<FinalDecision['status']>().toEqualTypeOf<'awarded' | 'denied' | 'resubmission-open'>()
  })

  it('AnyObError narrows on code to its class', () => {
    const e = {} as AnyObError
    if (e.code === 'ERR_OB_PROOF_INVALID') expectTypeOf(e).toEqualTypeOf<ProofInvalid>()
    if (e.code === 'ERR_OB_SIGNER_FAILED') expectTypeOf(e).toEqualTypeOf<SignerFailed>()
  })

  it('a Signer is enough to batch (KMS users), and row failures carry codes', () => {
    expectTypeOf<{ signer: Signer }>().toExtend<Pick<BatchOptions, 'signer'>>()
    expectTypeOf<BatchRowFailure['code']>().toEqualTypeOf<ObErrorCode>()
  })

  it('options objects, frozen constants', () => {
    expectTypeOf(changeStatus).parameter(1).toExtend<{ credentialId: string; action: 'revoke' | 'suspend' | 'unsuspend'; reason: string; at?: Date }>()
    // @ts-expect-error the default policy is read-only
    DEFAULT_POLICY.minAssessors = 3
  })

  it('a template may leave lists out; the parsed template always has them', () => {
    expectTypeOf(parseTemplate).returns.toEqualTypeOf<MicroCredentialTemplate>()
    expectTypeOf(defineTemplate).returns.toEqualTypeOf<MicroCredentialTemplate>()
    expectTypeOf<MicroCredentialTemplate['tags']>().toEqualTypeOf<string[]>()
    expectTypeOf<MicroCredentialTemplate['submission']['artifacts'][number]['required']>().toEqualTypeOf<boolean>()
    expectTypeOf<MicroCredentialTemplateInput['tags']>().toEqualTypeOf<string[] | undefined>()
    expectTypeOf<MicroCredentialTemplate>().toExtend<MicroCredentialTemplateInput>()
    const minimal = {
      id: 'https://example.org/mc/1',
      version: '1.0',
      title: 'T',
      competency: { statement: 's', area: 'a' },
      keyMethod: 'k',
      methodComponents: ['a', 'b'],
      supportingRationale: 'r',
      research: [{ citation: 'c', url: 'https://example.org/r', year: 2020, freeOnline: true }],
      submission: { artifacts: [{ id: 'x', name: 'X', description: 'd', accepts: ['video' as const] }] },
      rubric: { criteria: [{ id: 'c', name: 'C', parts: ['x'], levels: [{ id: 'a', name: 'A', description: 'a', points: 1 }, { id: 'b', name: 'B', description: 'b', points: 2 }], requiredLevel: 'b' }] },
    }
    expectTypeOf(defineTemplate(minimal).submission.overviewQuestions).toBeArray()
    // @ts-expect-error an unknown property is refused
    defineTemplate({ ...minimal, titel: 'typo' })
  })
})
