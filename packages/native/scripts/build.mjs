// `pnpm build` of @chash/native: runs the package's `build:addon` script (`napi build`, release,
// into this folder: chash.<platform>.node, the loader index.js and the types index.d.ts) when Rust
// is there. What napi cannot do, and the reason for this wrapper: outside CI (scripts/ci.mjs), a
// machine without cargo skips the addon with a warning, so that it still builds and tests every
// package on the other backends; in CI a missing cargo fails the build.
import { spawnSync } from 'node:child_process'
import { homedir } from 'node:os'
import { delimiter, join } from 'node:path'
import { isCI } from '../../../scripts/ci.mjs'

// rustup's proxies live in ~/.cargo/bin, which a non-login shell may not have on PATH.
const cargoBin = join(process.env.CARGO_HOME ?? join(homedir(), '.cargo'), 'bin')
const env = { ...process.env, PATH: [process.env.PATH ?? '', cargoBin].join(delimiter) }
// rust-toolchain.toml picks the compiler; a RUSTUP_TOOLCHAIN left over from the wasm fallback's
// env file would override it.
delete env.RUSTUP_TOOLCHAIN

const cargo = spawnSync('cargo', ['--version'], { env, encoding: 'utf8' })
if (cargo.error || cargo.status !== 0) {
  const why = 'cargo (Rust) was not found on PATH or in ~/.cargo/bin'
  if (isCI()) {
    console.error(`[@chash/native] ERROR: ${why}; CI must build the native addon (npm test installs Rust).`)
    process.exit(1)
  }
  console.warn(
    `[@chash/native] WARNING: ${why}, so the native addon was NOT built; @chash/core's 'native' ` +
      "backend is unavailable here (the 'wasm' and 'js' backends give the same results). " +
      '`npm test` installs Rust (scripts/toolchain/rust.sh).',
  )
  process.exit(0)
}
const build = spawnSync('pnpm', ['run', 'build:addon'], { env, stdio: 'inherit' })
process.exit(build.status ?? 1)
