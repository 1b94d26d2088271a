// The entry for esbuild and Rollup, which do not follow `new URL('…', import.meta.url)`: the README's
// recipe. The bundler emits @chash/core's .wasm asset (esbuild: the file loader; Rollup:
// @rollup/plugin-url) and gives its path, relative to the bundle.
import wasmPath from '@chash/core/chash.wasm'
import { start } from './page.js'

start(new URL(wasmPath, import.meta.url))
