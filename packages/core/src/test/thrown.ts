/** The class name and message of an error, for tests that compare errors across backends. */
export type Thrown = { type: string; message: string }

/** Runs `f`, which must throw, and returns the error's class and message. */
export function thrown(f: () => unknown): Thrown {
  try {
    f()
  } catch (error) {
    return { type: (error as Error).constructor.name, message: (error as Error).message }
  }
  throw new Error('expected an error')
}
