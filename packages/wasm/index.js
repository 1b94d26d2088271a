// @chash/wasm: the chash_wasm crate compiled by wasm-pack (--target web) into pkg/, plus the
// address of its .wasm file. The same ESM entry serves browsers and Node: nothing here touches the
// network or the file system until the caller initialises the module (see @chash/core's
// initWasm, which also does the synchronous set-up in Node).
export {
  __wbg_reset_state,
  default,
  initSync,
  jump,
  liveRings,
  Scratch,
  WasmKetama,
  WasmMemento,
  WasmRing,
} from './pkg/chash_wasm.js'

/**
 * The URL of the .wasm file that belongs to this glue. Written as `new URL('…', import.meta.url)`
 * so that bundlers (Vite, webpack, Rollup with a URL plugin) emit the file and rewrite the URL; in
 * Node it is a file: URL. Undefined where a module has no URL (a Cloudflare Worker bundle): there
 * the caller passes the module to init.
 */
export const wasmUrl = /* @__PURE__ */ wasmFileUrl()

function wasmFileUrl() {
  try {
    return new URL('./pkg/chash_wasm_bg.wasm', import.meta.url)
  } catch {
    return undefined
  }
}
