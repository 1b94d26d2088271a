/**
 * The suite as a command-line program, bundled by esbuild (src/bundle.ts) and run by Node, Bun and
 * Deno from tests/runtimes, where @chash/core, @chash/wasm and @chash/native resolve to the
 * workspace's builds. `init()` first (as a browser would need); prints one JSON report.
 */
import * as core from '@chash/core'
import { runSuite, type SuiteReport } from '../suite/suite.js'

declare const Bun: { version: string } | undefined
declare const Deno: { version: { deno: string } } | undefined

function runtime(): { name: string; version: string } {
  if (typeof Bun !== 'undefined') return { name: 'bun', version: Bun.version }
  if (typeof Deno !== 'undefined') return { name: 'deno', version: Deno.version.deno }
  return { name: 'node', version: process.versions.node }
}

let initError: string | undefined
try {
  await core.init()
} catch (error) {
  initError = error instanceof Error ? error.message : String(error)
}
const report: SuiteReport = { ...runSuite(core, runtime(), ['native', 'wasm', 'js']), initError }
console.log(JSON.stringify(report))
