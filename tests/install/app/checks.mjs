// Checks shared by the Node scripts (check-esm.mjs, server.mjs) and the browser page (page.js) of
// the project that install.test.ts creates outside the workspace. Plain JavaScript: that project
// has no TypeScript, only the installed tarballs. `core` is the imported @chash/core module.

/** The keys whose placement every backend must agree on. */
export const AGREEMENT_KEYS = Array.from({ length: 500 }, (_, k) => `key-${k}`)

const hex = (value) => value.toString(16).padStart(16, '0')

/**
 * Checks `backend` against the ring.json scenarios in `vectors` (owner and replicas of every
 * lookup); returns { passed, failed, failures }.
 */
export function checkRingVectors(core, backend, vectors) {
  const summary = { passed: 0, failed: 0, failures: [] }
  const check = (what, expected, actual) => {
    if (JSON.stringify(expected) === JSON.stringify(actual)) {
      summary.passed++
    } else {
      summary.failed++
      if (summary.failures.length < 20)
        summary.failures.push(
          `${backend} ${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`,
        )
    }
  }
  for (const s of vectors.scenarios) {
    const ring = new core.ConsistentHashRing({
      backend,
      hash: s.hash,
      seed: BigInt(s.seed),
      vnodes: s.vnodes,
    })
    for (const c of s.consumers) ring.addConsumer(c.id, c.id, { weight: c.weight })
    check(`${s.name} backend`, backend, ring.backend)
    check(`${s.name} pointCount`, s.point_count, ring.pointCount)
    for (const l of s.lookups) {
      check(`${s.name} ${JSON.stringify(l.key)} owner`, l.owner ?? null, ring.getConsumerId(l.key) ?? null)
      check(`${s.name} ${JSON.stringify(l.key)} replicas3`, l.replicas3, ring.getConsumerIds(l.key, 3))
    }
  }
  return summary
}

/**
 * One line per agreement key with `backend`: XXH3, seeded XXH64, jump hash into 1000 buckets, and
 * the owner and 3 replicas on a 5-consumer ring. Equal lines mean equal placement.
 */
export function placements(core, backend) {
  const options = { backend }
  const ring = new core.ConsistentHashRing({ backend })
  for (let k = 0; k < 5; k++) ring.addConsumer(`node-${k}`, k, { weight: 1 + k / 4 })
  const seed = 0x9e3779b97f4a7c15n
  return AGREEMENT_KEYS.map((key) =>
    [
      key,
      hex(core.xxh3(key, 0n, options)),
      hex(core.xxh64(key, seed, options)),
      core.jumpHash(key, 1000, options),
      ring.getConsumerId(key),
      ring.getConsumerIds(key, 3).join('+'),
    ].join(' '),
  )
}

/** The first few lines where `lines` differ from `reference`. */
export function differences(reference, lines) {
  const found = []
  for (let k = 0; k < Math.max(reference.length, lines.length) && found.length < 5; k++) {
    if (reference[k] !== lines[k]) found.push(`expected ${reference[k]}, got ${lines[k]}`)
  }
  return found
}

/**
 * Runs the checks on every backend in `names` that loads: { [name]: { available, reason?,
 * ringBackend, vectors, placements } }.
 */
export function checkBackends(core, names, vectors) {
  const report = {}
  for (const name of names) {
    try {
      const ringBackend = new core.ConsistentHashRing({ backend: name }).backend
      report[name] = {
        available: true,
        ringBackend,
        vectors: checkRingVectors(core, name, vectors),
        placements: placements(core, name),
      }
    } catch (error) {
      report[name] = { available: false, reason: String(error?.message ?? error) }
    }
  }
  return report
}

/**
 * {@link checkBackends}, and for each backend that loads the lines where its placements differ
 * from js's (`differences`).
 */
export function checkAndCompare(core, names, vectors) {
  const backends = checkBackends(core, names, vectors)
  const reference = backends.js.placements
  for (const entry of Object.values(backends)) {
    if (entry.available) entry.differences = differences(reference, entry.placements)
  }
  return backends
}

/**
 * Awaits `core.init(...args)`: `{ initResolved: true }`, or `{ initError }` when it rejects (reported,
 * not thrown: the js backend is still checked, and the test decides).
 */
export async function tryInit(core, ...args) {
  try {
    await core.init(...args)
    return { initResolved: true }
  } catch (error) {
    return { initError: String(error?.message ?? error) }
  }
}

/** What `auto` runs and {@link checkAndCompare} of `names`: `{ autoBackend, backends }`. */
export function checkAll(core, names, vectors) {
  return {
    autoBackend: new core.ConsistentHashRing().backend,
    backends: checkAndCompare(core, names, vectors),
  }
}
