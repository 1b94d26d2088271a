// The floor of the wasm backend's single calls: every way Node offers to write one string key into
// wasm memory, in ns per key (the keys of quick.mjs; `--key-length N` for N-byte ones), next to
// WasmRuntime.writeKey, which the backend uses. Native reads the string where it is; wasm must copy
// it first, and this is what the copy costs on this runtime.
//
//   pnpm --filter @chash/core build && node bench/wasm/string-copy.mjs [--rounds N] [--repeat N] [--key-length N]
//
// Each way runs in a process of its own; each figure is the best round (harness.mjs).
import * as run from './harness.mjs'

const WAYS = [
  'WasmRuntime.writeKey',
  'encodeInto',
  'utf8Write',
  'latin1Write',
  'asciiWrite',
  'charCodeAt loop',
]

if (run.only === undefined) {
  const rows = run.runEachBackend(import.meta.url, WAYS)
  console.log(
    `${run.KEYS} distinct ${run.KEY_LENGTH}-byte ASCII keys; ns per key, best of ${run.ROUNDS} rounds × ${run.REPEAT} runs`,
  )
  console.table(Object.fromEntries([...rows].map(([way, row]) => [way, row.ns])))
} else {
  const { rt } = await run.loadWasm()
  const keys = run.makeKeys()
  rt.writeKey(keys[0]) // sizes the key region
  const at = rt.keysAt
  const u8 = rt.u8
  const region = rt.keysView
  const buffer = Buffer.from(rt.memory.buffer)
  const encoder = new TextEncoder()
  const ways = {
    'WasmRuntime.writeKey': (k) => rt.writeKey(keys[k]),
    encodeInto: (k) => encoder.encodeInto(keys[k], region).written,
    // Node's Buffer methods; latin1 and ascii are right for ASCII keys only.
    utf8Write: (k) => buffer.utf8Write(keys[k], at),
    latin1Write: (k) => buffer.latin1Write(keys[k], at),
    asciiWrite: (k) => buffer.asciiWrite(keys[k], at),
    'charCodeAt loop': (k) => {
      const key = keys[k]
      for (let i = 0; i < key.length; i++) u8[at + i] = key.charCodeAt(i)
      return key.length
    },
  }
  const step = ways[run.only]
  // Each way must have written the key's bytes.
  const written = step(1)
  const expected = encoder.encode(keys[1])
  if (written !== expected.length || !expected.every((b, i) => u8[at + i] === b))
    throw new Error(`${run.only} did not write key 1`)
  console.log(JSON.stringify(run.measure({ ns: step })))
}
