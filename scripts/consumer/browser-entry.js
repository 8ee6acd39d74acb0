// Bundled for the browser by esbuild and by Vite from the installed package (its `browser`
// conditions), then run in Chromium by browser-check.mjs: verification and the pure modules.
import { decideAward, parseTemplate, verifyBadge } from 'microcred'
import { bakeSvg, renderBadgeSvg } from 'microcred/bake'
import { linkedInShareUrl, renderCredentialPage } from 'microcred/share'
import { firstFailure } from 'microcred/verify'

const getJson = async (path) => (await fetch(path)).json()
try {
  const badge = await getJson('/example-output/badge.json')
  const statusLists = new Map()
  for (const name of await getJson('/example-output/status-index.json')) {
    const list = await getJson(`/example-output/status/${name}`)
    statusLists.set(list.id, list)
  }
  const template = parseTemplate(await getJson('/examples/templates/checking-understanding-gestures.json'))
  const decision = decideAward(template.rubric, [], { policy: { minAssessors: 1 } })
  const svg = bakeSvg(renderBadgeSvg({ title: template.title, area: template.competency.area, issuerName: 'Browser' }), JSON.stringify(badge))
  const reports = [await verifyBadge(badge, { statusLists }), await verifyBadge(new TextEncoder().encode(svg), { statusLists })]
  const tampered = await verifyBadge({ ...badge, name: 'Forged' }, { statusLists })
  const page = renderCredentialPage({ credential: badge, verifierScript: '', statusLists })
  const failed = reports.map(firstFailure).filter(Boolean)
  window.__result = {
    verified: reports.every((r) => r.verified) && !tampered.verified && page.includes('<!doctype html>') && linkedInShareUrl('https://x.example/c').startsWith('https://'),
    detail: `decision ${decision.outcome}; ${failed.map((f) => `${f.id}: ${f.message}`).join('; ')}; tampered: ${firstFailure(tampered)?.code}`,
  }
} catch (error) {
  window.__result = { verified: false, detail: String(error?.stack ?? error) }
}
