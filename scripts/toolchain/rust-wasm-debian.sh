#!/usr/bin/env bash
# Opt-in fallback (CHASH_WASM_TOOLCHAIN=debian): build wasm32 with Debian's rustc-web instead of
# the rustup toolchain of rust-toolchain.toml, for a machine that cannot reach rustup's servers.
# Prints the rustup toolchain name to use ("system") on stdout; rust-wasm.sh calls it.
#
# Debian has no wasm32 std for rustc-web (libstd-rust-dev-wasm32 is for bookworm's rustc 1.63), so
# std is compiled once from Debian's own sources (rust-web-src) with -Zbuild-std, installed into
# /usr/lib/rustlib/wasm32-unknown-unknown/lib and linked into rustup as the toolchain "system".
# The linker is rust-lld (rust-web-llvm: /usr/bin/rust-lld -> lld-22). A tiny cdylib is then built
# with LTO, checked and run in Node (cached until rustc or the std changes). Details and timings:
# scripts/toolchain/README.md.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

WASM_TARGET=wasm32-unknown-unknown
DEBIAN_RUST_PKGS=(rustc-web cargo-web rust-web-src rust-web-llvm lld-22)
DEBIAN_SYSROOT=/usr
DEBIAN_WASM_LIBDIR=$DEBIAN_SYSROOT/lib/rustlib/$WASM_TARGET/lib
DEBIAN_STD_SRC=$DEBIAN_SYSROOT/lib/rustlib/src/rust/library
STD_RECIPE=2   # bump to force a rebuild of the Debian wasm32 std
SYSTEM_TOOLCHAIN_NAME=system

# wasm_fingerprint TOOLCHAIN: changes when rustc or the wasm32 std changes.
wasm_fingerprint() {
  local libdir
  libdir="$(RUSTUP_TOOLCHAIN="$1" rustc --target "$WASM_TARGET" --print target-libdir 2>/dev/null)" || return 1
  { RUSTUP_TOOLCHAIN="$1" rustc -vV; echo "$libdir"; ls -l "$libdir" 2>/dev/null; } | sha256sum | cut -c1-32
}

# verify_wasm_toolchain TOOLCHAIN: build a tiny std-using cdylib with LTO for
# wasm32, check its magic bytes and call it from Node. Cached by fingerprint.
verify_wasm_toolchain() {
  local tc="$1" fp dir stamp out
  fp="$(wasm_fingerprint "$tc")" || { log "toolchain '$tc' cannot report a $WASM_TARGET libdir"; return 1; }
  stamp="$TOOLCHAIN_CACHE/verified-$tc"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$fp" ]]; then
    log "toolchain '$tc' builds $WASM_TARGET (verified earlier, same rustc and std)"
    return 0
  fi
  dir="$TOOLCHAIN_CACHE/verify-$tc"
  rm -rf "$dir"; mkdir -p "$dir/src"
  cat >"$dir/Cargo.toml" <<'EOF'
[package]
name = "chash-wasm-probe"
version = "0.0.0"
edition = "2021"
publish = false
[lib]
crate-type = ["cdylib"]
[profile.release]
lto = true
opt-level = "s"
codegen-units = 1
EOF
  cat >"$dir/src/lib.rs" <<'EOF'
use std::collections::BTreeMap;
#[no_mangle]
pub extern "C" fn probe(n: u32) -> u32 {
    let mut m = BTreeMap::new();
    for i in 0..n { m.insert(i, format!("{i}").len() as u32); }
    m.values().sum()
}
EOF
  log "verifying toolchain '$tc': building a test cdylib for $WASM_TARGET"
  if ! out="$(cd "$dir" && RUSTUP_TOOLCHAIN="$tc" with_timeout 300 cargo build --release --offline --target "$WASM_TARGET" 2>&1)"; then
    printf '%s\n' "$out" | tail -n 20 >&2
    log "toolchain '$tc' failed to build a wasm32 cdylib (output above)"
    return 1
  fi
  local wasm="$dir/target/$WASM_TARGET/release/chash_wasm_probe.wasm"
  check_wasm_magic "$wasm" || { log "toolchain '$tc' produced no valid .wasm ($wasm lacks the \\0asm magic)"; return 1; }
  if command -v node >/dev/null 2>&1; then
    local r
    r="$(node -e 'const fs=require("fs");const i=new WebAssembly.Instance(new WebAssembly.Module(fs.readFileSync(process.argv[1])),{});process.stdout.write(String(i.exports.probe(12)))' "$wasm" 2>&1)" \
      || { log "Node could not run the wasm built by '$tc': $r"; return 1; }
    [[ "$r" == 14 ]] || { log "wasm built by '$tc' computed $r instead of 14"; return 1; }
  fi
  echo "$fp" >"$stamp"
  log "toolchain '$tc' builds $WASM_TARGET: OK ($(stat -c %s "$wasm") byte test module ran in Node)"
}


debian_std_stamp_want() {
  printf 'recipe=%s\n%s\n' "$STD_RECIPE" "$("$DEBIAN_SYSROOT/bin/rustc" -vV)"
}

build_debian_std() {
  local dir="$TOOLCHAIN_CACHE/wasm-std-build" t out
  t=$(now_s)
  [[ -d "$DEBIAN_STD_SRC/vendor" ]] || die "$DEBIAN_STD_SRC/vendor missing: package rust-web-src should provide Rust's std sources and their vendored crates"
  log "building Rust std for $WASM_TARGET from $DEBIAN_STD_SRC with Debian's rustc (about 30-60 s, once)"
  mkdir -p "$dir/src" "$dir/.cargo"
  cat >"$dir/Cargo.toml" <<'EOF'
[package]
name = "chash-wasm-std-build"
version = "0.0.0"
edition = "2021"
publish = false
[lib]
path = "src/lib.rs"
# Match the official rust-std: optimised, one codegen unit, no debuginfo.
[profile.release]
opt-level = 3
codegen-units = 1
debug = false
EOF
  echo '#![no_std]' >"$dir/src/lib.rs"
  # std's own dependencies (compiler_builtins, dlmalloc, hashbrown, ...) come
  # from the vendored copies that rust-web-src ships: no network needed.
  cat >"$dir/.cargo/config.toml" <<EOF
[source.crates-io]
replace-with = "vendored-sources"
[source.vendored-sources]
directory = "$DEBIAN_STD_SRC/vendor"
EOF
  # -C embed-bitcode=yes: like rustup's rust-std, keep LLVM bitcode in the
  # rlibs, or crates built with `lto = true` fail to link against them.
  if ! out="$(cd "$dir" && RUSTC="$DEBIAN_SYSROOT/bin/rustc" RUSTC_BOOTSTRAP=1 \
        RUSTFLAGS="-C embed-bitcode=yes" CARGO_TARGET_DIR="$dir/target" \
        with_timeout 1800 "$DEBIAN_SYSROOT/bin/cargo" build --offline --release \
        --target "$WASM_TARGET" -Zbuild-std=std,panic_abort 2>&1)"; then
    printf '%s\n' "$out" | tail -n 30 >&2
    die "building Rust std for $WASM_TARGET with Debian's rustc failed (output above); without it Debian's rustc cannot build wasm"
  fi
  local deps="$dir/target/$WASM_TARGET/release/deps"
  compgen -G "$deps/libstd-*.rlib" >/dev/null || die "the std build produced no libstd-*.rlib in $deps"
  mkdir -p "$DEBIAN_WASM_LIBDIR"
  rm -f "$DEBIAN_WASM_LIBDIR"/lib*.rlib "$DEBIAN_WASM_LIBDIR"/lib*.rmeta
  local f n=0
  for f in "$deps"/lib*.rlib; do
    case "$(basename "$f")" in libchash_wasm_std_build-*) continue ;; esac
    cp "$f" "$DEBIAN_WASM_LIBDIR/"; n=$((n + 1))
  done
  debian_std_stamp_want >"$DEBIAN_WASM_LIBDIR/../chash-std.stamp"
  step_done "std for $WASM_TARGET ($n rlibs into $DEBIAN_WASM_LIBDIR)" "$t"
}

ensure_rust_lld() {
  # rustc links wasm32 with `rust-lld -flavor wasm`, looked up in
  # <sysroot>/lib/rustlib/<host>/bin and then on PATH. rust-web-llvm ships
  # /usr/bin/rust-lld -> lld-22; recreate it if someone removed it.
  command -v rust-lld >/dev/null 2>&1 && return 0
  local lld
  for lld in /usr/bin/lld-22 /usr/lib/llvm-22/bin/lld; do
    if [[ -x "$lld" ]]; then
      log "rust-lld not on PATH; linking /usr/local/bin/rust-lld -> $lld"
      ln -sf "$lld" /usr/local/bin/rust-lld; return 0
    fi
  done
  die "no rust-lld/lld-22 found: rustc needs LLVM's lld to link wasm32 (packages rust-web-llvm, lld-22)"
}

use_debian() {
  command -v rustup >/dev/null 2>&1 \
    || die "rustup not found: the wasm build selects Debian's rustc through a rustup toolchain link ('$SYSTEM_TOOLCHAIN_NAME'); install rustup's stable toolchain first"
  require_root_for "the Debian wasm32 toolchain (apt-get, /usr/lib/rustlib)"
  # Debian has no prebuilt wasm32 std for rustc-web (libstd-rust-dev-wasm32 is
  # for bookworm's rustc 1.63, too old for wasm-bindgen), hence the build below.
  need_apt "${DEBIAN_RUST_PKGS[@]}"
  [[ -x "$DEBIAN_SYSROOT/bin/rustc" && -x "$DEBIAN_SYSROOT/bin/cargo" ]] \
    || die "$DEBIAN_SYSROOT/bin/rustc or cargo missing although rustc-web/cargo-web are installed"
  ensure_rust_lld
  if [[ -f "$DEBIAN_WASM_LIBDIR/../chash-std.stamp" ]] \
     && compgen -G "$DEBIAN_WASM_LIBDIR/libstd-*.rlib" >/dev/null \
     && [[ "$(cat "$DEBIAN_WASM_LIBDIR/../chash-std.stamp")" == "$(debian_std_stamp_want)" ]]; then
    log "Debian rustc's $WASM_TARGET std already built ($("$DEBIAN_SYSROOT/bin/rustc" -V))"
  else
    build_debian_std
  fi
  local cur
  cur="$(RUSTUP_TOOLCHAIN=$SYSTEM_TOOLCHAIN_NAME rustc --print sysroot 2>/dev/null || true)"
  if [[ "$cur" != "$DEBIAN_SYSROOT" ]]; then
    if rustup toolchain list 2>/dev/null | awk '{print $1}' | grep -qx "$SYSTEM_TOOLCHAIN_NAME"; then
      die "rustup already has a toolchain named '$SYSTEM_TOOLCHAIN_NAME' whose sysroot is '$cur', not $DEBIAN_SYSROOT; remove it (rustup toolchain uninstall $SYSTEM_TOOLCHAIN_NAME) and re-run"
    fi
    log "rustup toolchain link $SYSTEM_TOOLCHAIN_NAME $DEBIAN_SYSROOT"
    rustup toolchain link "$SYSTEM_TOOLCHAIN_NAME" "$DEBIAN_SYSROOT" >&2
  fi
  verify_wasm_toolchain "$SYSTEM_TOOLCHAIN_NAME" \
    || die "Debian's rustc ($DEBIAN_SYSROOT/bin/rustc) with the std built for $WASM_TARGET cannot build a wasm cdylib (see above)"
}

use_debian
echo "$SYSTEM_TOOLCHAIN_NAME"
