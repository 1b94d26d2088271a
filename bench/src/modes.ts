/** The two run modes: full (the figures for the README) and quick (CI: every case, smaller sets). */

/** The settings of one run. */
export interface Mode {
  name: 'full' | 'quick'
  /** Ring sizes (and jump bucket counts). */
  consumers: number[]
  /** Key lengths for the ring operations. */
  keyLengths: number[]
  /** Key lengths for the key hash alone (cheap cases, so quick mode keeps all three). */
  hashKeyLengths: number[]
  /** Ring sizes for the repeated-key (hashring cache hit) case. */
  hotConsumers: number[]
  /** Key length of the repeated-key case. */
  hotKeyLength: number
  /** benchmark.js: seconds to sample each case for, at most (after the minimum sample count). */
  maxTime: number
  /** benchmark.js: the fewest samples per case. */
  minSamples: number
  /**
   * How often the cases of the single-call targets are timed (odd, so the median is one of them):
   * round after round, each contender in a fresh process, so that the contenders of one round run
   * within seconds of each other (`timedInRounds` in targets.ts).
   */
  rounds: number
  /** The argument raw_bench gets. */
  rawArgs: string[]
  /** Where the JSON, SVG and markdown results go, without extension, relative to bench/results. */
  resultName: 'latest' | 'quick'
}

/** Every size the issue asks for, sampled for about 2 s per case. */
export const FULL: Mode = {
  name: 'full',
  consumers: [10, 100, 1000],
  keyLengths: [8, 22, 100],
  hashKeyLengths: [8, 22, 100],
  hotConsumers: [10, 100, 1000],
  hotKeyLength: 22,
  maxTime: 2,
  minSamples: 10,
  rounds: 5,
  rawArgs: [],
  resultName: 'latest',
}

/**
 * Every operation and contender, at the smallest and the headline ring size with 22-byte keys,
 * sampled briefly: a few minutes on 2 cores. The figures are noisier (see the ± column).
 */
export const QUICK: Mode = {
  name: 'quick',
  consumers: [10, 1000],
  keyLengths: [22],
  hashKeyLengths: [8, 22, 100],
  hotConsumers: [1000],
  hotKeyLength: 22,
  maxTime: 0.3,
  minSamples: 7,
  rounds: 3,
  rawArgs: ['--quick'],
  resultName: 'quick',
}

/** The case the targets and the "which backend" advice quote first: 1,000 consumers, 22-byte keys. */
export const HEADLINE = { consumers: 1000, keyLen: 22 } as const
