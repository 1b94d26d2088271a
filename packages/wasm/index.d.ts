/**
 * @chash/wasm: the chash_wasm crate (crates/chash_wasm) compiled to WebAssembly by wasm-pack.
 *
 * The API deals only in numbers: keys are written by the caller into a {@link Scratch}'s regions
 * in `memory` and passed by length. Any call may grow `memory`, which detaches existing views of
 * `memory.buffer`; re-create them after every call. @chash/core's wasm backend is the intended
 * user; these declarations are written by hand (the generated ones are in pkg/) so that they
 * exist before the first build.
 * @packageDocumentation
 */

/** What the module can be initialised from. */
export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module

/** The raw exports of the instance; `memory` is the one JavaScript needs. */
export interface InitOutput {
  readonly memory: WebAssembly.Memory
}

/** Instantiates the module asynchronously (fetching {@link wasmUrl} by default); idempotent. */
export default function init(options?: {
  module_or_path?: InitInput | Promise<InitInput>
}): Promise<InitOutput>

/** Instantiates the module synchronously from bytes or a compiled module; idempotent. */
export function initSync(options: { module: BufferSource | WebAssembly.Module }): InitOutput

/**
 * Replaces the instance by a fresh one of the same module, with fresh memory (after a trap); every
 * object of the old instance is dead. wasm-bindgen's `--experimental-reset-state-function`.
 */
export function __wbg_reset_state(): void

/**
 * The URL of the .wasm file next to this module (bundlers rewrite it to the emitted asset);
 * undefined where modules have no URL (Cloudflare Workers).
 */
export declare const wasmUrl: URL | undefined

/** Jump hash (Lamping & Veach) of the key `hi·2^32 + lo` into `buckets` (1 … 2^31−1, unchecked). */
export function jump(hi: number, lo: number, buckets: number): number

/** The number of rings created and not yet freed (for leak tests). */
export function liveRings(): number

/**
 * The regions one caller reads and writes, in wasm memory: keys (bytes), offsets and out
 * (`u32`), words (`u64`).
 */
export class Scratch {
  constructor()
  /**
   * Grows region 0 = keys, 1 = offsets, 2 = out or 3 = words to at least `len` elements (never
   * shrinks) and returns its byte address in `memory`.
   */
  reserve(region: number, len: number): number
  /** XXH3 (kind 0) or XXH64 (kind 1) of keys[0 .. len) with the seed hi·2^32 + lo; out[0] = high, out[1] = low half. */
  hash64(kind: number, seedHi: number, seedLo: number, len: number): void
  /** out[k] = jump(words[k], buckets) for k < count. */
  jumpMany(count: number, buckets: number): void
  /** Jump hash of XXH3-64 (seed 0) of keys[0 .. len) into `buckets` (1 … 2^31−1, unchecked): hashed and jumped in one call. */
  jumpKey(len: number, buckets: number): number
  /** out[k] = jumpKey of key k (keys[offsets[k] .. offsets[k + 1])) for k < count; a RangeError on bad offsets or buckets. */
  jumpKeysMany(count: number, buckets: number): void
  free(): void
}

/** A consistent-hash ring whose consumers are slots; freed when garbage collected (or by `free()`). */
export class WasmRing {
  constructor(kind: number, seedHi: number, seedLo: number)
  setConsumer(slot: number, id: Uint8Array, points: number): void
  removeConsumer(slot: number): boolean
  pointCount(): number
  /** The owner's slot of the key in keys[0 .. len), or -1 on an empty ring. */
  lookup(scratch: Scratch, len: number): number
  /** out[k] = owner of keys[offsets[k] .. offsets[k+1]) for k < count (u32::MAX, i.e. -1 as int32, on an empty ring). */
  lookupMany(scratch: Scratch, count: number): void
  /** Writes up to n distinct owners of keys[0 .. len) in ring order to out[0 ..]; returns how many. */
  replicas(scratch: Scratch, len: number, n: number): number
  free(): void
}

/** A MementoHash (docs/placement.md §8): bucket numbers in and out; freed when garbage collected (or by `free()`). */
export class WasmMemento {
  /** Working buckets 0 … buckets − 1 with the hash kind (0 = XXH3, 1 = XXH64) and the seed hi·2^32 + lo. */
  constructor(kind: number, seedHi: number, seedLo: number, buckets: number)
  /** The bucket of the key in keys[0 .. len). */
  lookup(scratch: Scratch, len: number): number
  /** out[k] = bucket of keys[offsets[k] .. offsets[k+1]) for k < count. */
  lookupMany(scratch: Scratch, count: number): void
  /** Removes a working bucket that is not the only one (else throws). */
  removeBucket(bucket: number): void
  /** Brings back the most recently removed bucket, else adds one at the end; returns it. */
  addBucket(): number
  free(): void
}

/** A ketama continuum (compat 0 hashring, 1 hash_ring, 2 libketama, 3 libmemcached) whose servers are slots. */
export class WasmKetama {
  constructor(compat: number, vnodes: number, defaultPort: number)
  setServer(slot: number, name: Uint8Array, weight: number): void
  removeServer(slot: number): boolean
  pointCount(): number
  /** The owner's slot of the key in keys[0 .. len), or -1 without points. */
  lookup(scratch: Scratch, len: number): number
  /** out[k] = owner of keys[offsets[k] .. offsets[k+1]] for k < count. */
  lookupMany(scratch: Scratch, count: number): void
  /** Writes up to n distinct owners of keys[0 .. len) in continuum order to out[0 ..]; returns how many. */
  replicas(scratch: Scratch, len: number, n: number): number
  free(): void
}
