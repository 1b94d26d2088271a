/** @chash/wasm's glue as the wasm backend runs it, for tests that reach into its memory. */
import { inBrowser } from './env.js'

/**
 * The very glue module the wasm backend loaded: in Node through `require`, as the backend loads
 * it; in a browser the module `init()` imported.
 */
export async function sharedGlue<Glue>(): Promise<Glue> {
  if (inBrowser) return (await import('@chash/wasm')) as Glue
  const { createRequire } = process.getBuiltinModule('node:module')
  return createRequire(import.meta.url)('@chash/wasm') as Glue
}
