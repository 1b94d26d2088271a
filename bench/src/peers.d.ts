// Type declarations for the npm peers that ship none, covering only what the benchmark calls.

declare module 'hashring' {
  /** hashring 3.x: a ketama ring (MD5, 40 vnodes × 4 replicas = 160 points per server by default). */
  class HashRing {
    constructor(servers: string | string[] | Record<string, unknown>, algorithm?: string, options?: object)
    /** The server for `key`; answers repeated keys from an LRU cache (5,000 entries by default). */
    get(key: string): string | undefined
    /** `size` servers from the key's position on (distinct when `unique`, the default). */
    range(key: string, size?: number, unique?: boolean): string[]
    remove(server: string): this
    add(servers: string | string[]): this
  }
  export = HashRing
}

declare module 'consistent-hash' {
  /** consistent-hash 1.x: PJW string hash, control points at random positions (Math.random) by default. */
  class ConsistentHash<Node = string> {
    constructor(options?: { range?: number; weight?: number; distribution?: 'random' | 'uniform' })
    add(node: Node, weight?: number, points?: number[]): this
    remove(node: Node): this
    get(name: string): Node | null
    get(name: string, count: number): Node[] | null
  }
  export = ConsistentHash
}
