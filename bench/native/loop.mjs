// One native single call in a loop, for a profiler (not part of tests):
//
//   perf record -e cpu-clock -F 2000 -g -o native.perf -- node --perf-basic-prof bench/native/loop.mjs getConsumer
//   perf report -i native.perf --no-children --sort sym -g none
//
// `getConsumer` (the default) or `getConsumers`: 8 passes over the million 22-byte keys of
// quick.mjs on a ring of 1,000 consumers; prints ns per call. Needs @chash/core built.
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { paddedKeys, REPO as repo } from './timing.mjs'

const core = await import(pathToFileURL(join(repo, 'packages', 'core', 'dist', 'index.js')).href)
const replicas = process.argv[2] === 'getConsumers'
const r = new core.ConsistentHashRing({ backend: 'native' })
for (let i = 0; i < 1000; i++) r.addConsumer(`node-${i}`, i)
const keys = paddedKeys()
let acc = 0
const start = process.hrtime.bigint()
for (let pass = 0; pass < 8; pass++)
  for (const key of keys) acc ^= replicas ? r.getConsumers(key, 3).length : r.getConsumer(key)
console.log(Number(process.hrtime.bigint() - start) / 8e6, 'ns per call', acc)
