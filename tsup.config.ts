import { defineConfig } from 'tsup'

// ESM only: the Data Integrity stack (@digitalbazaar/*) is ESM-only, so a CJS build could not require it.
export default defineConfig({
  entry: { index: 'src/index.ts', 'bake/index': 'src/bake/index.ts', 'share/index': 'src/share/index.ts', cli: 'src/cli/bin.ts', 'pool/pool-worker': 'src/pool/pool-worker.ts' },
  format: ['esm'],
  dts: { entry: { index: 'src/index.ts', 'bake/index': 'src/bake/index.ts', 'share/index': 'src/share/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'node20',
  splitting: true,
})
