/**
 * A Cloudflare Worker (run by workerd through miniflare on loopback): the wasm engine comes from
 * the Worker's own compiled WebAssembly module, the .wasm file that @chash/core exports, passed to
 * `init()`. Routes:
 * - `GET /suite`: the suite's report on the wasm and js backends;
 * - `POST /place` with `{ "consumers": [id…], "keys": [key…] }`: the owner and 2 replicas of each
 *   key on a wasm ring, as `[owner, [owner, replica]]` pairs.
 */
import * as core from '@chash/core'
// A CompiledWasm module rule: workerd hands the module over compiled.
import wasmModule from '@chash/core/chash.wasm'
import { runSuite } from '../suite/suite.js'

declare const navigator: { userAgent: string }

export default {
  async fetch(request: Request): Promise<Response> {
    let initError: string | undefined
    try {
      await core.init(wasmModule)
    } catch (error) {
      initError = error instanceof Error ? error.message : String(error)
    }
    const url = new URL(request.url)
    if (url.pathname === '/suite') {
      // workerd's user agent is "Cloudflare-Workers"; the version comes from the test (workerd --version).
      const report = runSuite(core, { name: 'workerd', version: navigator.userAgent }, ['wasm', 'js'])
      return Response.json({ ...report, initError })
    }
    if (url.pathname === '/place' && request.method === 'POST') {
      const { consumers, keys } = (await request.json()) as { consumers: string[]; keys: string[] }
      const ring = new core.ConsistentHashRing<string>({ backend: 'wasm' })
      for (const id of consumers) ring.addConsumer(id, id)
      const placed = keys.map((key) => [ring.getConsumerId(key), ring.getConsumerIds(key, 2)])
      const backend = ring.backend
      ring.dispose()
      return Response.json({ backend, placed, initError })
    }
    return new Response('not found', { status: 404 })
  },
}
