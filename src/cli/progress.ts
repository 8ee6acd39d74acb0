import type { BatchProgress } from '../batch/batch-issue.js'
import type { CliIo } from './args.js'

/** A progress bar on stderr with rate and ETA; redrawn at most 10 times a second so it costs nothing. */
export function progressBar(io: CliIo, { width = 30, tty = Boolean(process.stderr.isTTY) } = {}) {
  let last = 0
  let lastLine = ''
  let lastTenth = -1
  const line = (p: BatchProgress) => {
    const filled = p.total ? Math.round((p.done / p.total) * width) : width
    const eta = Number.isFinite(p.etaSeconds) ? `${Math.ceil(p.etaSeconds)}s` : '?'
    return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${p.done}/${p.total}  ${p.rate.toFixed(1)}/s  ETA ${eta}  (issued ${p.issued}, skipped ${p.skipped}, failed ${p.failed})`
  }
  return {
    update(p: BatchProgress) {
      const tenth = p.total ? Math.floor((p.done / p.total) * 10) : 10
      if (!tty) {
        // Logs get a line per 10%, not a redraw per row.
        if (tenth === lastTenth) return
        lastTenth = tenth
        io.stderr(`${line(p)}\n`)
        return
      }
      const now = Date.now()
      if (now - last < 100 && p.done !== p.total) return
      last = now
      lastLine = line(p)
      io.stderr(`\r${lastLine}`)
    },
    done() {
      if (tty && lastLine) io.stderr('\n')
    },
  }
}
