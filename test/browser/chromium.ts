// Debian's Chromium, driven by playwright-core (never a downloaded browser). Under CI the browser
// tests must run: a missing Chromium fails the run instead of skipping the tests.
import { existsSync } from 'node:fs'

export const CHROMIUM = '/usr/bin/chromium'
export const hasChromium = existsSync(CHROMIUM)
if (!hasChromium && process.env.CI) throw new Error(`CI needs Debian's chromium at ${CHROMIUM} for the browser tests (apt-get install -y chromium)`)
