import { describe, expect, it } from 'vitest'
import { concatBytes, readAtMost } from '../../src/internal/bytes.js'

/** A stream of `count` chunks of `size` bytes, counting how many were pulled and whether it was cancelled. */
function chunked(count: number, size: number) {
  const seen = { pulled: 0, cancelled: false }
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (seen.pulled === count) return controller.close()
      controller.enqueue(new Uint8Array(size).fill(++seen.pulled))
    },
    cancel() {
      seen.cancelled = true
    },
  })
  return { stream, seen }
}

describe('concatBytes', () => {
  it('joins chunks in order, and nothing into an empty array', () => {
    expect(concatBytes([Uint8Array.of(1, 2), new Uint8Array(), Uint8Array.of(3)])).toEqual(Uint8Array.of(1, 2, 3))
    expect(concatBytes([])).toEqual(new Uint8Array())
  })
})

describe('readAtMost', () => {
  it('reads a stream within the cap whole', async () => {
    const { stream, seen } = chunked(3, 4)
    expect(await readAtMost(stream, 12, () => new Error('too large'))).toEqual(Uint8Array.of(1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3))
    expect(seen.cancelled).toBe(false)
  })

  it('stops at the first chunk past the cap: cancels the stream and throws what tooLarge makes', async () => {
    const { stream, seen } = chunked(1000, 4)
    await expect(readAtMost(stream, 10, () => new RangeError('over 10 bytes'))).rejects.toThrow(new RangeError('over 10 bytes'))
    expect(seen.cancelled).toBe(true)
    expect(seen.pulled).toBeLessThan(10)
  })
})
