// Copies @chash/wasm's .wasm file to dist/chash.wasm, which package.json exports as
// `@chash/core/chash.wasm`: apps and bundlers (esbuild, Rollup, Workers) import the asset from the
// package they depend on, not from the transitive @chash/wasm, whose glue is always this build's.
// turbo runs it as its own task (`wasm-asset`, after @chash/wasm's build, so a Rust change does not
// rebuild core's TypeScript) and npm before packing (prepack).
// Without a built @chash/wasm it says so and exits 0, except with --required in CI.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { isCI } from '../../../scripts/ci.mjs'

const target = new URL('../dist/chash.wasm', import.meta.url)
let source
try {
  source = createRequire(import.meta.url).resolve('@chash/wasm/chash_wasm_bg.wasm')
} catch {}
if (source === undefined || !existsSync(source)) {
  const message = '@chash/wasm is not built: dist/chash.wasm (the `@chash/core/chash.wasm` export) is missing'
  if (process.argv.includes('--required') && isCI()) {
    console.error(`[wasm-asset] ${message}`)
    process.exit(1)
  }
  console.warn(`[wasm-asset] ${message}`)
} else {
  mkdirSync(new URL('.', target), { recursive: true })
  copyFileSync(source, target)
}
