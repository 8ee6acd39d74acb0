import { obError } from '../internal/ob-error.js'
import type { Pending, PoolThread } from './pool-thread.js'

/** Tasks in flight per worker: two keep it busy while the main thread handles the last result. */
const PER_WORKER = 2

/**
 * The pool's queue: tasks wait here, not in the workers' ports, and go to the least busy live
 * worker, each holding at most PER_WORKER — so a big batch never piles thousands of messages (and
 * their parsed credentials) into one worker. With no worker left, waiting tasks fail.
 */
export function taskQueue(threads: readonly PoolThread[]) {
  let nextId = 0
  const waiting: { id: number; message: string; pending: Pending }[] = []
  let head = 0 // waiting[head] is the next task: shifting a long queue would be quadratic
  const dispatch = () => {
    const alive = threads.filter((t) => t.alive)
    if (alive.length === 0) {
      for (const task of waiting.splice(head)) task.pending.reject(obError('ERR_OB_GENERIC', 'the credential pool has no running worker'))
      head = 0
      return
    }
    while (head < waiting.length) {
      const target = alive.reduce((a, b) => (b.pending.size < a.pending.size ? b : a))
      if (target.pending.size >= PER_WORKER) break
      const task = waiting[head++]!
      target.pending.set(task.id, task.pending)
      target.worker.postMessage(task.message)
    }
    if (head > 1024 && head * 2 > waiting.length) {
      waiting.splice(0, head)
      head = 0
    }
  }
  // Tasks and results cross threads as JSON text: copying one string is far cheaper than
  // structured-cloning a credential's deep object graph (measured: 2 workers went from 1.3× to 1.7× one thread).
  const runText = (task: object): Promise<string> => {
    const id = nextId++
    return new Promise<string>((resolve, reject) => {
      waiting.push({ id, message: JSON.stringify({ ...task, id }), pending: { resolve, reject } })
      dispatch()
    })
  }
  return { dispatch, runText }
}
