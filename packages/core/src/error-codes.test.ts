/**
 * Every kind of error carries its stable `code` (errors.ts), with the same class, message and code
 * on every backend. Out of memory and wasm traps are checked where those are provoked
 * (test/refused.ts, ketama-lifecycle.test.ts, backend/wasm/recovery.test.ts); an unavailable
 * backend in backend/report.test.ts.
 */
import { describe, expect, it } from 'vitest'
import type { BackendName } from './backend/types.js'
import {
  type ChashErrorCode,
  ConsistentHashRing,
  isChashError,
  jumpHash,
  jumpHashMany,
  KetamaRing,
  KeyBatch,
  MAX_BUCKETS,
  MementoHash,
  MementoRing,
  xxh3,
} from './index.js'
import { backendsUnderTest } from './test/backends.js'

type Case = [what: string, code: ChashErrorCode, type: string, run: (backend: BackendName) => unknown]

const ring = (backend: BackendName) => new ConsistentHashRing<string>({ backend }).addConsumer('a', 'A')
const disposedRing = (backend: BackendName) => {
  const r = ring(backend)
  r.dispose()
  return r
}

// Each entry must throw; `as never` passes the wrong types a JavaScript caller could.
const cases: Case[] = [
  [
    'a bad option',
    'ERR_CHASH_INVALID_ARGUMENT',
    'RangeError',
    (backend) => new ConsistentHashRing({ backend, vnodes: 0 }),
  ],
  [
    'an unknown option',
    'ERR_CHASH_INVALID_ARGUMENT',
    'TypeError',
    (backend) => new MementoRing({ backend, x: 1 } as never),
  ],
  [
    'an unknown backend',
    'ERR_CHASH_INVALID_ARGUMENT',
    'RangeError',
    () => new ConsistentHashRing({ backend: 'gpu' as never }),
  ],
  [
    'a bad id',
    'ERR_CHASH_INVALID_ARGUMENT',
    'TypeError',
    (backend) => ring(backend).addConsumer(7 as never, 'x'),
  ],
  [
    'a bad key',
    'ERR_CHASH_INVALID_ARGUMENT',
    'TypeError',
    (backend) => ring(backend).getConsumer({} as never),
  ],
  ['a bad n', 'ERR_CHASH_INVALID_ARGUMENT', 'RangeError', (backend) => ring(backend).getConsumers('k', -1)],
  [
    'a short out array',
    'ERR_CHASH_INVALID_ARGUMENT',
    'RangeError',
    (backend) => ring(backend).getSlotMany(['a', 'b'], new Int32Array(1)),
  ],
  [
    'bad KeyBatch offsets',
    'ERR_CHASH_INVALID_ARGUMENT',
    'RangeError',
    (backend) => ring(backend).getSlotMany(new KeyBatch(new Uint8Array(2), new Uint32Array([0, 3]))),
  ],
  ['bad jump buckets', 'ERR_CHASH_INVALID_ARGUMENT', 'RangeError', (backend) => jumpHash(1, 0, { backend })],
  [
    'bad jump keys',
    'ERR_CHASH_INVALID_ARGUMENT',
    'TypeError',
    (backend) => jumpHashMany('k' as never, 3, { backend }),
  ],
  [
    'a bad hash input',
    'ERR_CHASH_INVALID_ARGUMENT',
    'TypeError',
    (backend) => xxh3(5 as never, 0n, { backend }),
  ],
  [
    'a removed bucket',
    'ERR_CHASH_INVALID_ARGUMENT',
    'RangeError',
    (backend) => new MementoHash(4, { backend }).removeBucket(9),
  ],
  [
    'a bad ketama compat',
    'ERR_CHASH_INVALID_ARGUMENT',
    'RangeError',
    (backend) => new KetamaRing({ backend, compat: 'x' as never }),
  ],
  [
    'a bad ketama weight',
    'ERR_CHASH_INVALID_ARGUMENT',
    'RangeError',
    (backend) => new KetamaRing({ backend, compat: 'libketama' }).addConsumer('s:1', 1, { weight: 0.5 }),
  ],
  [
    'a snapshot from the future',
    'ERR_CHASH_INVALID_SNAPSHOT',
    'RangeError',
    (backend) =>
      ConsistentHashRing.fromJSON({ ...ring(backend).toJSON(), version: 99 }, { info: String, backend }),
  ],
  [
    'a snapshot with an empty id',
    'ERR_CHASH_INVALID_SNAPSHOT',
    'RangeError',
    (backend) =>
      ConsistentHashRing.fromJSON(
        { ...ring(backend).toJSON(), consumers: [{ id: '', weight: 1 }] },
        { info: String, backend },
      ),
  ],
  [
    'a snapshot with a bad weight',
    'ERR_CHASH_INVALID_SNAPSHOT',
    'RangeError',
    (backend) =>
      ConsistentHashRing.fromJSON(
        { ...ring(backend).toJSON(), consumers: [{ id: 'a', weight: -1 }] },
        { info: String, backend },
      ),
  ],
  [
    'a snapshot removing a bucket twice',
    'ERR_CHASH_INVALID_SNAPSHOT',
    'RangeError',
    (backend) => MementoHash.fromJSON({ ...new MementoHash(4).toJSON(), removed: [1, 1] }, { backend }),
  ],
  [
    'a MementoRing snapshot with a truncated memento',
    'ERR_CHASH_INVALID_SNAPSHOT',
    'TypeError',
    (backend) =>
      MementoRing.fromJSON(
        { ...new MementoRing().addConsumer('a', 1).toJSON(), memento: { buckets: 1 } },
        { info: Number, backend },
      ),
  ],
  [
    'restore options (not the snapshot) that are wrong',
    'ERR_CHASH_INVALID_ARGUMENT',
    'TypeError',
    (backend) => ConsistentHashRing.fromJSON(ring(backend).toJSON(), { info: 5 as never, backend }),
  ],
  [
    'a bucket past 2^31 − 1',
    'ERR_CHASH_LIMIT_EXCEEDED',
    'RangeError',
    (backend) => new MementoHash(MAX_BUCKETS, { backend }).addBucket(),
  ],
  ['a disposed ring', 'ERR_CHASH_DISPOSED', 'Error', (backend) => disposedRing(backend).getConsumer('k')],
  [
    'a disposed MementoHash',
    'ERR_CHASH_DISPOSED',
    'Error',
    (backend) => {
      const m = new MementoHash(3, { backend })
      m.dispose()
      return m.getBucket('k')
    },
  ],
  [
    'a disposed MementoRing',
    'ERR_CHASH_DISPOSED',
    'Error',
    (backend) => {
      const m = new MementoRing<number>({ backend }).addConsumer('a', 1)
      m.dispose()
      return m.addConsumer('b', 2)
    },
  ],
  [
    'a disposed KetamaRing',
    'ERR_CHASH_DISPOSED',
    'Error',
    (backend) => {
      const k = new KetamaRing<number>({ backend }).addConsumer('s:1', 1)
      k.dispose()
      return k.getConsumerId('k')
    },
  ],
]

/** The class, message and code `run` throws on `backend`. */
function codeOf(run: (backend: BackendName) => unknown, backend: BackendName) {
  try {
    run(backend)
  } catch (error) {
    expect(isChashError(error), String(error)).toBe(true)
    const e = error as Error & { code: string }
    return { type: e.constructor.name, message: e.message, code: e.code }
  }
  throw new Error('expected an error')
}

describe.each(backendsUnderTest())('error codes on the %s backend', (backend) => {
  it.each(cases)('%s: %s', (_, code, type, run) => {
    const error = codeOf(run, backend)
    expect(error.code).toBe(code)
    expect(error.type).toBe(type)
    // The same class, message and code as the js backend's.
    expect(error).toEqual(codeOf(run, 'js'))
  })
})

describe('isChashError and the code property', () => {
  it('tells chash errors from others, and keeps the code out of enumeration like the message', () => {
    let error: unknown
    try {
      jumpHash(1, 0)
    } catch (caught) {
      error = caught
    }
    expect(isChashError(error)).toBe(true)
    expect(Object.keys(error as object)).toEqual([])
    expect(isChashError(new RangeError('x'))).toBe(false)
    expect(isChashError(Object.assign(new Error('x'), { code: 'ERR_OTHER' }))).toBe(false)
    expect(isChashError({ code: 'ERR_CHASH_DISPOSED', message: 'not an Error' })).toBe(false)
  })
})
