/** The native `replicas` of rings and ketama continuums, called with an output of its own. */
import type * as Native from '@chash/native'
import { lengthOf } from '../../typed-arrays.js'
import type { SlotEngine } from '../types.js'

/**
 * `replicas` over an addon's bound one that writes into a buffer of this function's own, passed
 * as an ArrayBuffer, then copies the owners to `out`. Node-API reads an ArrayBuffer argument far
 * faster than a typed array one (whose kind it tests against each kind in turn): about a third of
 * a replica call's cost on 22-byte keys (bench/README.md, "Native single calls").
 */
export function bufferedReplicas(replicas: Native.NativeRingFunctions['replicas']): SlotEngine['replicas'] {
  let view = new Uint32Array(16)
  let buffer = view.buffer
  return (key, n, out) => {
    const want = Math.min(n, lengthOf(out))
    if (want > view.length) {
      view = new Uint32Array(want)
      buffer = view.buffer
    }
    const found = replicas(key, want, buffer)
    for (let k = 0; k < found; k++) out[k] = view[k]
    return found
  }
}
