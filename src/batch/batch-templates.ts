import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { renderBadgeSvg, renderPng } from '../bake/default-image.js'
import { pngBaker } from '../bake/png.js'
import { parseTemplate } from '../model/parse.js'
import type { MicroCredentialTemplate } from '../model/template.js'

/** A template a roster names, parsed, with the baker of its default badge image. */
export interface BatchTemplate {
  template: MicroCredentialTemplate
  bake: (credential: string) => Uint8Array
}

/**
 * Loads each template a roster names once (its path resolved against `baseDir`) and renders its
 * badge image for `issuerName` once: rows of one template share both.
 */
export function batchTemplates(baseDir: string, issuerName: string): (path: string) => Promise<BatchTemplate> {
  const templates = new Map<string, Promise<BatchTemplate>>()
  return (path) => {
    const full = resolve(baseDir, path)
    let entry = templates.get(full)
    if (!entry) {
      entry = (async () => {
        const template = parseTemplate(JSON.parse(await readFile(full, 'utf8')))
        const svg = renderBadgeSvg({ title: template.title, area: template.competency.area, issuerName })
        return { template, bake: pngBaker(await renderPng(svg)) }
      })()
      templates.set(full, entry)
    }
    return entry
  }
}
