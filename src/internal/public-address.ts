import * as ipaddrModule from 'ipaddr.js'
import { FetchRefused } from '../errors.js'
import type { GuardedClientSettings } from './safe-fetch.js'

// ipaddr.js is CommonJS (`export =`): Node's ESM loader exposes it as `default` only.
const ipaddr = (ipaddrModule as unknown as { default?: typeof ipaddrModule }).default ?? ipaddrModule

/** The IP address a URL host names literally (`[::1]`, `127.0.0.1`), if it is one. */
export function ipLiteral(hostname: string): string | undefined {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname
  return ipaddr.isValid(bare) ? bare : undefined
}

/**
 * Only globally routable unicast addresses may be fetched: loopback, private (10/8, 172.16/12,
 * 192.168/16, fc00::/7), link-local (169.254/16 incl. cloud metadata, fe80::/10), CGNAT (100.64/10),
 * multicast, unspecified, broadcast, reserved, documentation and translation ranges are refused
 * (ipaddr.js names the ranges). IPv4-mapped IPv6 (`::ffff:127.0.0.1`) is judged as the IPv4 address it maps.
 */
export function assertPublicAddress(address: string, host: string, settings: GuardedClientSettings = {}): void {
  let ip: ipaddrModule.IPv4 | ipaddrModule.IPv6
  try {
    ip = ipaddr.process(address)
  } catch {
    throw new FetchRefused(`"${host}" did not resolve to a usable address`)
  }
  const range = ip.range()
  if (range === 'unicast') return
  if (range === 'loopback' && settings.allowLoopback) return
  throw new FetchRefused(`"${host}" resolves to a ${range} address (${ip.toString()}); only public addresses are fetched`)
}
