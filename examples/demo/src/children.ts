/**
 * Every child process the demo starts (redis-server, workers) is tracked here and killed when this
 * process ends: normally, on an error, on Ctrl-C, SIGTERM or SIGHUP; and every temporary directory
 * (a redis-server's) is removed then. So nothing outlives the demo.
 */
import type { ChildProcess } from 'node:child_process'
import { rmSync } from 'node:fs'

const running = new Set<ChildProcess>()
const directories = new Set<string>()
let hooksInstalled = false

function endAll(): void {
  for (const child of running) child.kill('SIGKILL')
  running.clear()
  for (const dir of directories) rmSync(dir, { recursive: true, force: true })
  directories.clear()
}

function installExitHooks(): void {
  if (hooksInstalled) return
  hooksInstalled = true
  process.on('exit', endAll)
  for (const [signal, number] of [
    ['SIGHUP', 1],
    ['SIGINT', 2],
    ['SIGTERM', 15],
  ] as const) {
    process.once(signal, () => {
      endAll()
      // The conventional exit status for death by a signal.
      process.exit(128 + number)
    })
  }
}

/** Kills `child` when this process ends, unless it has exited before. */
export function track(child: ChildProcess): ChildProcess {
  installExitHooks()
  running.add(child)
  child.once('exit', () => running.delete(child))
  return child
}

/** Removes `dir` when this process ends, unless {@link removeDirectory} removed it before. */
export function trackDirectory(dir: string): string {
  installExitHooks()
  directories.add(dir)
  return dir
}

/** Removes a directory of {@link trackDirectory} now. */
export function removeDirectory(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
  directories.delete(dir)
}

/** Kills `child` with SIGKILL (no clean shutdown) and waits until it is gone. */
export async function killHard(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return
  const gone = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGKILL')
  await gone
}
