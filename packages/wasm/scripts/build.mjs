// Builds @chash/wasm from source: crates/chash_wasm with wasm-pack (--target web, release) into
// pkg/, then wasm-opt. The toolchain (a Rust that targets wasm32, wasm-bindgen-cli at the crate's
// version, wasm-pack, wasm-opt) comes from scripts/toolchain/rust-wasm.sh (see
// scripts/toolchain/README.md).
//
// If the toolchain cannot be set up, the build is skipped with a warning (exit 0) so that a
// machine without it still builds and tests everything on the other backends; in CI
// (scripts/ci.mjs) that is an error. A failure of the build itself is always an error.
import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { isCI } from '../../../scripts/ci.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const pkgRoot = join(here, '..')
const repo = join(pkgRoot, '..', '..')
const crate = join(repo, 'crates', 'chash_wasm')
const out = join(pkgRoot, 'pkg')
const wasmFile = join(out, 'chash_wasm_bg.wasm')

// Measured on this crate: -Oz and -Os came within 0.2 % of -O3's size, and lookups, batches and
// hashing ran equally fast with each (and without wasm-opt). Rust's LTO already did the heavy
// lifting, so wasm-opt mostly trims; -O3 keeps the speed-first setting. The build prints the size.
const WASM_OPT_FLAGS = ['-O3']

const log = (message) => console.log(`[@chash/wasm] ${message}`)
const fail = (message) => {
  console.error(`[@chash/wasm] ERROR: ${message}`)
  process.exit(1)
}
const started = Date.now()
const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)}s`

// 1. The toolchain. --print-env prints the environment the wasm build must run in (its log goes
// to stderr); it is kept out of this process so that nothing else inherits RUSTUP_TOOLCHAIN.
const script = join(repo, 'scripts', 'toolchain', 'rust-wasm.sh')
const toolchain =
  process.platform === 'win32' || !existsSync(script)
    ? { error: new Error(`${script} needs bash on Linux or macOS`) }
    : spawnSync('bash', [script, '--print-env'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
if (toolchain.error || toolchain.status !== 0) {
  const why = toolchain.error?.message ?? `${script} exited with ${toolchain.status ?? toolchain.signal}`
  if (isCI()) fail(`the WebAssembly toolchain could not be set up (${why}); CI must build @chash/wasm.`)
  // An earlier build would no longer match the sources: say "not built" and mean it.
  rmSync(out, { recursive: true, force: true })
  console.warn(
    `[@chash/wasm] WARNING: the WebAssembly toolchain could not be set up (${why}; see above), so ` +
      "@chash/wasm was NOT built and @chash/core's 'wasm' backend is unavailable here (the 'native' " +
      "and 'js' backends give the same results). To build it, fix what the toolchain script reports " +
      'and run `pnpm --filter @chash/wasm build`.',
  )
  process.exit(0)
}
const envText = toolchain.stdout

/** Runs a command in a bash that has sourced the toolchain's environment. */
function inWasmEnv(command, args) {
  const result = spawnSync(
    'bash',
    ['-c', 'eval "$CHASH_WASM_ENV_TEXT" && exec "$@"', 'bash', command, ...args],
    {
      cwd: pkgRoot,
      env: { ...process.env, CHASH_WASM_ENV_TEXT: envText },
      stdio: 'inherit',
    },
  )
  if (result.status !== 0)
    fail(`${command} failed (exit ${result.status ?? result.signal}); see the output above`)
}

// 2. wasm-pack: cargo build for wasm32 + wasm-bindgen. Its own wasm-opt step is off
// ([package.metadata.wasm-pack.profile.release] in the crate) because step 3 runs it.
// wasm-pack has no way to pass wasm-bindgen's --experimental-reset-state-function (the glue's
// __wbg_reset_state, with which @chash/core replaces an instance that trapped: see
// packages/core/src/backend/wasm/instance.ts), so wasm-pack finds, first on its PATH, a
// wasm-bindgen that adds it to the build call (not to the `--version` check) and runs the real one.
const shimDir = mkdtempSync(join(tmpdir(), 'chash-wasm-bindgen-'))
const shim = join(shimDir, 'wasm-bindgen')
writeFileSync(
  shim,
  '#!/bin/sh\ncase " $* " in *" --out-dir "*) exec "$CHASH_REAL_WASM_BINDGEN" --experimental-reset-state-function "$@" ;; esac\nexec "$CHASH_REAL_WASM_BINDGEN" "$@"\n',
)
chmodSync(shim, 0o755)
rmSync(out, { recursive: true, force: true })
log(
  'wasm-pack build --target web --release (crates/chash_wasm; wasm-bindgen --experimental-reset-state-function)',
)
const withShim = `export CHASH_REAL_WASM_BINDGEN="$(command -v wasm-bindgen)" PATH=${JSON.stringify(shimDir)}:"$PATH"; exec wasm-pack "$@"`
inWasmEnv('bash', [
  '-c',
  withShim,
  'wasm-pack',
  'build',
  crate,
  '--target',
  'web',
  '--release',
  '--mode',
  'no-install', // never download: the toolchain script installed the exact tools
  '--no-pack', // package.json, index.js and index.d.ts are this package's own
  '--no-gitignore',
  '--weak-refs', // free rings when their JavaScript objects are garbage collected
  '--out-dir',
  out,
  '--out-name',
  'chash_wasm',
])
rmSync(shimDir, { recursive: true, force: true })
const before = statSync(wasmFile).size

// 3. wasm-opt (binaryen from the toolchain script; it reads the features rustc used from the
// module's target_features section).
log(`wasm-opt ${WASM_OPT_FLAGS.join(' ')}`)
inWasmEnv('bash', ['-c', '"$CHASH_WASM_OPT" "$@"', 'wasm-opt', ...WASM_OPT_FLAGS, wasmFile, '-o', wasmFile])

const bytes = readFileSync(wasmFile)
log(
  `built pkg/chash_wasm_bg.wasm: ${bytes.length} bytes (${before} before wasm-opt), ` +
    `${gzipSync(bytes, { level: 9 }).length} gzipped, in ${seconds()}`,
)
