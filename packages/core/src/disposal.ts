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
