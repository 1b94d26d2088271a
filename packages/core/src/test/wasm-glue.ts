/**
 * Fresh instances of @chash/wasm's glue for tests that must not touch the shared one (loading,
 * traps, memory bounds).
 */
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { createWasmLoader, type Glue } from '../backend/wasm/index.js'
import { isCI } from './env.js'

const require = createRequire(import.meta.url)

/** The .wasm file, or undefined when @chash/wasm was not built here. */
export const wasmPath = (() => {
  try {
    return require.resolve('@chash/wasm/chash_wasm_bg.wasm')
  } catch {
    return undefined
  }
})()

/** Outside CI a machine without the wasm toolchain skips wasm tests; in CI a missing build fails them. */
export const runWasm = wasmPath !== undefined || isCI

/** A fresh instance of the glue (a module of its own, so not yet initialised). */
let instances = 0
export async function freshGlue(): Promise<Glue> {
  const index = require.resolve('@chash/wasm')
  const glueUrl = new URL('./pkg/chash_wasm.js', pathToFileURL(index))
  const glue = await import(/* @vite-ignore */ `${glueUrl.href}?instance=${++instances}`)
  return { ...glue, wasmUrl: new URL('chash_wasm_bg.wasm', glueUrl) } as Glue
}

/** A loader of a fresh instance, like a browser's (no synchronous path) unless `sync`. */
export async function freshLoader(sync = false) {
  const glue = await freshGlue()
  return createWasmLoader(sync ? () => glue : undefined, async () => glue)
}
