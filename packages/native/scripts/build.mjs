// Builds the addon from source in release mode with @napi-rs/cli: chash.<platform>.node plus the
// generated loader (index.js) and types (index.d.ts), all in packages/native.
//
// Without cargo the build is skipped with a warning (exit 0) so that a machine without Rust still
// builds and tests everything on the js backend; in CI (env CI set) that, like any failed build,
// is an error.
import { spawnSync } from 'node:child_process'
import { appendFileSync, existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { homedir } from 'node:os'
import { delimiter, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const pkg = join(here, '..')
const repo = join(pkg, '..', '..')
const ci = !['', '0', 'false'].includes((process.env.CI ?? '').toLowerCase())

const log = (message) => console.log(`[@chash/native] ${message}`)
const fail = (message) => {
  console.error(`[@chash/native] ERROR: ${message}`)
  process.exit(1)
}

// rustup's proxies live in ~/.cargo/bin, which a non-login shell may not have on PATH.
const cargoBin = join(process.env.CARGO_HOME ?? join(homedir(), '.cargo'), 'bin')
const env = { ...process.env, PATH: [process.env.PATH ?? '', cargoBin].join(delimiter) }
// A RUSTUP_TOOLCHAIN left over from the wasm toolchain's env file would build with the wrong
// compiler; the host addon wants rustup's default.
delete env.RUSTUP_TOOLCHAIN

const cargo = spawnSync('cargo', ['--version'], { env, encoding: 'utf8' })
if (cargo.error || cargo.status !== 0) {
  const why = 'cargo (Rust) was not found on PATH or in ~/.cargo/bin'
  if (ci) fail(`${why}; CI must build the native addon. Install Rust with rustup.`)
  console.warn(
    `[@chash/native] WARNING: ${why}, so the native addon was NOT built. @chash/core falls back to ` +
      "its 'js' backend (same results, slower). To get the native backend, install Rust " +
      '(https://rustup.rs) and run `pnpm --filter @chash/native build`.',
  )
  process.exit(0)
}

// The repository's toolchain check (it makes sure a C linker exists, which rustc needs).
const hostCheck = join(repo, 'scripts', 'toolchain', 'rust-host.sh')
if (process.platform !== 'win32' && existsSync(hostCheck)) {
  const check = spawnSync('bash', [hostCheck, '--quiet'], { env, stdio: 'inherit' })
  if (check.status !== 0) fail(`${hostCheck} failed (see above): the Rust toolchain cannot build the addon`)
}

const require = createRequire(import.meta.url)
const cliPackage = require.resolve('@napi-rs/cli/package.json')
const cli = join(dirname(cliPackage), require(cliPackage).bin.napi)
const args = [
  cli,
  'build',
  '--platform',
  '--release',
  '--manifest-path',
  join(repo, 'crates', 'chash_napi', 'Cargo.toml'),
  '--package-json-path',
  join(pkg, 'package.json'),
  '--output-dir',
  pkg,
  '--js',
  'index.js',
  '--dts',
  'index.d.ts',
]
log(`${cargo.stdout.trim()}; napi build --platform --release (crates/chash_napi)`)
const build = spawnSync(process.execPath, args, { cwd: pkg, env, stdio: 'inherit' })
if (build.status !== 0) fail(`napi build failed (exit ${build.status ?? build.signal}); see the output above`)

// The raw Node-API functions declared in scripts/dts-header.d.ts are invisible to napi's loader
// generator; name them in index.js too, so that Node's CommonJS export detection (cjs-module-lexer)
// gives ESM importers the same named exports as the types (attw's NamedExports check).
const loader = join(pkg, 'index.js')
const generated = readFileSync(loader, 'utf8')
const header = readFileSync(join(here, 'dts-header.d.ts'), 'utf8')
const missing = [...header.matchAll(/^export declare function (\w+)/gm)]
  .map((match) => match[1])
  .filter((name) => !generated.includes(`module.exports.${name} = `))
if (missing.length > 0)
  appendFileSync(loader, missing.map((name) => `module.exports.${name} = nativeBinding.${name}\n`).join(''))
