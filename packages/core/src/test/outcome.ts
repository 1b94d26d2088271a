/** Outcomes of operations run side by side on every backend, compared with the js backend's. */
import { expect } from 'vitest'

/** A value or the error (class and message) an operation gave, comparable with toEqual. */
export type Outcome = { value: unknown } | { error: string }

/** Runs `f` and returns its {@link Outcome}; a typed array becomes a plain array. */
export function outcome(f: () => unknown): Outcome {
  try {
    const value = f()
    return { value: ArrayBuffer.isView(value) ? Array.from(value as Uint32Array) : value }
  } catch (error) {
    return { error: `${(error as Error).constructor.name}: ${(error as Error).message}` }
  }
}

/** One step of a random history: `run` applies it to one backend's subject. */
export type Step<S, B> = { label: string; run: (subject: S, backend: B) => unknown }

/**
 * Runs each step on every subject (`subjects[b]` on `backends[b]`, the js backend's first) and
 * expects every other backend's outcome to equal js's, naming the step and backend if not.
 */
export function expectSameOutcomes<S, B>(
  backends: readonly B[],
  subjects: readonly S[],
  steps: ReadonlyArray<Step<S, B>>,
): void {
  for (const [step, { label, run }] of steps.entries()) {
    const expected = outcome(() => run(subjects[0], backends[0]))
    for (let b = 1; b < backends.length; b++) {
      const got = outcome(() => run(subjects[b], backends[b]))
      expect(got, `step ${step} (${label}) on ${String(backends[b])}`).toEqual(expected)
    }
  }
}
