// Type-checked (never run) by types.test.ts in a project of the installed tarballs, by every
// supported TypeScript with skipLibCheck off: it uses the whole public API of @chash/core.
import {
  availableBackends,
  type BackendChoice,
  type BackendName,
  type BackendReport,
  backendReport,
  type ChashError,
  type ChashErrorCode,
  ConsistentHashRing,
  type ConsumerOptions,
  DEFAULT_VNODES,
  type FunctionOptions,
  type HashName,
  init,
  isChashError,
  type JumpKey,
  jumpHash,
  jumpHashMany,
  KETAMA_DEFAULT_VNODES,
  type KetamaCompat,
  type KetamaConsumerOptions,
  type KetamaOptions,
  KetamaRing,
  type Key,
  KeyBatch,
  MAX_BUCKETS,
  MAX_POINTS_PER_CONSUMER,
  MementoHash,
  type MementoOptions,
  MementoRing,
  type MementoRingOptions,
  type MementoRingSnapshot,
  type MementoSnapshot,
  type RingOptions,
  type RingSnapshot,
  SNAPSHOT_VERSION,
  type WasmInput,
  warnOnJsFallback,
  xxh3,
  xxh64,
} from '@chash/core'

// Browsers: load the WebAssembly engine first, from the bundler's asset or from anywhere else.
warnOnJsFallback()
const wasmFrom: WasmInput = new URL('https://cdn.example/chash_wasm_bg.wasm')
const ready: Promise<void> = init().then(() => init(wasmFrom))

interface Server {
  url: string
}
const backend: BackendChoice = 'auto'
const hash: HashName = 'xxh3'
const ringOptions: RingOptions = { backend, vnodes: DEFAULT_VNODES, hash, seed: 0n }
const weighted: ConsumerOptions = { weight: 2 }
const ring = new ConsistentHashRing<Server>(ringOptions)
ring.addConsumer('a', { url: 'https://a.example' }, weighted).addConsumer('b', { url: 'https://b.example' })
const key: Key = 'user:42'
const batch = KeyBatch.from(['x', 'y', 7, new Uint8Array([1, 2])])
const slots: Int32Array = ring.getSlotMany(batch, new Int32Array(batch.length))
const ringUse = [
  ring.getConsumer(key),
  ring.getConsumers(42, 2),
  ring.getConsumerIdMany(['x', 'y']),
  ring.getConsumerMany(batch),
  ring.consumerAt(ring.getSlot(key)),
  ring.removeConsumer('b'),
  ring.getWeight('a'),
  ring.pointCount,
  ring.size,
  slots,
]
const ringSnapshot: RingSnapshot = ring.toJSON()
const restored: ConsistentHashRing<Server> = ConsistentHashRing.fromJSON(
  JSON.parse(JSON.stringify(ringSnapshot)),
  {
    info: (id) => ({ url: `https://${id}.example` }),
  },
)

// MementoHash: bucket numbers with arbitrary removals.
const mementoOptions: MementoOptions = { hash: 'xxh64', seed: 7n, backend: 'js' }
const memento = new MementoHash(10, mementoOptions)
memento.removeBucket(3)
const mementoSnapshot: MementoSnapshot = memento.toJSON()
const bucketUse: number[] = [
  memento.getBucket(key),
  memento.addBucket(),
  memento.size,
  MementoHash.fromJSON(mementoSnapshot).getBucketMany(['k'])[0],
]

// MementoRing: named consumers over MementoHash.
const mementoRingOptions: MementoRingOptions = {}
const mementoRing = new MementoRing<Server>(mementoRingOptions).addConsumer('a', { url: 'https://a.example' })
const mementoRingSnapshot: MementoRingSnapshot = mementoRing.toJSON()
const mementoRingBack = MementoRing.fromJSON<Server>(mementoRingSnapshot, { info: (id) => ({ url: id }) })

// KetamaRing: hashring's, libketama's and libmemcached's continuums.
const compat: KetamaCompat = 'libmemcached'
const ketamaOptions: KetamaOptions = { compat, vnodes: KETAMA_DEFAULT_VNODES }
const ketamaWeight: KetamaConsumerOptions = { weight: 3 }
const ketama = new KetamaRing<string>(ketamaOptions).addConsumer('10.0.0.1:11211', 'one', ketamaWeight)
const server: string | undefined = ketama.getConsumerId('key')

// Functions.
const functionOptions: FunctionOptions = { backend: 'auto' }
const jumpKey: JumpKey = 'job'
const bucket: number = jumpHash(42n, 10) + jumpHash(jumpKey, 3, functionOptions)
const buckets: Uint32Array = jumpHashMany(new BigUint64Array([1n, 2n]), 5)
const hashes: bigint[] = [xxh3('k'), xxh64(new Uint8Array([1]), 7n)]
const limits: number[] = [MAX_BUCKETS, MAX_POINTS_PER_CONSUMER, SNAPSHOT_VERSION]

// Which backend runs, and why.
const backends: BackendName[] = availableBackends()
const report: BackendReport = backendReport()
const reasons: Array<string | undefined> = report.backends.map((b) => (b.loaded ? undefined : b.reason))
const auto: BackendName | undefined = report.auto

// Errors: a stable code besides the class and message.
function codeOf(error: unknown): ChashErrorCode | undefined {
  if (!isChashError(error)) return undefined
  const typed: ChashError = error
  return typed.code
}
const invalid: ChashErrorCode = 'ERR_CHASH_INVALID_ARGUMENT'

ring.dispose()
restored[Symbol.dispose]()
memento.dispose()
mementoRing.dispose()
mementoRingBack.dispose()
ketama.dispose()

export const used = [
  ready,
  ringUse,
  bucketUse,
  server,
  bucket,
  buckets,
  hashes,
  limits,
  backends,
  reasons,
  auto,
  codeOf,
  invalid,
]
