import { describe, expect, it } from 'vitest'
import { hashIdentity } from '../../src/credential/identity.js'
import { educatorMatcher, parseEducators, parseEducatorsCsv } from '../../src/recognition/educators.js'

const ana = { name: 'Ana Rivera', ids: ['did:example:ana'], emails: ['ana@district.example.org'] }
const ben = { name: 'Ben Okafor', emails: ['ben@district.example.org'] }
const subject = async (email: string | undefined, id?: string, salt?: string) => ({
  ...(id && { id }),
  ...(email && { identifier: [await hashIdentity(email, salt ? { salt } : {})] }),
})

describe('parseEducators', () => {
  it('lists every problem: no name, no id or email, an email or id naming two educators, duplicate names', () => {
    let problems: { path: string }[] = []
    try {
      parseEducators([{ name: '' }, { name: 'A' }, { name: 'B', emails: ['x@example.org'] }, { name: 'C', emails: [' X@Example.org'] }, { name: 'B', ids: ['did:example:b'] }, { name: 'D', ids: [1] }])
    } catch (error) {
      expect(error).toMatchObject({ code: 'ERR_OB_INPUT_INVALID' })
      problems = (error as { problems: { path: string }[] }).problems
    }
    expect(problems.map((p) => p.path)).toEqual(['/0/name', '/1', '/3/emails', '/4/name', '/5/ids', '/5'])
    expect(() => parseEducators({})).toThrow(expect.objectContaining({ code: 'ERR_OB_INPUT_INVALID' }))
  })

  it('reads CSV rows: rows sharing an email or id are one educator (a batch roster reads as one)', () => {
    const roster = 'name,email,did,template,awarded\nAna,Ana@a.org,,gestures.json,yes\nAna,ana@a.org,did:example:ana,executive.json,yes\nBen,ben@b.org,,gestures.json,yes\n'
    expect(parseEducatorsCsv(roster)).toEqual([
      { name: 'Ana', ids: ['did:example:ana'], emails: ['ana@a.org'] },
      { name: 'Ben', emails: ['ben@b.org'] },
    ])
    expect(() => parseEducatorsCsv('name,email\n"unterminated')).toThrow(expect.objectContaining({ code: 'ERR_OB_INPUT_INVALID' }))
  })

  it('never merges two people by name: two "Maria Garcia"s need an educator column, which also joins one person’s addresses', () => {
    const twoMarias = 'name,email\nMaria Garcia,maria.g@a.org\nMaria Garcia,mgarcia@b.org\n'
    expect(() => parseEducatorsCsv(twoMarias)).toThrow(expect.objectContaining({ code: 'ERR_OB_INPUT_INVALID', message: expect.stringContaining('"educator" column') }))
    expect(parseEducatorsCsv('educator,name,email\n17,Maria Garcia,maria.g@a.org\n17,Maria Garcia,maria@home.example\n42,Maria Garcia (42),mgarcia@b.org\n')).toEqual([
      { name: 'Maria Garcia', emails: ['maria.g@a.org', 'maria@home.example'] },
      { name: 'Maria Garcia (42)', emails: ['mgarcia@b.org'] },
    ])
    expect(() => parseEducatorsCsv('name,email\nAna,ana@a.org\nBen,ana@a.org\n')).toThrow(expect.objectContaining({ code: 'ERR_OB_INPUT_INVALID' }))
  })
})

describe('educatorMatcher', () => {
  const match = educatorMatcher(parseEducators([ana, ben]))

  it('ties a badge by subject id, or by an email whose salted hash matches (any salt, any case)', async () => {
    expect(await match(await subject(undefined, 'did:example:ana'))).toEqual({ kind: 'listed', educator: ana })
    expect(await match(await subject('Ben@District.example.org', undefined, 'salt-a'))).toEqual({ kind: 'listed', educator: ben })
    expect(await match(await subject('ben@district.example.org', undefined, 'salt-b'))).toEqual({ kind: 'listed', educator: ben })
    const upper = await subject('ben@district.example.org')
    upper.identifier![0]!.identityHash = `sha256$${upper.identifier![0]!.identityHash.slice(7).toUpperCase()}`
    expect(await match(upper)).toMatchObject({ kind: 'listed', educator: ben })
    expect(await match({ identifier: [{ type: 'IdentityObject', hashed: false, identityType: 'emailAddress', identityHash: 'BEN@district.example.org' }] })).toMatchObject({ kind: 'listed', educator: ben })
  })

  it('an unlisted subject id names its holder by itself; an unknown hashed email names nobody', async () => {
    expect(await match(await subject(undefined, 'did:example:carol'))).toEqual({ kind: 'subject-id', id: 'did:example:carol' })
    expect(await match(await subject('carol@district.example.org'))).toMatchObject({ kind: 'unmatched' })
    expect(await match({})).toMatchObject({ kind: 'unmatched' })
    expect(await match('not a subject')).toMatchObject({ kind: 'unmatched' })
  })

  it('refuses contradictions: id says Ana, email says Ben; an email of Ana on a badge for another subject id', async () => {
    expect(await match(await subject('ben@district.example.org', 'did:example:ana'))).toMatchObject({ kind: 'unmatched', message: expect.stringContaining('"Ana Rivera"') })
    expect(await match(await subject('ana@district.example.org', 'did:example:mallory'))).toMatchObject({ kind: 'unmatched' })
    // Ben lists no ids: his email ties a badge that also carries some DID of his.
    expect(await match(await subject('ben@district.example.org', 'did:example:ben-wallet'))).toMatchObject({ kind: 'listed', educator: ben })
  })

  it('ignores identifiers that are not email addresses or not sha256', async () => {
    const other = await hashIdentity('ana@district.example.org', { identityType: 'sourcedId', salt: 's' })
    expect(await match({ identifier: [other] })).toMatchObject({ kind: 'unmatched' })
    const md5 = { ...(await hashIdentity('ana@district.example.org')), identityHash: 'md5$0123' }
    expect(await match({ identifier: [md5] })).toMatchObject({ kind: 'unmatched' })
  })
})
