import { defineConfig } from 'vitest/config'

// examples/ import the package by name, as a user would; in tests (as in tsconfig's paths) that name means the source.
const source = (path: string) => new URL(path, import.meta.url).pathname

export default defineConfig({
  resolve: {
    alias: [
      { find: /^microcred$/, replacement: source('./src/index.ts') },
      { find: /^microcred\/(verify|bake|share)$/, replacement: source('./src/$1/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    typecheck: { enabled: true, include: ['test/types/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    coverage: { provider: 'v8', include: ['src/**'], reporter: ['text-summary'] },
  },
})
