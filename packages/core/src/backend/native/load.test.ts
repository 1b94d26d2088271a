/**
 * A native addon that exists but cannot be loaded: the error names the real cause, not napi-rs's
 * generic "Cannot find native binding. npm has a bug …". Each case loads a copy of @chash/native's
 * generated loader (index.js) in a temporary directory, next to a damaged addon file, so the real
 * build output is never touched.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { checkAddon, loadFailureReason } from './index.js'

const require = createRequire(import.meta.url)
const nativePackage = join(require.resolve('@chash/native/package.json'), '..')
const ADDON = 'chash.linux-x64-gnu.node'
const dirs: string[] = []

/** A copy of the package's loader with `addon` (bytes or a file to copy) as its addon file. */
function damagedCopy(addon: Uint8Array | string | undefined): string {
  const dir = mkdtempSync(join(tmpdir(), 'chash-native-'))
  dirs.push(dir)
  for (const file of ['index.js', 'package.json']) copyFileSync(join(nativePackage, file), join(dir, file))
  if (typeof addon === 'string') copyFileSync(addon, join(dir, ADDON))
  else if (addon !== undefined) writeFileSync(join(dir, ADDON), addon)
  return join(dir, 'index.js')
}

function loadError(index: string): Error {
  try {
    checkAddon(() => createRequire(index)(index), '@chash/native')
  } catch (error) {
    return error as Error
  }
  throw new Error('the damaged addon loaded')
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

// The loader tries the file next to it only on the platform it was built for.
describe.runIf(process.platform === 'linux' && process.arch === 'x64')('a damaged native addon', () => {
  it('a corrupt file: the error says why it could not be loaded', () => {
    const error = loadError(damagedCopy(new TextEncoder().encode('not an ELF file, just text. '.repeat(20))))
    expect(error.message).toMatch(
      /^@chash\/native could not be loaded \(.*chash\.linux-x64-gnu\.node: invalid ELF header/,
    )
    expect(error.message).not.toMatch(/npm has a bug/)
    expect(error.message).toMatch(/pnpm --filter @chash\/native build/)
  })

  const library = ['/usr/lib/x86_64-linux-gnu/libz.so.1', '/lib/x86_64-linux-gnu/libz.so.1'].find(existsSync)
  it.runIf(library !== undefined)('a shared library that is no Node addon: the error says so', () => {
    const error = loadError(damagedCopy(library))
    expect(error.message).toMatch(/Module did not self-register|napi_register_module/)
    expect(error.message).not.toMatch(/npm has a bug/)
  })

  it('a missing file: the error lists what was looked for', () => {
    const error = loadError(damagedCopy(undefined))
    expect(error.message).toMatch(/Cannot find module '\.\/chash\.linux-x64-gnu\.node'/)
    expect(error.message).not.toMatch(/npm has a bug/)
  })
})

describe('loadFailureReason', () => {
  it('keeps a plain error as it is, first line only', () => {
    expect(loadFailureReason(new Error("Cannot find module '@chash/native'\nRequire stack:\n- x"))).toBe(
      "Cannot find module '@chash/native'",
    )
    expect(loadFailureReason('a string')).toBe('a string')
  })

  it('survives a cyclic cause chain', () => {
    const a = new Error('outer')
    const b = new Error('inner: bad ELF', { cause: a })
    a.cause = b
    expect(loadFailureReason(a)).toBe('inner: bad ELF; outer')
  })
})
