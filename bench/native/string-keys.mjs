// Where a batch of JavaScript string keys spends its time before Rust sees it (not part of tests):
// the native backend joins the keys into strings of at most 32K units and Node-API copies each out,
// which makes V8 flatten it first. Prints ns per key for 1,000,000 22-character keys in batches
// of 16,384, for each step alone.
//
//   node bench/native/string-keys.mjs
import { paddedKeys } from './timing.mjs'

const keys = paddedKeys()
const batches = []
for (let start = 0; start + 16_384 <= keys.length; start += 16_384)
  batches.push(keys.slice(start, start + 16_384))
const MAX_JOINED_UNITS = 1 << 15 // as packages/core/src/backend/native/index.ts
const offsets = new Uint32Array(16_385)
let sink = 0

/** Joins each run of keys as the native backend does; `read` then touches the joined string. */
function joinRuns(batch, read) {
  let start = 0
  while (start < batch.length) {
    let joined = ''
    let k = start
    for (; k < batch.length; k++) {
      if (joined.length + batch[k].length > MAX_JOINED_UNITS && k > start) break
      joined += batch[k]
      offsets[k - start + 1] = joined.length
    }
    if (read) sink ^= joined.charCodeAt(5) // reading a character flattens the string
    start = k
  }
}

function arrayJoin(batch) {
  for (let start = 0; start < batch.length; start += 1489)
    sink ^= batch.slice(start, start + 1489).join('').length
}

function measure(label, run) {
  const samples = []
  for (let round = 0; round < 7; round++) {
    const start = process.hrtime.bigint()
    for (const batch of batches) run(batch)
    samples.push(Number(process.hrtime.bigint() - start) / (batches.length * 16_384))
  }
  samples.sort((a, b) => a - b)
  console.log(`${label.padEnd(40)} ${samples[3].toFixed(1)} ns/key (median of 7)`)
}

measure('append (+=) only', (batch) => joinRuns(batch, false))
measure('append (+=) and flatten', (batch) => joinRuns(batch, true))
measure('Array#join of slices', arrayJoin)
globalThis.sink = sink
