#!/usr/bin/env bash
# Ensure the Rust of rust-toolchain.toml (channel, components, the wasm32 target) and a C linker.
#
#   scripts/toolchain/rust.sh [--quiet]
#
# A machine without rustup gets it from the Rust project's distribution server (rustup-init,
# minimal profile, the file's channel as default, PATH untouched); rustup then installs the toolchain the
# file names. A C linker (`cc`: Debian's gcc + libc6-dev) is installed if missing, since rustc
# links host binaries through it. Callers put ~/.cargo/bin on PATH themselves.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUSTUP_INIT_URL=https://static.rust-lang.org/rustup/dist/x86_64-unknown-linux-gnu/rustup-init

quiet=0
for a in "$@"; do
  case "$a" in
    --quiet|-q) quiet=1 ;;
    -h|--help) awk 'NR > 1 && /^set -euo/ { exit } NR > 1' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) die "unknown argument: $a (try --help)" ;;
  esac
done

# rust-toolchain.toml decides (the opt-in Debian wasm route sets RUSTUP_TOOLCHAIN for wasm-pack only).
unset RUSTUP_TOOLCHAIN
cd "$REPO_ROOT"

if ! command -v rustup >/dev/null 2>&1; then
  [[ "$(uname -sm)" == "Linux x86_64" ]] \
    || die "rustup is missing and this script only installs it on Linux x86_64; install it from https://rustup.rs"
  t=$(now_s)
  tmp="$(mktemp -d)"
  log "rustup is missing: downloading rustup-init from $RUSTUP_INIT_URL"
  with_timeout 600 curl --proto '=https' --tlsv1.2 -fsSL -o "$tmp/rustup-init" "$RUSTUP_INIT_URL" \
    || die "could not download $RUSTUP_INIT_URL (is static.rust-lang.org reachable?)"
  chmod +x "$tmp/rustup-init"
  channel="$(sed -nE 's/^channel[[:space:]]*=[[:space:]]*"([^"]+)".*/\1/p' rust-toolchain.toml)"
  # The file's channel becomes the default too, so cargo also works outside the repository
  # (cargo install builds in ~/.cache).
  with_timeout 1800 "$tmp/rustup-init" -y --quiet --profile minimal --default-toolchain "$channel" --no-modify-path >&2 \
    || die "rustup-init failed (output above)"
  rm -rf "$tmp"
  PATH="$CARGO_BIN:$PATH"
  step_done "rustup install into $CARGO_HOME" "$t"
fi

# `rustup toolchain install` without a name installs the toolchain of rust-toolchain.toml with its
# components and targets (a no-op, well under a second, when all are there).
out="$(with_timeout 1800 rustup toolchain install 2>&1)" \
  || { printf '%s\n' "$out" >&2; die "rustup could not install the toolchain of rust-toolchain.toml (output above)"; }
rustc_v="$(rustc -V 2>&1)" || die "rustc does not run: $rustc_v"

if ! command -v cc >/dev/null 2>&1; then
  log "no C linker 'cc': installing gcc + libc6-dev (rustc links host binaries through it)"
  need_apt gcc libc6-dev
fi

(( quiet )) || log "$rustc_v, $(cargo -V), cc: $(cc --version | head -n1)"
