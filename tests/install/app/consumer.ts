// Type-checked (never run) in the project of installed tarballs by install.test.ts: the published
// declarations must resolve through package.json's `types`/`exports` and type this ordinary use.
import {
  availableBackends,
  ConsistentHashRing,
  init,
  jumpHash,
  jumpHashMany,
  type Key,
  type WasmInput,
  xxh3,
  xxh64,
} from '@chash/core'

// Browsers: load the WebAssembly engine first, from the bundler's asset or from anywhere else.
const wasmFrom: WasmInput = new URL('https://cdn.example/chash_wasm_bg.wasm')
const ready: Promise<void> = init().then(() => init(wasmFrom))

interface Server {
  url: string
}

const ring = new ConsistentHashRing<Server>({ backend: 'auto', vnodes: 160, hash: 'xxh3', seed: 0n })
ring
  .addConsumer('a', { url: 'https://a.example' }, { weight: 2 })
  .addConsumer('b', { url: 'https://b.example' })
const key: Key = 'user:42'
const owner: Server | undefined = ring.getConsumer(key)
const replicas: Server[] = ring.getConsumers(42, 2)
const ids: Array<string | undefined> = ring.getConsumerIdMany(['x', 'y'])
const bucket: number = jumpHash(42n, 10) + jumpHash('job', 3)
const buckets: Uint32Array = jumpHashMany(new BigUint64Array([1n, 2n]), 5)
const hashes: bigint[] = [xxh3('k'), xxh64(new Uint8Array([1]), 7n)]
const backends: Array<'native' | 'wasm' | 'js'> = availableBackends()
export const used = [
  ready,
  owner,
  replicas,
  ids,
  bucket,
  buckets,
  hashes,
  backends,
  ring.backend,
  ring.pointCount,
]
