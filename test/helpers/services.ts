import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createConnection } from 'node:net'

/**
 * Gate for tests that need a service on this machine: in CI (`CI` set) a missing service fails the
 * file, elsewhere its tests are skipped with a message saying what to start.
 */
export function requireService(name: string, available: boolean, hint: string): boolean {
  if (available) return true
  if (process.env.CI) throw new Error(`${name} is required in CI but is not available (${hint})`)
  console.warn(`skipping the ${name} tests: ${name} is not available (${hint})`)
  return false
}

/** True when something answers a Redis PING on host:port within a second. */
export function redisAnswers(host = '127.0.0.1', port = 6379): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port })
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(1000, () => done(false))
    socket.once('error', () => done(false))
    socket.once('connect', () => socket.write('PING\r\n'))
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')))
  })
}

/** Debian's SoftHSM2 module and its token tool, when both are installed. */
export function softHsm(): { module: string } | undefined {
  const module = ['/usr/lib/softhsm/libsofthsm2.so', '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so', '/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so'].find(existsSync)
  if (!module) return undefined
  try {
    execFileSync('softhsm2-util', ['--version'], { stdio: 'ignore' })
  } catch {
    return undefined
  }
  return { module }
}
