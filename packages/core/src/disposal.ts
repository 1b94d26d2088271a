/// <reference lib="esnext.disposable" preserve="true" />
/** What `dispose()` shares across the ring types: the `using` key and the error of a disposed object. */

/** `Symbol.dispose` where the runtime has it, else the key TypeScript's `using` falls back to. */
export const DISPOSE: typeof Symbol.dispose =
  Symbol.dispose ?? (Symbol.for('Symbol.dispose') as typeof Symbol.dispose)

/**
 * Throws the Error of any use of a disposed `className` object (`ConsistentHashRing`, …): a plain
 * Error, since no argument is wrong.
 */
export function disposed(className: string): never {
  throw new Error(`this ${className} was disposed (dispose() freed its engine); create a new one`)
}

/** The names of `E`'s methods. */
type MethodOf<E> = { [K in keyof E]: E[K] extends (...args: never[]) => unknown ? K : never }[keyof E]

/**
 * What a disposed `className` object's engine becomes: each of `methods` (named as keys, so that
 * the type lists every one) throws {@link disposed}, `dispose` does nothing, and `fields` are
 * copied. The object keeps calling its engine without a check of its own on hot paths.
 */
export function disposedEngine<E extends { dispose(): void }>(
  className: string,
  methods: Record<Exclude<MethodOf<E>, 'dispose'>, true>,
  fields: Omit<E, MethodOf<E>>,
): E {
  const fail = (): never => disposed(className)
  const engine: Record<string, unknown> = { ...fields, dispose() {} }
  for (const name of Object.keys(methods)) engine[name] = fail
  return engine as E
}
