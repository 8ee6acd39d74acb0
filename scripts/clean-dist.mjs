// Empties dist/ before a build: the Node and browser builds run in parallel and must not clean each other's output.
import { rmSync } from 'node:fs'

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true })
