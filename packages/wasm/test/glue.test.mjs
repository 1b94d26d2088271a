// @chash/wasm on its own (vitest): the built module loads synchronously and
// asynchronously, its exports match index.d.ts, memory growth keeps regions usable, and rings
// are freed when garbage collected. @chash/core's wasm tests cover placement itself.
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { test } from 'vitest'
import { isCI } from '../../../scripts/ci.mjs'

const wasmFile = fileURLToPath(new URL('../pkg/chash_wasm_bg.wasm', import.meta.url))
const built = existsSync(wasmFile)
// Outside CI a machine without the wasm toolchain skips these; in CI a missing build fails them.
const skip = !built && !isCI()

const encoder = new TextEncoder()

/** Loads the module synchronously; returns the package's exports and the instance's memory. */
async function load() {
  const wasm = await import('@chash/wasm')
  const { memory } = wasm.initSync({ module: readFileSync(wasm.wasmUrl) })
  return { wasm, memory }
}

test.skipIf(skip)('exports what index.d.ts declares', async () => {
  const { wasm } = await load()
  for (const name of ['default', 'initSync', 'jump', 'liveRings'])
    assert.equal(typeof wasm[name], 'function', name)
  assert.ok(wasm.wasmUrl instanceof URL)
  assert.equal(fileURLToPath(wasm.wasmUrl), wasmFile)
  const methods = {
    Scratch: ['reserve', 'hash64', 'jumpMany', 'free'],
    WasmRing: ['setConsumer', 'removeConsumer', 'pointCount', 'lookup', 'lookupMany', 'replicas', 'free'],
  }
  for (const [cls, names] of Object.entries(methods)) {
    for (const name of names) assert.equal(typeof wasm[cls].prototype[name], 'function', `${cls}.${name}`)
  }
  // The async initialiser returns the same instance once initialised.
  assert.equal((await wasm.default()).memory, wasm.initSync({ module: new Uint8Array(0) }).memory)
})

test.skipIf(skip)('regions stay usable across memory growth', async () => {
  const { wasm, memory } = await load()
  const scratch = new wasm.Scratch()
  const ring = new wasm.WasmRing(0, 0, 0)
  ring.setConsumer(0, encoder.encode('a'), 10)
  ring.setConsumer(1, encoder.encode('b'), 10)
  const lookup = (key, at) => {
    const { written } = encoder.encodeInto(key, new Uint8Array(memory.buffer, at, key.length * 3))
    return ring.lookup(scratch, written)
  }
  let at = scratch.reserve(0, 64)
  const before = lookup('some key', at)
  const pages = memory.buffer.byteLength
  // 16 MB of keys grows the memory and moves the region.
  at = scratch.reserve(0, 16 << 20)
  assert.ok(memory.buffer.byteLength > pages)
  assert.equal(lookup('some key', at), before)
  const big = 'x'.repeat(1 << 20)
  const slot = lookup(big, at)
  assert.ok(slot === 0 || slot === 1)
  // Out region: three distinct replicas of two consumers are two.
  const out = scratch.reserve(2, 3)
  at = scratch.reserve(0, 0) // unchanged, but the call is what a caller does after growth
  encoder.encodeInto('k', new Uint8Array(memory.buffer, at, 3))
  assert.equal(ring.replicas(scratch, 1, 3), 2)
  const replicas = Array.from(new Uint32Array(memory.buffer, out, 2)).sort()
  assert.deepEqual(replicas, [0, 1])
})

test.skipIf(skip)('frees rings that were garbage collected', async () => {
  const { wasm } = await load()
  // The `gc` function, exposed at run time (vitest's workers do not start with --expose-gc).
  setFlagsFromString('--expose-gc')
  const gc = runInNewContext('gc')
  const settle = async (done) => {
    for (let round = 0; round < 50 && !done(); round++) {
      gc()
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  }
  await settle(() => false)
  const base = wasm.liveRings()
  let rings = Array.from({ length: 20 }, () => new wasm.WasmRing(1, 2, 3))
  assert.equal(wasm.liveRings(), base + 20)
  rings[0].free() // freed at once
  assert.equal(wasm.liveRings(), base + 19)
  rings = undefined
  await settle(() => wasm.liveRings() === base)
  assert.equal(wasm.liveRings(), base)
})
