/**
 * What the rings of named consumers (`ConsistentHashRing`, `MementoRing`, `KetamaRing`) share:
 * the consumer table, disposal, and the methods that only map slots to consumers. Each ring keeps
 * its own placement (`getSlot`, `getConsumer`, … call its engine directly): V8 keeps type
 * feedback per function, so lookups shared here see every ring type's engines. Measured with
 * them shared in a base class, ConsistentHashRing's native `getConsumer` took 17–29 % longer
 * once all three ring types had run in the process (js and wasm: within ±4 %, the noise);
 * `node bench/wasm/ring-classes.mjs --consumers 10|1000 --core OLD --core NEW`, bench/README.md
 * § Ring lookups kept apart.
 */
import type { SlotEngine } from './backend/types.js'
import { ConsumerTable } from './consumer-table.js'
import { DISPOSE, disposed, disposedEngine } from './disposal.js'
import type { KeyBatch } from './key-batch.js'
import { type Key, type KeyInput, normalizeKey } from './keys.js'
import { checkCount } from './validate.js'

/**
 * What a disposed `className` ring's engine becomes: every use throws. `own` names the engine's
 * methods beyond {@link SlotEngine}'s (its setters).
 */
export function disposedSlotEngine<E extends SlotEngine>(
  className: string,
  own: Record<Exclude<keyof E, keyof SlotEngine>, true>,
): E {
  const methods = {
    pointCount: true,
    lookup: true,
    lookupMany: true,
    lookupPacked: true,
    replicas: true,
  } as const
  return disposedEngine<SlotEngine>(className, { ...methods, ...own }, { checksOffsets: false }) as E
}

/** The base of every ring of named consumers carrying a payload of type `ConsumerInfo`. */
export abstract class ConsumerRing<ConsumerInfo> {
  /** The consumers by slot. */
  protected readonly table = new ConsumerTable<ConsumerInfo>()
  readonly #className: string
  readonly #idName: string
  #disposed = false
  #replicaOut = new Uint32Array(16)

  /** `className` words the disposed error; `idName` names a consumer's id in errors. */
  protected constructor(className: string, idName: string) {
    this.#className = className
    this.#idName = idName
  }

  /** The number of consumers. */
  get size(): number {
    this.check()
    return this.table.size
  }

  /**
   * Frees the ring's engine memory now rather than when the ring is garbage collected (on wasm,
   * memory that a synchronous loop would otherwise hold until it yields). Any later use of the
   * ring throws an Error saying it was disposed; disposing again does nothing. A `using`
   * declaration disposes the ring at the end of its block.
   */
  dispose(): void {
    if (this.#disposed) return
    this.#disposed = true
    this.table.clear()
    this.release()
  }

  /** {@link dispose}, for `using` declarations. */
  [DISPOSE](): void {
    this.dispose()
  }

  /** Whether a consumer with this id is on the ring. */
  hasConsumer(id: string): boolean {
    return this.slotOf(id) !== undefined
  }

  /** The ids of the consumers, in the order they joined. */
  consumerIds(): string[] {
    this.check()
    return this.table.ids()
  }

  /**
   * Up to `n` distinct consumers for `key`, its owner first (`getConsumer(key)`); `n` above
   * {@link size} gives all of them. The order is each ring's own (see its class).
   */
  getConsumers(key: Key, n: number): ConsumerInfo[] {
    const found = this.#replicaSlots(key, n) // may replace #replicaOut: read it after
    return this.table.infosIn(this.#replicaOut, found) as ConsumerInfo[]
  }

  /** The ids of up to `n` distinct consumers for `key`, as {@link getConsumers}. */
  getConsumerIds(key: Key, n: number): string[] {
    const found = this.#replicaSlots(key, n)
    return this.table.idsIn(this.#replicaOut, found) as string[]
  }

  /**
   * The owners of many keys in one call (one crossing into native or wasm); undefined entries on
   * an empty ring. `keys` is an array of keys or a {@link KeyBatch}.
   */
  getConsumerMany(keys: readonly Key[] | KeyBatch): Array<ConsumerInfo | undefined> {
    return this.table.infosIn(this.getSlotMany(keys))
  }

  /** The owners' ids of many keys in one call, as {@link getConsumerMany}. */
  getConsumerIdMany(keys: readonly Key[] | KeyBatch): Array<string | undefined> {
    return this.table.idsIn(this.getSlotMany(keys))
  }

  /**
   * The owners' slots of many keys, -1 on an empty ring: the fastest way to place a batch, since
   * nothing is allocated per key. Map slots to consumers with {@link consumerAt} or an array of
   * your own indexed by {@link slotOf}.
   */
  abstract getSlotMany(keys: readonly Key[] | KeyBatch, out?: Int32Array): Int32Array

  /** The slot of the consumer with this id, or undefined if it is not on the ring. */
  slotOf(id: string): number | undefined {
    this.check()
    return this.table.slotOf(id, this.#idName)
  }

  /** The payload of the consumer in `slot`, or undefined for -1 or a slot no consumer holds. */
  consumerAt(slot: number): ConsumerInfo | undefined {
    this.check()
    return this.table.consumerAt(slot)
  }

  /** The id of the consumer in `slot`, or undefined for -1 or a slot no consumer holds. */
  consumerIdAt(slot: number): string | undefined {
    this.check()
    return this.table.consumerIdAt(slot)
  }

  /** Throws if the ring was disposed (for the methods that do not reach the engine first). */
  protected check(): void {
    if (this.#disposed) disposed(this.#className)
  }

  /** Frees the engine once the ring is disposed (the table is already cleared). */
  protected abstract release(): void

  /** Writes the slots of up to `n` distinct consumers for `key` to `out` and returns how many. */
  protected abstract replicas(key: KeyInput, n: number, out: Uint32Array): number

  /** Checks the arguments, writes the slots of `key`'s replicas to `#replicaOut` and returns how many. */
  #replicaSlots(key: Key, n: number): number {
    const input = normalizeKey(key)
    checkCount(n)
    const needed = Math.min(n, this.table.slots)
    if (this.#replicaOut.length < needed) this.#replicaOut = new Uint32Array(needed)
    return this.replicas(input, n, this.#replicaOut)
  }
}
