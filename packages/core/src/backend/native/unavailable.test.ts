import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { prebuiltPlatforms, unavailableMessage } from './index.js'

describe('native backend on a platform without a prebuilt addon', () => {
  it("lists @chash/native's per-platform packages as the prebuilt platforms", () => {
    expect(prebuiltPlatforms(createRequire(import.meta.url)).sort()).toEqual([
      'darwin-arm64',
      'darwin-x64',
      'linux-arm64-gnu',
      'linux-arm64-musl',
      'linux-x64-gnu',
      'linux-x64-musl',
      'win32-x64-msvc',
    ])
    expect(prebuiltPlatforms(() => ({}))).toEqual([])
    expect(
      prebuiltPlatforms(() => {
        throw new Error('Cannot find module')
      }),
    ).toEqual([])
  })

  it('tells a user on another platform which ones have prebuilts and that wasm works', () => {
    const message = unavailableMessage('freebsd-x64', ['linux-x64-gnu', 'darwin-arm64'], 'no addon')
    expect(message).toBe(
      'the native backend is not available on freebsd-x64: @chash/native has no prebuilt addon for it (no addon).' +
        ' Prebuilt addons exist for linux-x64-gnu, darwin-arm64.' +
        " The 'wasm' backend gives the same results here: use backend 'auto' (which picks it) or 'wasm'.",
    )
  })

  it('says to reinstall when the platform has a prebuilt that did not load', () => {
    const message = unavailableMessage('linux-arm64', ['linux-arm64-gnu', 'linux-arm64-musl'], 'ENOENT')
    expect(message).toMatch(
      /^@chash\/native could not be loaded on linux-arm64 \(ENOENT\); reinstall without omitting optional dependencies/,
    )
    expect(message).toContain("The 'wasm' backend gives the same results here")
    expect(unavailableMessage('darwin-arm64', ['darwin-arm64'], 'x')).toMatch(
      /could not be loaded on darwin-arm64/,
    )
    expect(unavailableMessage('darwin-arm', ['darwin-arm64'], 'x')).toMatch(/not available on darwin-arm:/)
  })

  it('says when @chash/native itself cannot be found (a bundle that inlined @chash/core)', () => {
    const message = unavailableMessage('linux-x64', [], "Cannot find module '@chash/native'")
    expect(message).toBe(
      "@chash/native cannot be found from where @chash/core runs (Cannot find module '@chash/native'); " +
        'install it, and keep it out of bundles (esbuild: --external:@chash/native).' +
        " The 'wasm' backend gives the same results here: use backend 'auto' (which picks it) or 'wasm'.",
    )
  })
})
