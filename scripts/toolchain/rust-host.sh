#!/usr/bin/env bash
# Ensure the host Rust toolchain (rustup's stable) that builds the napi-rs
# addon and runs `cargo test` is usable, and print its versions.
#
# It installs nothing from rustup (the machine image provides rustup + stable,
# host target only; rustup's servers may be unreachable). It only makes sure a
# C linker (`cc`, Debian's gcc + libc6-dev) is present, which rustc needs to
# link the host cdylib/test binaries.
#
# Usage: scripts/toolchain/rust-host.sh [--quiet]
# Exit 0: cargo, rustc and cc work. Exit 1 with "[toolchain] ERROR: ..." saying
# what is missing otherwise.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

quiet=0
for a in "$@"; do
  case "$a" in
    --quiet|-q) quiet=1 ;;
    -h|--help) awk 'NR > 1 && /^set -euo/ { exit } NR > 1' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) die "unknown argument: $a (try --help)" ;;
  esac
done

# A RUSTUP_TOOLCHAIN left over from sourcing .wasm-env would redirect the host
# build to the wasm toolchain; the host build wants rustup's default.
if [[ -n "${RUSTUP_TOOLCHAIN:-}" ]]; then
  warn "RUSTUP_TOOLCHAIN=$RUSTUP_TOOLCHAIN is set in this environment; checking the host toolchain without it (unset it for host builds)"
  unset RUSTUP_TOOLCHAIN
fi

if ! command -v cargo >/dev/null 2>&1 || ! command -v rustc >/dev/null 2>&1; then
  die "cargo/rustc not found on PATH (looked in PATH=$PATH). The host build needs rustup's stable Rust toolchain, which the machine image provides in ~/.cargo/bin; Debian's rustc-web is only used as a fallback for wasm32 (scripts/toolchain/rust-wasm.sh)."
fi

if command -v rustup >/dev/null 2>&1; then
  toolchain="$(rustup show active-toolchain 2>/dev/null | awk '{print $1}' || true)"
  [[ -n "$toolchain" ]] || die "rustup has no active toolchain: run 'rustup default stable' (the host build needs rustup's stable toolchain)"
else
  toolchain="(no rustup: $(command -v rustc))"
  warn "rustup not found; using $(command -v rustc) as the host compiler"
fi

rustc_v="$(rustc -V 2>&1)" || die "rustc does not run: $rustc_v (toolchain $toolchain is broken; reinstall it with rustup)"
cargo_v="$(cargo -V 2>&1)" || die "cargo does not run: $cargo_v (toolchain $toolchain is broken; reinstall it with rustup)"
host="$(rustc -vV | sed -n 's/^host: //p')"
[[ "$host" == x86_64-unknown-linux-gnu ]] || warn "host triple is $host, these scripts were written for x86_64-unknown-linux-gnu"

# rustc links host binaries through `cc`.
if ! command -v cc >/dev/null 2>&1; then
  log "no C compiler/linker 'cc' found; rustc needs it to link host binaries: installing gcc + libc6-dev"
  need_apt gcc libc6-dev
  command -v cc >/dev/null 2>&1 || die "'cc' still missing after installing gcc; rustc cannot link host binaries without it"
fi

if (( quiet == 0 )); then
  log "host toolchain: $toolchain ($host)"
  log "  $rustc_v"
  log "  $cargo_v"
  log "  cc: $(cc --version | head -n1)"
fi
