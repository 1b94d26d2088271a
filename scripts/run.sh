#!/usr/bin/env bash
# The README's commands land here (`npm run demo`, `npm test`, `npm run bench`). Each sets up what a
# fresh machine lacks (pnpm, dependencies, Rust toolchains, builds) and then runs its job.
set -euo pipefail
cd "$(dirname "$0")/.."
job=${1:?usage: scripts/run.sh demo|test|bench}
# turbo would otherwise send anonymous telemetry to Vercel; our runs stay on the loopback network.
export TURBO_TELEMETRY_DISABLED=1

log() { printf '\n[chash] %s\n' "$*"; }

ensure_pnpm() {
  # The version lives in package.json's packageManager field, nowhere else.
  local wanted
  wanted=$(node -p "require('./package.json').packageManager.split('@')[1]")
  if [ "$(pnpm --version 2>/dev/null || true)" != "$wanted" ]; then
    log "installing pnpm $wanted with npm"
    npm install --global --no-fund --no-audit "pnpm@$wanted" >/dev/null
  fi
  local frozen=--frozen-lockfile
  [ -f pnpm-lock.yaml ] || frozen=
  log "pnpm install"
  pnpm install $frozen --reporter=append-only | tail -n 3
}

# The Rust of rust-toolchain.toml, installed with rustup-init on a machine without it. rustup's
# proxies live in ~/.cargo/bin, which a fresh shell may not have on PATH.
ensure_rust() {
  log "Rust (scripts/toolchain/rust.sh)"
  bash scripts/toolchain/rust.sh || return 1
  export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
}

# The Rust workspace: formatting, lints and the core crate's tests (golden fixtures included).
rust_checks() {
  log "cargo fmt --check, clippy -D warnings, cargo test (crates/)"
  (cd crates && cargo fmt --all --check && cargo clippy --workspace --all-targets --locked -- -D warnings &&
    cargo test --workspace --locked &&
    cargo clippy -p chash_wasm --target wasm32-unknown-unknown --all-targets --locked -- -D warnings)
}

# Debian's redis-server for the demo and its integration tests. In CI a failure fails; elsewhere
# the cache demo runs as a simulation in memory and the tests that need real servers skip.
ensure_redis() {
  log "redis-server (scripts/toolchain/redis.sh)"
  if ! bash scripts/toolchain/redis.sh; then
    [ -n "${CI:-}" ] && exit 1
    echo "[chash] no redis-server here: the cache demo runs as a simulation, the workers demo cannot run" >&2
  fi
}

# Every platform's prebuilt addon (packages/native/npm/*), cross-built from this machine; the
# linux-arm64-gnu one runs the golden and cross-backend checks in the official arm64 Node under
# qemu. CI only (or CHASH_CROSS=1): it adds several minutes of compiling.
cross_builds() {
  node scripts/ci.mjs || [ "${CHASH_CROSS:-}" = 1 ] || return 0
  log "native addons for every platform (packages/native/scripts/build-cross.sh)"
  bash packages/native/scripts/build-cross.sh
  log "the linux-arm64-gnu addon in arm64 Node under qemu (packages/native/scripts/check-platform.mjs)"
  (eval "$(bash scripts/toolchain/cross.sh --print-env)" &&
    qemu-aarch64 "$CHASH_ARM64_NODE" packages/native/scripts/check-platform.mjs)
}
# tests/publish runs after it (not in turbo's test): it lints the platform packages too.

ensure_pnpm
case "$job" in
  demo)
    ensure_redis
    # Outside CI the demo runs on the backends that could be built; it says which it skipped.
    if ! ensure_rust; then node scripts/ci.mjs && exit 1; fi
    pnpm exec turbo run build --filter=@chash/demo... --output-logs=errors-only
    node scripts/skipped-backends.mjs
    node examples/demo/dist/cli.js "${@:2}"
    ;;
  test)
    log "lint (biome)"
    pnpm exec biome check .
    ensure_rust
    rust_checks
    log "chromium for the browser tests (scripts/toolchain/chromium.sh)"
    if ! bash scripts/toolchain/chromium.sh; then
      node scripts/ci.mjs && exit 1
      echo "[chash] no Chromium here: the browser tests will be skipped" >&2
    fi
    ensure_redis
    log "memcached and libmemcached for the ketama interop test (scripts/toolchain/memcached.sh)"
    if ! bash scripts/toolchain/memcached.sh; then
      node scripts/ci.mjs && exit 1
      echo "[chash] no memcached here: the ketama interop test will be skipped" >&2
    fi
    log "build and test every package (turbo)"
    # Two tasks at a time, one per core: with every suite at once (core's, Chromium's, Bun's and
    # Deno's) a 2-core machine starved vitest workers past their 60 s RPC timeout.
    pnpm exec turbo run build typecheck test --concurrency=2 --output-logs=new-only
    cross_builds
    log "the published packages' tarballs: publint --strict, attw --profile esm-only (tests/publish)"
    pnpm --filter @chash/publish-check run check
    # The linux-x64-gnu prebuilt in packages/native/npm/ makes core's load.test.ts (a damaged copy of
    # the loader) load the real addon on a later run: remove the cross-built addons once checked.
    rm -f packages/native/npm/*/chash.*.node
    log "benchmarks, quick mode (native, wasm and raw Rust required)"
    # Not `bench:quick -- --require-all`: turbo hashes arguments after `--` into every task of the
    # run, so the builds it depends on would miss the cache and run again.
    pnpm exec turbo run bench:ci --filter=@chash/bench --output-logs=full
    ;;
  bench)
    pnpm exec turbo run bench --output-logs=full
    ;;
  *)
    echo "unknown job '$job' (demo, test or bench)" >&2
    exit 2
    ;;
esac
