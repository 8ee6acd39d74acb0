import { describe, expect, it } from 'vitest'
import { renderBadgeSvg, renderPng } from '../../src/bake/default-image.js'
import { bakePng } from '../../src/bake/png.js'
import { renderCredentialPage } from '../../src/share/page.js'
import { openGraphImage, recognitionSectionsHtml } from '../../src/share/page-sections.js'
import { awardedCredential, issuer } from '../helpers/issue.js'

describe('credential page: what a district looks for', async () => {
  const { key } = await issuer()
  const credential = await awardedCredential(key, { includeName: true })

  it('shows the recipient, the alignments and the endorsements', () => {
    const endorsed = structuredClone(credential)
    endorsed.credentialSubject.achievement.endorsement = [
      {
        '@context': [],
        id: 'urn:uuid:e1',
        type: ['VerifiableCredential', 'EndorsementCredential'],
        name: 'Endorsement',
        issuer: { id: 'did:example:state', type: ['Profile'], name: 'State Department of Education', url: 'https://education.state.example' },
        validFrom: '2026-01-01T00:00:00Z',
        validUntil: '2028-12-31T00:00:00Z',
        credentialSubject: { id: credential.credentialSubject.achievement.id, type: ['EndorsementSubject'], endorsementComment: 'Approved for 15 relicensure clock hours.' },
      },
    ]
    const html = recognitionSectionsHtml(endorsed)
    expect(html).toContain('<section id="recipient"><h2>Earned by</h2><p>Ana Rivera</p></section>')
    expect(html).toContain('InTASC Standard 6: Assessment</a> <span class="muted">(6(d))</span>')
    expect(html).toContain('State Department of Education</a></strong>: Approved for 15 relicensure clock hours.')
    expect(html).toContain('(2026-01-01 – 2028-12-31)')
  })

  it('escapes what it shows and links only https', () => {
    const hostile = structuredClone(credential)
    hostile.credentialSubject.name = '<script>alert(1)</script>'
    hostile.credentialSubject.achievement.alignment = [{ type: ['Alignment'], targetName: 'x" onmouseover="y', targetUrl: 'javascript:alert(1)' }]
    const html = recognitionSectionsHtml(hostile)
    expect(html).not.toContain('<script>')
    expect(html).not.toContain('javascript:')
    expect(html).toContain('x&quot; onmouseover=&quot;y')
  })

  it('without a name, the recipient is the DID', async () => {
    const html = recognitionSectionsHtml(await awardedCredential(key))
    expect(html).toContain('<code>did:example:educator-ana-rivera</code>')
  })

  it('og:image is a public https image: the option, the achievement image, or badge.png beside a directory page', () => {
    expect(openGraphImage(credential, { imageUrl: 'https://cdn.example.org/b.png', hasPng: true })).toBe('https://cdn.example.org/b.png')
    expect(openGraphImage(credential, { certUrl: 'https://badges.example.org/c/123/', hasPng: true })).toBe('https://badges.example.org/c/123/badge.png')
    expect(openGraphImage(credential, { certUrl: 'https://badges.example.org/c/123', hasPng: true })).toBeUndefined()
    expect(openGraphImage(credential, { imageUrl: 'data:image/png;base64,AAAA', hasPng: false })).toBeUndefined()
    const withImage = structuredClone(credential)
    withImage.credentialSubject.achievement.image = { id: 'https://example.org/badge.png', type: 'Image' }
    expect(openGraphImage(withImage, { hasPng: false })).toBe('https://example.org/badge.png')
  })

  it('the rendered page carries the sections and an og:image', async () => {
    const bakedPng = bakePng(await renderPng(renderBadgeSvg({ title: 'x', area: 'y', issuerName: 'z' })), JSON.stringify(credential))
    const html = renderCredentialPage({ credential, verifierScript: '/* verifier */', bakedPng, certUrl: 'https://badges.example.org/c/1/' })
    expect(html).toContain('<meta property="og:image" content="https://badges.example.org/c/1/badge.png">')
    expect(html).toContain('<h2>Earned by</h2>')
    expect(html).toContain('<h2>Aligned to</h2>')
  })
})
