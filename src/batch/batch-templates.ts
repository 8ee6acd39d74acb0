import { renderBadgeSvg, renderPng } from '../bake/default-image.js'
import { pngBaker } from '../bake/png.js'
import { parseTemplate } from '../model/parse.js'
import type { MicroCredentialTemplate } from '../model/template.js'
import { readRosterJson, resolveRosterPath, type RosterFolder } from './roster-path.js'

/** A template a roster names, parsed, with the baker of its default badge image. */
export interface BatchTemplate {
  template: MicroCredentialTemplate
  bake: (credential: string) => Uint8Array
}

/**
 * Loads each template a roster names once (its path confined to the roster's folder, see
 * `resolveRosterPath`) and renders its badge image for `issuerName` once: rows of one template share
 * both. `problemPath` (`/3/template`) names the row in an error.
 */
export function batchTemplates(folder: RosterFolder, issuerName: string): (path: string, problemPath: string) => Promise<BatchTemplate> {
  const templates = new Map<string, Promise<BatchTemplate>>()
  return async (path, problemPath) => {
    const full = await resolveRosterPath(path, folder, problemPath)
    let entry = templates.get(full)
    if (!entry) {
      entry = (async () => {
        const template = parseTemplate(await readRosterJson(path, folder, problemPath))
        const svg = renderBadgeSvg({ title: template.title, area: template.competency.area, issuerName })
        return { template, bake: pngBaker(await renderPng(svg)) }
      })()
      templates.set(full, entry)
    }
    return entry
  }
}
