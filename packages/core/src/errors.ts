/**
 * The codes of @chash/core's errors, declared once. Every error the package throws carries one in
 * `code` (as Node's own errors do), besides its class and message; the code names the kind of
 * failure, the same on every backend, and stays stable when a message's wording changes.
 */

/** Each code, with the class its errors have and when they are thrown (the README's table). */
export const ERROR_CODES = {
  ERR_CHASH_INVALID_ARGUMENT:
    'TypeError (wrong type) or RangeError (wrong value): an argument, an option or CHASH_BACKEND',
  ERR_CHASH_INVALID_SNAPSHOT:
    'TypeError or RangeError: a snapshot given to fromJSON is corrupted, truncated or from a newer version',
  ERR_CHASH_LIMIT_EXCEEDED:
    'RangeError: the change would pass a limit of the structure (points, consumers or buckets)',
  ERR_CHASH_OUT_OF_MEMORY: 'RangeError: the engine cannot allocate the memory to build the ring',
  ERR_CHASH_DISPOSED: 'Error: the object was disposed',
  ERR_CHASH_WASM_TRAPPED: 'Error: the WebAssembly engine trapped and was restarted',
  ERR_CHASH_BACKEND_UNAVAILABLE: 'Error: the backend asked for cannot be loaded here (the message says why)',
} as const

/** The `code` of an error thrown by @chash/core; {@link ERROR_CODES} says when each is thrown. */
export type ChashErrorCode = keyof typeof ERROR_CODES

/** An error thrown by @chash/core: a TypeError, RangeError or Error with a {@link ChashErrorCode}. */
export interface ChashError extends Error {
  readonly code: ChashErrorCode
}

/** Whether `error` was thrown by @chash/core (it is an Error with one of its codes). */
export function isChashError(error: unknown): error is ChashError {
  return error instanceof Error && Object.hasOwn(ERROR_CODES, (error as { code?: unknown }).code as string)
}

/**
 * Gives `error` its `code`, as an own, non-enumerable property like the `message` (so that
 * logging the error shows what it always did), and returns it.
 */
export function withCode<E extends Error>(error: E, code: ChashErrorCode): E {
  Object.defineProperty(error, 'code', { value: code, writable: true, configurable: true })
  return error
}

/**
 * The code of a bad input, from its message, which starts with the input's name: a snapshot's
 * field (`snapshot.consumers[2].id …`) is ERR_CHASH_INVALID_SNAPSHOT, anything else
 * ERR_CHASH_INVALID_ARGUMENT.
 */
function inputCode(message: string): ChashErrorCode {
  return message.startsWith('snapshot') ? 'ERR_CHASH_INVALID_SNAPSHOT' : 'ERR_CHASH_INVALID_ARGUMENT'
}

/** The TypeError of an input of the wrong type; `message` starts with the input's name. */
export function typeError(message: string, options?: ErrorOptions): TypeError {
  return withCode(new TypeError(message, options), inputCode(message))
}

/** The RangeError of an input of the right type but a wrong value; `message` starts with its name. */
export function rangeError(message: string, options?: ErrorOptions): RangeError {
  return withCode(new RangeError(message, options), inputCode(message))
}

/** The RangeError of a change that would pass a limit of the structure (its input may be fine). */
export function limitExceeded(message: string): RangeError {
  return withCode(new RangeError(message), 'ERR_CHASH_LIMIT_EXCEEDED')
}

/**
 * `error` with `code` if it is an Error without a code of its own (one from the platform, such as
 * a WebAssembly.CompileError); any other value, or an Error with a code (Node's `ENOENT`, ours),
 * is returned as it is.
 */
export function withCodeIfNone(error: unknown, code: ChashErrorCode): unknown {
  if (!(error instanceof Error) || (error as { code?: unknown }).code !== undefined) return error
  return withCode(error, code)
}

/** A plain Error with `code`: a failure that is not a wrong argument. */
export function codedError(code: ChashErrorCode, message: string, options?: ErrorOptions): Error {
  return withCode(new Error(message, options), code)
}

/**
 * The error to rethrow for an error from a native or wasm engine call (which words its own
 * errors, without a code): a RangeError refusing the memory to build a ring or continuum gets
 * ERR_CHASH_OUT_OF_MEMORY (chash_core's `out_of_memory` text, limits.ts `outOfMemory`), any other
 * uncoded RangeError or TypeError ERR_CHASH_INVALID_ARGUMENT. Coded errors pass unchanged.
 */
export function fromEngine(error: unknown): unknown {
  if (error instanceof RangeError && OUT_OF_MEMORY.test(error.message))
    return withCodeIfNone(error, 'ERR_CHASH_OUT_OF_MEMORY')
  if (error instanceof RangeError || error instanceof TypeError)
    return withCodeIfNone(error, 'ERR_CHASH_INVALID_ARGUMENT')
  return error
}

const OUT_OF_MEMORY = /^the ring would hold \d+ points, whose build needs \d+ bytes, more memory/
