/** The shape of fixtures/ketama.json and fixtures/ketama-published.json (fixtures/README.md). */
import type { KetamaCompat } from '../backend/types.js'

/** A continuum: servers added in this order. */
export interface KetamaSpec {
  compat: KetamaCompat
  vnodes: number
  defaultPort?: number
  servers: Array<{ server: string; weight: number }>
}

/** fixtures/ketama.json */
export interface KetamaFixture {
  scenarios: Array<
    KetamaSpec & {
      name: string
      point_count?: number
      lookups: Array<{ key: string; hash: number; owner: string; replicas3?: string[] }>
    }
  >
}

/** fixtures/ketama-published.json */
export interface KetamaPublished {
  sets: Array<KetamaSpec & { name: string; owners: string }>
  libmemcached: {
    servers: Array<{ server: string; weight: number }>
    cases: Array<{ key: string; hash: number; point: number; host: string }>
  }
}
