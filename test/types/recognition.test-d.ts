import { describe, expectTypeOf, it } from 'vitest'
import { checkPathway, type ExclusionCode, type PathwayCheck, type PathwayIncomplete, type PathwayRuleFailure, parseTrustList, type RecognitionReport, recognitionReport } from '../../src/index.js'

describe('recognition types', () => {
  it('the trust list is required for reports and pathways', () => {
    const trust = parseTrustList({ issuers: [] })
    expectTypeOf(recognitionReport([], [], { trust })).resolves.toEqualTypeOf<RecognitionReport>()
    // @ts-expect-error no trust list: recognition would trust whoever signed
    recognitionReport([], [], {})
    expectTypeOf(checkPathway).parameter(2).toHaveProperty('trust')
    expectTypeOf<PathwayCheck['rejected'][number]['code']>().toEqualTypeOf<ExclusionCode>()
  })

  it('a refused pathway carries each failing rule by path and code', () => {
    expectTypeOf<PathwayIncomplete['unmet']>().toEqualTypeOf<readonly PathwayRuleFailure[]>()
    expectTypeOf<PathwayIncomplete['code']>().toEqualTypeOf<'ERR_OB_PATHWAY_INCOMPLETE'>()
  })
})
