#!/usr/bin/env bash
# The README's commands land here (`npm run demo`, `npm test`, `npm run bench`). Each sets up what a
# fresh machine lacks (pnpm, dependencies, Rust toolchains, builds) and then runs its job.
set -euo pipefail
cd "$(dirname "$0")/.."
job=${1:?usage: scripts/run.sh demo|test|bench}

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

# The Rust workspace: formatting, lints and the core crate's tests (golden fixtures included).
rust_checks() {
  if ! command -v cargo >/dev/null; then
    echo "[chash] cargo is missing: install Rust with rustup (https://rustup.rs), then run this again" >&2
    exit 1
  fi
  log "cargo fmt --check, clippy -D warnings, cargo test (crates/)"
  (cd crates && cargo fmt --all --check && cargo clippy --workspace --all-targets --locked -- -D warnings &&
    cargo test --workspace --locked)
  # The wasm crate's lints need the wasm32 target, which the toolchain script provides.
  (eval "$(bash scripts/toolchain/rust-wasm.sh --print-env)" && cd crates &&
    cargo clippy -p chash_wasm --target wasm32-unknown-unknown --all-targets --locked -- -D warnings)
}

ensure_pnpm
case "$job" in
  demo)
    pnpm exec turbo run build --filter=@chash/demo... --output-logs=errors-only
    node packages/demo/dist/cli.js
    ;;
  test)
    log "lint (biome)"
    pnpm exec biome check .
    rust_checks
    log "chromium for the browser tests (scripts/toolchain/chromium.sh)"
    if ! bash scripts/toolchain/chromium.sh; then
      [ -n "${CI:-}" ] && exit 1
      echo "[chash] no Chromium here: the browser tests will be skipped" >&2
    fi
    # --- ketama (issue 13) ---
    log "memcached and libmemcached for the ketama interop test (scripts/toolchain/memcached.sh)"
    if ! bash scripts/toolchain/memcached.sh; then
      [ -n "${CI:-}" ] && exit 1
      echo "[chash] no memcached here: the ketama interop test will be skipped" >&2
    fi
    # --- end ketama ---
    log "build and test every package (turbo)"
    pnpm exec turbo run build typecheck test --output-logs=new-only
    log "benchmarks, quick mode (native, wasm and raw Rust required)"
    pnpm exec turbo run bench:quick --filter=@chash/bench --output-logs=full -- --require-all
    ;;
  bench)
    pnpm exec turbo run bench --output-logs=full
    ;;
  *)
    echo "unknown job '$job' (demo, test or bench)" >&2
    exit 2
    ;;
esac
