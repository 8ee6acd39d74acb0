import { randomId } from '../exchange/exchanges.js'

/**
 * `c_nonce`s handed out by the nonce endpoint: each accepted once, until it expires. Kept in memory
 * (a restart invalidates them, and wallets simply ask again), at most `max`, oldest dropped first.
 */
export class NonceBook {
  private readonly nonces = new Map<string, number>()

  constructor(
    private readonly ttlMs = 5 * 60_000,
    private readonly max = 10_000,
  ) {}

  issue(now: Date): { nonce: string; expiresIn: number } {
    const nonce = randomId()
    if (this.nonces.size >= this.max) this.nonces.delete(this.nonces.keys().next().value as string)
    this.nonces.set(nonce, now.getTime() + this.ttlMs)
    return { nonce, expiresIn: Math.floor(this.ttlMs / 1000) }
  }

  /** True once for a live nonce; false for unknown, expired or used ones. */
  consume(nonce: string, now: Date): boolean {
    const expires = this.nonces.get(nonce)
    this.nonces.delete(nonce)
    return expires !== undefined && expires > now.getTime()
  }
}
