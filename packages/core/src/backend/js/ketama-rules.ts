/**
 * The per-library rules of the ketama continuums (docs/placement.md §9.2–§9.3): how many md5
 * digests a server gets, in each library's own float precision, and the label its digests hash.
 * The TypeScript twin of the same rules in chash_core's ketama.rs.
 */
import type { KetamaCompat } from '../types.js'

/** libmemcached's default port: a server on it is labelled by its host alone. */
const MEMCACHED_DEFAULT_PORT = 11211
const COLON = 0x3a
const encoder = new TextEncoder()

/** The number of digests of a server of `weight` among `n` servers weighing `total`. */
export function digestCount(
  compat: KetamaCompat,
  vnodes: number,
  weight: number,
  total: number,
  n: number,
): number {
  const f = Math.fround
  switch (compat) {
    case 'hashring':
    case 'hash_ring':
      // hashring: Math.floor(percentage * vnodes * servers.length), percentage = weight / total.
      return Math.floor((weight / total) * vnodes * n)
    case 'libketama': {
      // float pct = (float)memory / (float)total; floorf(pct * 40.0 * (float)numservers):
      // the product in double, rounded to float by floorf's parameter.
      const pct = f(f(weight) / f(total))
      return Math.floor(f(pct * vnodes * f(n)))
    }
    case 'libmemcached': {
      // floor((float)(pct * 160 / 4 * (float)live_servers + 0.0000000001F)): every step in float.
      const pct = f(f(weight) / f(total))
      return Math.floor(f(f(f(f(pct * f(4 * vnodes)) / 4) * f(n)) + f(1e-10)))
    }
  }
}

/** The value of a non-empty all-ASCII-digit byte run, or -1 (also above 2^53). */
function decimal(bytes: Uint8Array, start: number, end: number): number {
  if (start >= end) return -1
  let value = 0
  for (let k = start; k < end; k++) {
    const digit = bytes[k] - 0x30
    if (digit < 0 || digit > 9) return -1
    value = value * 10 + digit
    if (value > Number.MAX_SAFE_INTEGER) return -1
  }
  return value
}

/** The label of server `name` (its UTF-8): the text each digest hashes before `-<i>`. */
export function serverLabel(compat: KetamaCompat, name: Uint8Array, defaultPort: number): Uint8Array {
  if (compat === 'libketama') return name
  if (compat === 'libmemcached') {
    // A last ':N' with N in 0..65535 is the port (0 means 11211); else the whole name is the host.
    const colon = name.lastIndexOf(COLON)
    const port = colon > 0 ? decimal(name, colon + 1, name.length) : -1
    if (port < 0 || port > 65535) return name
    const host = name.subarray(0, colon)
    if (port === 0 || port === MEMCACHED_DEFAULT_PORT) return host
    const label = new Uint8Array(colon + 1 + String(port).length)
    label.set(host)
    label.set(encoder.encode(`:${port}`), colon)
    return label
  }
  // hashring: host = up to the first ':', port = up to the next; port === 'default port' drops it.
  const colon = name.indexOf(COLON)
  if (defaultPort === 0 || colon < 0) return name
  const next = name.indexOf(COLON, colon + 1)
  const port = decimal(name, colon + 1, next < 0 ? name.length : next)
  return port === defaultPort ? name.subarray(0, colon) : name
}
