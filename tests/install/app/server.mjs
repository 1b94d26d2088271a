// A Node server's entry, bundled by esbuild for platform node (src/bundlers.ts) and run both next
// to the project's node_modules and copied where there is none. The README's recipe: the bundle
// carries @chash/core's .wasm asset (file loader) and hands it to init(); the native addon cannot
// be bundled, so it loads only where @chash/native is installed, and says why not elsewhere.
// Prints one JSON report.
import * as core from '@chash/core'
import wasmPath from '@chash/core/chash.wasm'
import { checkAll, tryInit } from './checks.mjs'
import vectors from './vectors.json'

const report = { available: core.availableBackends() }
try {
  new core.ConsistentHashRing({ backend: 'wasm' }).dispose()
} catch (error) {
  report.wasmBeforeInit = error.message
}
Object.assign(report, await tryInit(core, new URL(wasmPath, import.meta.url)))
report.afterInit = core.availableBackends()
Object.assign(report, checkAll(core, ['native', 'wasm', 'js'], vectors))
console.log(JSON.stringify(report))
