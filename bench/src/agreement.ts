/**
 * Checks, before anything is timed, that every contender computes what it is compared on: our
 * backends agree with each other, the hash peers give the same XXH3/XXH64 values, the jump peer the
 * same buckets, and the ring peers return one of the consumers. A benchmark of a misused API
 * would measure the wrong thing.
 */
import {
  type BackendName,
  type ConsistentHashRing,
  jumpHash,
  jumpHashMany,
  KeyBatch,
  xxh3,
  xxh64,
} from '@chash/core'
import nodeXxhash from '@node-rs/xxhash'
import { jumpConsistentHash } from '@subspace/jump-consistent-hash'
import xxhashWasm from 'xxhash-wasm'
import { consistentHash, consumerIds, hashring, ourRing } from './contenders.js'
import { ketamaRing } from './ketama-contenders.js'
import { bigEndianViews, makeJumpKeys, makeKeys } from './keys.js'

const SAMPLE = 300

/** Every disagreement found, as sentences; empty when all agree. */
export async function checkAgreement(backends: readonly BackendName[]): Promise<string[]> {
  const problems: string[] = []
  const { h64 } = await xxhashWasm()
  for (const len of [8, 22, 100]) {
    const keys = makeKeys(len, SAMPLE)
    for (const key of keys) {
      const x3 = nodeXxhash.xxh3.xxh64(key)
      const x64 = nodeXxhash.xxh64(key)
      if (h64(key) !== x64) problems.push(`xxhash-wasm h64 and @node-rs/xxhash xxh64 differ on "${key}"`)
      for (const backend of backends) {
        if (xxh3(key, 0n, { backend }) !== x3)
          problems.push(`${backend} xxh3 differs from @node-rs/xxhash on "${key}"`)
        if (xxh64(key, 0n, { backend }) !== x64)
          problems.push(`${backend} xxh64 differs from @node-rs/xxhash on "${key}"`)
      }
    }
  }

  const jumpKeys = makeJumpKeys(SAMPLE)
  const views = bigEndianViews(jumpKeys)
  for (const buckets of [10, 1000]) {
    const expected = Array.from(views, (v) => jumpConsistentHash(v, buckets))
    for (const backend of backends) {
      const many = jumpHashMany(jumpKeys, buckets, { backend })
      jumpKeys.forEach((k, i) => {
        if (jumpHash(k, buckets, { backend }) !== expected[i] || many[i] !== expected[i]) {
          problems.push(
            `${backend} jump hash differs from @subspace/jump-consistent-hash on key ${k} / ${buckets}`,
          )
        }
      })
    }
  }

  const keys = makeKeys(22, SAMPLE)
  const ids = new Set(consumerIds(100))
  const reference = ourRing(backends[0], 100).getConsumerIdMany(keys)
  for (const backend of backends) {
    const ring: ConsistentHashRing<string> = ourRing(backend, 100)
    const many = ring.getConsumerMany(keys)
    const slots = ring.getSlotMany(KeyBatch.from(keys))
    keys.forEach((key, i) => {
      const replicas = ring.getConsumers(key, 3)
      if (
        ring.getConsumer(key) !== reference[i] ||
        many[i] !== reference[i] ||
        ring.consumerAt(slots[i]) !== reference[i] ||
        replicas[0] !== reference[i]
      ) {
        problems.push(`${backend} ring places "${key}" unlike ${backends[0]}`)
      }
    })
  }
  const hr = hashring(100)
  const ch = consistentHash(100)
  const checkPeer = (name: string, key: string, one: unknown, three: unknown) => {
    const valid =
      typeof one === 'string' &&
      ids.has(one) &&
      Array.isArray(three) &&
      new Set(three).size === 3 &&
      three[0] === one &&
      three.every((id) => ids.has(id))
    if (!valid) problems.push(`${name} gave no valid owner and 3 distinct replicas for "${key}"`)
  }
  for (const key of keys) {
    checkPeer('hashring', key, hr.get(key), hr.range(key, 3))
    checkPeer('consistent-hash', key, ch.get(key), ch.get(key, 3))
  }
  // KetamaRing({ compat: 'hashring' }) must place every key as hashring does.
  for (const backend of backends) {
    const ketama = ketamaRing(backend, 100)
    for (const key of keys) {
      if (
        ketama.getConsumer(key) !== hr.get(key) ||
        ketama.getConsumerIds(key, 3).join() !== hr.range(key, 3).join()
      )
        problems.push(`chash ketama ${backend} places "${key}" unlike hashring`)
    }
  }
  return [...new Set(problems)].slice(0, 20)
}
