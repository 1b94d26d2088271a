// Run with Node in the project of installed tarballs: imports @chash/core as an ES module, runs the
// checks of checks.mjs on the js, wasm and native backends and prints one JSON report on stdout.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import * as core from '@chash/core'
import { checkAll, tryInit } from './checks.mjs'

const vectors = JSON.parse(readFileSync(new URL('./vectors.json', import.meta.url), 'utf8'))
const report = {
  node: process.version,
  // Where the packages come from: they must be the installed copies, not workspace links.
  resolved: Object.fromEntries(
    ['@chash/core', '@chash/wasm', '@chash/native'].map((name) => [
      name,
      fileURLToPath(import.meta.resolve(name)),
    ]),
  ),
  exports: Object.keys(core).sort(),
}
// Not needed in Node (the module loads synchronously there), but it must work the same.
Object.assign(report, await tryInit(core))
report.available = core.availableBackends()
Object.assign(report, checkAll(core, ['js', 'wasm', 'native'], vectors))
console.log(JSON.stringify(report))
