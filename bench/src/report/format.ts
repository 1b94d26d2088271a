/** Number formatting shared by the terminal table, the markdown and the chart. */

/** A duration in nanoseconds with a unit that keeps 3–4 significant digits: `12.3 ns`, `4.56 µs`, `2.10 ms`. */
export function formatNs(ns: number): string {
  if (!Number.isFinite(ns)) return '—'
  if (ns < 10) return `${ns.toFixed(2)} ns`
  if (ns < 1_000) return `${ns.toFixed(1)} ns`
  if (ns < 1_000_000) return `${(ns / 1_000).toFixed(ns < 10_000 ? 2 : 1)} µs`
  if (ns < 1_000_000_000) return `${(ns / 1_000_000).toFixed(ns < 10_000_000 ? 2 : 1)} ms`
  return `${(ns / 1_000_000_000).toFixed(2)} s`
}

/** A rate per second with an SI prefix: `81.3 M/s`, `412 k/s`, `37.0 /s`. */
export function formatRate(perSecond: number): string {
  return scaled(perSecond, ['G/s', 'M/s', 'k/s', '/s'])
}

/** A ratio as `3.21×`, `12.3×`, `456×`. */
export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return '—'
  return `${threeDigits(ratio)}×`
}

/** A relative error in percent as `±1.2%`, or `—` when there is none (raw Rust medians). */
export function formatRme(rme: number | null): string {
  return rme === null || !Number.isFinite(rme) ? '—' : `±${rme.toFixed(rme < 10 ? 1 : 0)}%`
}

/** A fraction as a percentage with one decimal: 0.1234 → `12.3%`. */
export function formatPercent(fraction: number): string {
  return Number.isFinite(fraction) ? `${(fraction * 100).toFixed(1)}%` : '—'
}

/** Seconds as `42 s` or `3 min 05 s`. */
export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`
  const minutes = Math.floor(seconds / 60)
  return `${minutes} min ${String(Math.round(seconds - minutes * 60)).padStart(2, '0')} s`
}

/**
 * `value` in the first of `units` (for 1e9, 1e6, 1e3 and 1 of the last unit) it reaches, with
 * three significant digits; `—` when it is not finite.
 */
function scaled(value: number, units: readonly [string, string, string, string]): string {
  if (!Number.isFinite(value)) return '—'
  for (let k = 0; k < 3; k++) {
    const scale = 10 ** (9 - 3 * k)
    if (value >= scale) return `${threeDigits(value / scale)} ${units[k]}`
  }
  return `${threeDigits(value)} ${units[3]}`
}

/** A number with three significant digits, without exponent: 1.23, 12.3, 123, 1234. */
function threeDigits(value: number): string {
  if (value >= 100) return value.toFixed(0)
  if (value >= 10) return value.toFixed(1)
  return value.toFixed(2)
}

/** Drops trailing zeros of the number in a formatted figure, for axis ticks: `100.0 ns` → `100 ns`, `1.50 µs` → `1.5 µs`. */
export function trimZeros(text: string): string {
  return text.replace(/\.(\d*?)0+(?=\s|%|×|$)/, (_match, digits: string) =>
    digits === '' ? '' : `.${digits}`,
  )
}

/** A duration with three significant digits, for labels on bars: `2.40 ns`, `246 ns`, `1.79 µs`. */
export function formatNsShort(ns: number): string {
  return scaled(ns, ['s', 'ms', 'µs', 'ns'])
}
