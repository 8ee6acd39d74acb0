// `microcred serve` without its optional peers says what to install first, whatever else is missing
// from the command line (the consumer check runs `serve --key FILE` on a core-only install).
import { describe, expect, it, vi } from 'vitest'
import { DependencyMissing } from '../../src/errors.js'
import { cli } from '../helpers/cli.js'

vi.mock('../../src/server/index.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/server/index.js')>()
  return {
    ...actual,
    assertServeDependencies: vi.fn(async () => {
      throw new DependencyMissing('serveIssuer (microcred/server, microcred serve) needs a package that is not installed: npm install hono @hono/node-server')
    }),
  }
})

describe('serve without hono', () => {
  it('names the npm install command before asking for the issuer name', async () => {
    const result = await cli('serve', '--key', 'issuer-key.json', '--json')
    expect([result.code, result.stderr]).toEqual([2, ''])
    expect(JSON.parse(result.stdout).error).toMatchObject({ code: 'ERR_OB_DEPENDENCY_MISSING', message: expect.stringMatching(/npm install hono @hono\/node-server$/) })
  })
})
