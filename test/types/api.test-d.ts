import { describe, expectTypeOf, it } from 'vitest'
import {
  type Decision,
  decideAward,
  type FinalDecision,
  isObError,
  type ObErrorCode,
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
    if (!report.verified) expectTypeOf(report.errors[0]!.code).toEqualTypeOf<ObErrorCode>()
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
})
