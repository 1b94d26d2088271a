/**
 * The consumers of a ring object by slot: each one's id and payload, and the slot of each id.
 * Slots are small integers the ring chooses (a ConsistentHashRing's engine slot, a MementoRing's
 * bucket); payloads stay here, in JavaScript, and never reach an engine.
 */
import { checkId, checkSlot } from './validate.js'

export class ConsumerTable<ConsumerInfo> {
  readonly #slotOf = new Map<string, number>()
  // Per slot: the consumer's id and payload; a free slot holds undefined.
  readonly #ids: Array<string | undefined> = []
  readonly #infos: Array<ConsumerInfo | undefined> = []
  // Freed slots, the most recently freed last: the next consumer takes it.
  readonly #free: number[] = []

  /** The number of consumers. */
  get size(): number {
    return this.#slotOf.size
  }

  /** One more than the highest slot ever used (until {@link clear}). */
  get slots(): number {
    return this.#ids.length
  }

  /** The slot of `id` (not checked), or undefined. */
  get(id: string): number | undefined {
    return this.#slotOf.get(id)
  }

  /** The slot a new consumer takes: the most recently freed one, else a new one. */
  nextSlot(): number {
    const free = this.#free
    return free.length > 0 ? free[free.length - 1] : this.#ids.length
  }

  /** Puts `id` in the free `slot` (usually {@link nextSlot}'s). */
  add(id: string, slot: number): void {
    const free = this.#free
    if (free.length > 0 && free[free.length - 1] === slot) free.pop()
    this.#slotOf.set(id, slot)
    this.#ids[slot] = id
  }

  /** Sets the payload of the consumer in `slot`. */
  setInfo(slot: number, info: ConsumerInfo): void {
    this.#infos[slot] = info
  }

  /** Frees the slot of `id`, which is in the table. */
  delete(id: string, slot: number): void {
    this.#slotOf.delete(id)
    this.#ids[slot] = undefined
    this.#infos[slot] = undefined
    this.#free.push(slot)
  }

  /** Forgets every consumer. */
  clear(): void {
    this.#slotOf.clear()
    this.#ids.length = 0
    this.#infos.length = 0
    this.#free.length = 0
  }

  /** The ids, in no particular order. */
  ids(): string[] {
    return [...this.#slotOf.keys()]
  }

  /** The id in a slot an engine returned (or -1), unchecked. */
  idIn(slot: number): string | undefined {
    return slot < 0 ? undefined : this.#ids[slot]
  }

  /** The payload in a slot an engine returned (or -1), unchecked. */
  infoIn(slot: number): ConsumerInfo | undefined {
    return slot < 0 ? undefined : this.#infos[slot]
  }

  /** The ids of the first `count` slots an engine returned (-1: undefined). */
  idsIn(slots: ArrayLike<number>, count = slots.length): Array<string | undefined> {
    const result = new Array<string | undefined>(count)
    for (let k = 0; k < count; k++) result[k] = this.idIn(slots[k])
    return result
  }

  /** The payloads of the first `count` slots an engine returned (-1: undefined). */
  infosIn(slots: ArrayLike<number>, count = slots.length): Array<ConsumerInfo | undefined> {
    const result = new Array<ConsumerInfo | undefined>(count)
    for (let k = 0; k < count; k++) result[k] = this.infoIn(slots[k])
    return result
  }

  /** `slotOf(id)` of the public API: the id checked (`name` in errors). */
  slotOf(id: string, name?: string): number | undefined {
    checkId(id, name)
    return this.#slotOf.get(id)
  }

  /** `consumerAt(slot)` of the public API: the slot checked, undefined for -1 or a free slot. */
  consumerAt(slot: number): ConsumerInfo | undefined {
    checkSlot(slot)
    return this.#ids[slot] === undefined ? undefined : this.#infos[slot]
  }

  /** `consumerIdAt(slot)` of the public API: the slot checked, undefined for -1 or a free slot. */
  consumerIdAt(slot: number): string | undefined {
    checkSlot(slot)
    return this.#ids[slot]
  }
}
