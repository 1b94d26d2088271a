import type { Measurement } from '../model.js'

/** A measurement of one of our backends with the given time, for report and target tests. */
export function measurement(
  contender: string,
  op: Measurement['op'],
  ns: number,
  consumers: number | null = 1000,
  keyLen: number | null = 22,
): Measurement {
  return {
    op,
    consumers,
    keyLen,
    contender,
    kind: 'ours',
    ns,
    meanNs: ns,
    perSecond: 1e9 / ns,
    rme: 1,
    samples: 10,
  }
}
