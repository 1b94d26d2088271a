// Two or more builds of the addon side by side (not part of tests): rounds of `lookup` and
// `replicas(key, 3)` on a ring of 1,000 consumers per build, interleaved in one process so that
// every build sees the same machine load; CPU time per call (process.cpuUsage), best and median.
// With `--ketama`, the same calls of a ketama continuum (compat 'hashring', 1,000 servers
// `node-0` …, 40 vnodes: 160,000 points) instead.
//
//   cp packages/native/chash.linux-x64-gnu.node /tmp/old.node   # before a change
//   node bench/native/compare.mjs [--ketama] /tmp/old.node packages/native/chash.linux-x64-gnu.node
//
// Keys: the million 22-byte keys of quick.mjs. Pass the same file twice to see the noise.
import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import { compareBuilds, paddedKeys } from './timing.mjs'

const require = createRequire(import.meta.url)
const args = process.argv.slice(2)
const ketama = args.includes('--ketama')
const keys = paddedKeys()
const encoder = new TextEncoder()
const builds = args
  .filter((arg) => arg !== '--ketama')
  .map((file, index) => {
    const addon = require(resolve(file))
    const fns = ketama
      ? new addon.NativeKetama(0, 40, 0).functions()
      : new addon.NativeRing(0, 0, 0).functions()
    for (let i = 0; i < 1000; i++) {
      const id = encoder.encode(`node-${i}`)
      if (ketama) fns.setServer(i, id, 1)
      else fns.setConsumer(i, id, 160)
    }
    fns.lookup('warm up')
    const out = new Uint32Array(16)
    const ops = { lookup: (key) => fns.lookup(key), replicas: (key) => fns.replicas(key, 3, out) }
    return { name: `${index + 1}: ${file}`, ops }
  })
compareBuilds(builds, keys)
