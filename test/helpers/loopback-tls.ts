// A real HTTPS server on 127.0.0.1 with a self-signed certificate made for the test run (openssl),
// so the guarded client, did:web resolution and issuer profiles are exercised over TLS on loopback.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:https'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export type Route = (req: IncomingMessage, res: ServerResponse) => void

export interface LoopbackTls {
  /** `127.0.0.1:PORT` */
  host: string
  origin: string
  cert: string
  /** Requests received, by path. */
  hits: Map<string, number>
  routes: Map<string, Route>
  json(path: string, body: unknown): void
  close(): Promise<void>
}

export function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

export async function startLoopbackTls(): Promise<LoopbackTls> {
  const dir = mkdtempSync(join(tmpdir(), 'microcred-tls-'))
  const keyPath = join(dir, 'key.pem')
  const certPath = join(dir, 'cert.pem')
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyPath, '-out', certPath, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:rebind.test'],
    { stdio: 'ignore' },
  )
  const key = readFileSync(keyPath, 'utf8')
  const cert = readFileSync(certPath, 'utf8')
  rmSync(dir, { recursive: true, force: true })
  const routes = new Map<string, Route>()
  const hits = new Map<string, number>()
  const sockets = new Set<import('node:net').Socket>()
  const server: Server = createServer({ key, cert }, (req, res) => {
    const path = new URL(req.url ?? '/', 'https://x').pathname
    hits.set(path, (hits.get(path) ?? 0) + 1)
    const route = routes.get(path)
    if (route) route(req, res)
    else {
      res.writeHead(404, 'SECRET-INTERNAL-STATUS', { 'content-type': 'text/plain' })
      res.end('SECRET-INTERNAL-BODY')
    }
  })
  server.on('secureConnection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    host: `127.0.0.1:${port}`,
    origin: `https://127.0.0.1:${port}`,
    cert,
    hits,
    routes,
    json(path, body) {
      routes.set(path, (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(JSON.stringify(body))
      })
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
