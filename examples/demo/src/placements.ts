/**
 * The placements the demos compare, as one list: each keeps a live member set and names the owners
 * of a key. Adding a placement is one more entry in {@link PLACEMENTS}; the cache experiment, the
 * workers and the pictures all read this list.
 */
import { type BackendChoice, ConsistentHashRing, jumpHash, MementoRing, xxh3 } from '@chash/core'

/** Something placed: an id plus whatever the caller keeps with it (a Redis connection, a name). */
export interface Member {
  readonly id: string
}

/** A placement over a changing set of members. */
export interface Placement<M extends Member> {
  /** Up to `n` distinct owners of `key`, the first being its primary owner. */
  owners(key: string, n: number): M[]
  add(member: M): void
  remove(id: string): void
  /** The live members, sorted by id (the list every process can compute on its own). */
  members(): M[]
}

/** A placement's name and how to build one. */
export interface PlacementKind {
  readonly name: 'modulo' | 'ring' | 'jump' | 'memento'
  /** One sentence for tables and pictures. */
  readonly label: string
  /** Whether {@link Placement.owners} gives more than one owner (the ring and Memento walk on to replicas). */
  readonly replicas: boolean
  /** Whether only the last member of the sorted list can leave without moving other members' keys. */
  readonly listOrdered: boolean
  create<M extends Member>(members: readonly M[], backend?: BackendChoice): Placement<M>
}

/** Orders members by id (UTF-16 code units; ids are ASCII here). */
export function byId(a: Member, b: Member): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/** Which member leaves in the experiments: the one in the middle of the sorted list, or the last. */
export type LeavePosition = 'middle' | 'last'

/** The member at `position` of the members sorted by id. */
export function memberAt<M extends Member>(members: readonly M[], position: LeavePosition): M {
  const sorted = [...members].sort(byId)
  return sorted[position === 'last' ? sorted.length - 1 : Math.floor(sorted.length / 2)]
}

function sortedList<M extends Member>(
  initial: readonly M[],
  pick: (key: string, count: number) => number,
): Placement<M> {
  let list = [...initial].sort(byId)
  return {
    owners(key, n) {
      if (list.length === 0 || n <= 0) return []
      const first = pick(key, list.length)
      // The next members in the list, for callers that ask for replicas.
      return Array.from({ length: Math.min(n, list.length) }, (_, i) => list[(first + i) % list.length])
    },
    add(member) {
      list = [...list.filter((m) => m.id !== member.id), member].sort(byId)
    },
    remove(id) {
      list = list.filter((m) => m.id !== id)
    },
    members: () => [...list],
  }
}

/** What the demo uses of the surface ConsistentHashRing and MementoRing share. */
interface NamedRing<M> {
  addConsumer(id: string, info: M): unknown
  removeConsumer(id: string): boolean
  getConsumers(key: string, n: number): M[]
}

/** A placement on a ring of named consumers whose `ConsumerInfo` is the member itself. */
function onRing<M extends Member>(r: NamedRing<M>, initial: readonly M[]): Placement<M> {
  const known = new Map<string, M>()
  const add = (member: M) => {
    r.addConsumer(member.id, member)
    known.set(member.id, member)
  }
  for (const m of [...initial].sort(byId)) add(m)
  return {
    owners: (key, n) => r.getConsumers(key, n),
    add,
    remove: (id) => {
      r.removeConsumer(id)
      known.delete(id)
    },
    members: () => [...known.values()].sort(byId),
  }
}

const modulo: PlacementKind = {
  name: 'modulo',
  label: 'xxh3(key) mod live servers',
  replicas: false,
  listOrdered: false,
  create: (members) => sortedList(members, (key, count) => Number(xxh3(key) % BigInt(count))),
}

/**
 * A placement on the rings `make` builds; each ring's ConsumerInfo is the member itself (for the
 * cache, the shard and its connection), and it walks on to replicas.
 */
function ringKind(
  name: PlacementKind['name'],
  label: string,
  make: <M extends Member>(backend: BackendChoice) => NamedRing<M>,
): PlacementKind {
  return {
    name,
    label,
    replicas: true,
    listOrdered: false,
    create: (members, backend = 'auto') => onRing(make(backend), members),
  }
}

const ring = ringKind('ring', 'ConsistentHashRing', (backend) => new ConsistentHashRing({ backend }))

const jump: PlacementKind = {
  name: 'jump',
  label: 'jumpHash over the sorted member list',
  replicas: false,
  listOrdered: true,
  create: (members, backend = 'auto') =>
    sortedList(members, (key, count) => jumpHash(key, count, { backend })),
}

// Members join in sorted order (buckets 0, 1, … as jump hash over the sorted list numbers them);
// later removals and additions go to this one MementoRing, so its history is the caller's.
// Placement depends on that history: processes that must agree apply the same changes in order.
const memento = ringKind(
  'memento',
  'MementoRing (jump hash that any member can leave)',
  (backend) => new MementoRing({ backend }),
)

/** Every placement the demos run, in the order they are shown. */
export const PLACEMENTS: readonly PlacementKind[] = [modulo, ring, jump, memento]

/** Each key's owner (id) before `leaving` leaves, while it is away, and after it is back. */
export function ownersAcrossLeave<M extends Member>(
  placement: Placement<M>,
  leaving: M,
  keys: readonly string[],
): { before: string[]; during: string[]; after: string[] } {
  const owner = (key: string) => placement.owners(key, 1)[0].id
  const before = keys.map(owner)
  placement.remove(leaving.id)
  const during = keys.map(owner)
  placement.add(leaving)
  return { before, during, after: keys.map(owner) }
}

/** The placement with this name. */
export function placementNamed(name: string): PlacementKind {
  const found = PLACEMENTS.find((p) => p.name === name)
  if (found === undefined) {
    throw new RangeError(`placement must be one of ${PLACEMENTS.map((p) => p.name).join(', ')}, got ${name}`)
  }
  return found
}
