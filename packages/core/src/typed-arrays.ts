/**
 * Typed arrays read through their internal slots, never through their own account of
 * themselves. A subclass getter, an own `length` property or a Proxy can make `length`,
 * `buffer`, `set` or `subarray` say or do anything, and an engine that sized a copy by such a lie
 * would read or write the wrong bytes, differently on each backend. So the getters and methods of
 * %TypedArray%.prototype are captured once, when this module loads, and called on the array: no
 * user code runs while a typed array is read, and what is read is what the memory holds.
 *
 * A Proxy around a typed array is not a typed array (it has no internal slots): every argument
 * that must be a typed array rejects it with a TypeError, on every backend.
 */

const TYPED_ARRAY_PROTOTYPE = Object.getPrototypeOf(Uint8Array.prototype) as object

function getterOf(name: PropertyKey): (this: unknown) => unknown {
  const get = Object.getOwnPropertyDescriptor(TYPED_ARRAY_PROTOTYPE, name)?.get
  if (get === undefined) throw new Error(`%TypedArray%.prototype has no ${String(name)} getter`)
  return get
}

const getName = getterOf(Symbol.toStringTag)
const getLength = getterOf('length')
const getBuffer = getterOf('buffer')
const getByteOffset = getterOf('byteOffset')
const getByteLength = getterOf('byteLength')
const setMethod = Uint8Array.prototype.set as (
  this: unknown,
  source: ArrayLike<number>,
  offset?: number,
) => void
const fillMethod = Uint8Array.prototype.fill as (
  this: unknown,
  value: number,
  start?: number,
  end?: number,
) => void
const { apply } = Reflect

/** The kind of a real typed array (`'Uint8Array'`, …), or undefined for anything else (a Proxy included). */
export function typedArrayName(value: unknown): string | undefined {
  return apply(getName, value, []) as string | undefined
}

/** The number of elements of a real typed array (0 once its buffer is detached or out of bounds). */
export function lengthOf(array: ArrayBufferView): number {
  return apply(getLength, array, []) as number
}

/** The buffer, offset and size in bytes of a real typed array. */
export function bufferOf(array: ArrayBufferView): ArrayBufferLike {
  return apply(getBuffer, array, []) as ArrayBufferLike
}
export function byteOffsetOf(array: ArrayBufferView): number {
  return apply(getByteOffset, array, []) as number
}
export function byteLengthOf(array: ArrayBufferView): number {
  return apply(getByteLength, array, []) as number
}

/** `target.set(source, offset)` for real typed arrays, whatever `target` says its `set` is. */
export function setInto(target: ArrayBufferView, source: ArrayBufferView, offset: number): void {
  apply(setMethod, target, [source, offset])
}

/** `target.fill(value, start, end)` for a real typed array, whatever it says its `fill` is. */
export function fillRange(target: ArrayBufferView, value: number, start: number, end: number): void {
  apply(fillMethod, target, [value, start, end])
}

/**
 * A plain view of the memory of the real typed array `array` (same buffer, offset and length):
 * its `length`, `subarray` and `set` are the built-in ones for as long as it lives. An empty or
 * detached array gives a new empty view.
 */
export function plainView<T extends Uint8Array | Uint32Array>(
  array: T,
  View: new (buffer: ArrayBufferLike, byteOffset: number, length: number) => T,
  empty: () => T,
): T {
  const length = lengthOf(array)
  if (length === 0) return empty()
  return new View(bufferOf(array), byteOffsetOf(array), length)
}

/** Whether two real typed arrays share any byte of memory. */
export function overlaps(a: ArrayBufferView, b: ArrayBufferView): boolean {
  if (bufferOf(a) !== bufferOf(b)) return false
  const aStart = byteOffsetOf(a)
  const aLength = byteLengthOf(a)
  const bStart = byteOffsetOf(b)
  const bLength = byteLengthOf(b)
  return aLength > 0 && bLength > 0 && aStart < bStart + bLength && bStart < aStart + aLength
}
