// The entry for Vite and webpack 5: both emit the .wasm file that @chash/wasm's glue names with
// `new URL('…', import.meta.url)`, so init()'s default finds it.
import { start } from './page.js'

start()
