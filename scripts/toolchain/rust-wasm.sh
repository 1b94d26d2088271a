#!/usr/bin/env bash
# Ensure everything the WebAssembly build needs, then record how to use it.
#
#   scripts/toolchain/rust-wasm.sh [--print-env] [--selftest] [--toolchain auto|rustup|debian]
#
# What it ensures (each step is skipped in well under a second when done):
#  1. A Rust toolchain that builds wasm32-unknown-unknown:
#     a. rustup's default (stable) toolchain, if it has the target or if
#        `rustup target add wasm32-unknown-unknown` succeeds within
#        $CHASH_RUSTUP_TIMEOUT seconds (default 90; a failure is remembered
#        for 24 h so re-runs stay fast); otherwise
#     b. Debian's rustc-web 1.96 (/usr/bin/rustc, /usr/bin/cargo): its std for
#        wasm32 is compiled once from Debian's own std sources (rust-web-src)
#        with -Zbuild-std, installed into /usr/lib/rustlib/wasm32-unknown-unknown/lib
#        and linked into rustup as the toolchain "system"
#        (`rustup toolchain link system /usr`). The linker is rust-lld
#        (Debian's rust-web-llvm: /usr/bin/rust-lld -> lld-22).
#     Either way a tiny cdylib is built for wasm32 (with LTO), its magic bytes
#     checked and it is run in Node; the result is cached until rustc or the
#     target libraries change.
#  2. wasm-bindgen-cli at exactly the version of the `wasm-bindgen` crate pinned
#     in crates/Cargo.toml [workspace.dependencies] (wasm-bindgen = "=X.Y.Z"),
#     and wasm-pack $WASM_PACK_VERSION, both by `cargo install --locked`, each
#     version into its own root ~/.cache/chash-toolchain/tools/CRATE-VERSION/bin
#     (a matching binary already in ~/.cargo/bin is used as it is). Their npm
#     packages download binaries at install time, which fails here. If the
#     registry lacks a version pinned in the tool's Cargo.lock (wasm-bindgen-cli
#     0.2.130 pins webpki-roots 1.0.11, which crates.io here does not serve),
#     only that package is re-resolved (to 1.0.10) and the rest stays locked.
#  3. wasm-opt: binaryen $BINARYEN_NPM_VERSION from the npm registry (package
#     "binaryen": wasm-opt compiled to JS+wasm, run by Node; nothing is
#     downloaded at install time), installed under $TOOLCHAIN_CACHE/binaryen and
#     linked as $TOOLCHAIN_CACHE/bin/wasm-opt. NOT Debian's binaryen 108: any
#     round trip through wasm-opt 108, even with no passes and all --enable-*
#     flags, rewrites wasm-bindgen 0.2.130's export "__wbindgen_externrefs" to
#     point at the funcref table, and the module then fails at init with
#     "WebAssembly.Table.set(): Argument 1 is invalid for table:
#     function-typed object ...". (Features are not the problem: both 108
#     and 132 read rustc's target_features section, so no --enable-* flags are
#     needed.)
#  4. Writes scripts/toolchain/.wasm-env (gitignored): the exports the wasm build
#     must use. `--print-env` prints the same lines on stdout (all log messages
#     go to stderr), so both of these work:
#       . scripts/toolchain/.wasm-env
#       eval "$(scripts/toolchain/rust-wasm.sh --print-env)"
#  5. --selftest: builds a tiny wasm-bindgen crate with wasm-pack exactly as
#     below and calls its exports from Node.
#
# HOW THE WASM BUILD MUST CALL WASM-PACK (tested with wasm-pack 0.15.1,
# wasm-bindgen 0.2.130, binaryen 132, on rustup stable 1.95 and on Debian's
# rustc 1.96):
#
#   . scripts/toolchain/.wasm-env     # sets RUSTUP_TOOLCHAIN, PATH (wasm-opt, wasm-bindgen, wasm-pack)
#   wasm-pack build crates/<wasm-crate> --target web --release --mode no-install \
#       --out-dir <dir>
#
#  - RUSTUP_TOOLCHAIN (the rustup default toolchain's name, or "system" for
#    Debian's rustc) is honoured: wasm-pack runs the rustup proxies
#    `rustc`/`cargo`, and its target check asks `rustc --target
#    wasm32-unknown-unknown --print target-libdir`, which exists, so it never
#    runs `rustup target add` itself.
#  - --mode no-install: wasm-pack never downloads anything. It uses the
#    `wasm-bindgen` on PATH when its version equals the wasm-bindgen version in
#    Cargo.lock, and otherwise fails with "Error: Not able to find or install
#    a local wasm-bindgen." (it never downloads one).
#  - wasm-opt: wasm-pack runs the first `wasm-opt` on PATH ("found wasm-opt at
#    ...") with "-O" (or the crate's [package.metadata.wasm-pack.profile.release]
#    wasm-opt = [...] args); .wasm-env puts binaryen 132 ahead of /usr/bin. If
#    it found none it would try to download binaryen, which --mode no-install
#    turns into "Skipping wasm-opt". --no-opt skips the step; then run
#    "$CHASH_WASM_OPT" -O3 <out>/<name>_bg.wasm -o <out>/<name>_bg.wasm yourself.
#  - Keep RUSTUP_TOOLCHAIN out of the host (napi-rs) build: source the env file
#    only in the wasm build's own shell.
#  - wasm-pack checks crates.io's web API for a newer wasm-pack once a day
#    (unreachable here: "[WARN]: failed to get wasm-pack version"); this
#    script refreshes wasm-pack's stamp file so the warning does not appear.
#
# Environment knobs: CHASH_WASM_TOOLCHAIN=auto|rustup|debian (same as
# --toolchain), CHASH_RUSTUP_TIMEOUT (seconds for `rustup target add`),
# CHASH_RUSTUP_RETRY=1 (retry `rustup target add` although it failed < 24 h ago),
# CHASH_TOOLCHAIN_CACHE (state dir, default ~/.cache/chash-toolchain),
# CHASH_WASM_ENV_FILE (where to write the env file, default scripts/toolchain/.wasm-env).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

WASM_TARGET=wasm32-unknown-unknown
WASM_PACK_VERSION=0.15.1
DEBIAN_RUST_PKGS=(rustc-web cargo-web rust-web-src rust-web-llvm lld-22)
DEBIAN_SYSROOT=/usr
DEBIAN_WASM_LIBDIR=$DEBIAN_SYSROOT/lib/rustlib/$WASM_TARGET/lib
DEBIAN_STD_SRC=$DEBIAN_SYSROOT/lib/rustlib/src/rust/library
STD_RECIPE=2   # bump to force a rebuild of the Debian wasm32 std
SYSTEM_TOOLCHAIN_NAME=system
# npm's binaryen (wasm-opt as JS+wasm); see 3. above for why not Debian's 108.
BINARYEN_NPM_VERSION=132.0.0
TOOL_BIN="$TOOLCHAIN_CACHE/bin"   # wasm-opt link, first on PATH in .wasm-env
ENV_FILE="${CHASH_WASM_ENV_FILE:-$TOOLCHAIN_DIR/.wasm-env}"

print_env=0 selftest=0 mode="${CHASH_WASM_TOOLCHAIN:-auto}"
while (( $# )); do
  case "$1" in
    --print-env) print_env=1 ;;
    --selftest) selftest=1 ;;
    --toolchain) shift; mode="${1:-}" ;;
    --toolchain=*) mode="${1#*=}" ;;
    -h|--help) awk 'NR > 1 && /^set -euo/ { exit } NR > 1' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) die "unknown argument: $1 (try --help)" ;;
  esac
  shift
done
case "$mode" in auto|rustup|debian) ;; *) die "--toolchain/CHASH_WASM_TOOLCHAIN must be auto, rustup or debian (got '$mode')" ;; esac

T0=$(now_s)
take_lock rust-wasm
# The checks below pick their toolchain explicitly.
unset RUSTUP_TOOLCHAIN RUSTFLAGS CARGO_BUILD_TARGET CARGO_TARGET_DIR CARGO_BUILD_RUSTFLAGS || true

bash "$TOOLCHAIN_DIR/rust-host.sh" --quiet \
  || die "the host Rust toolchain is needed to cargo-install wasm-bindgen-cli and wasm-pack (see the error above)"

# ---------------------------------------------------------------------------
# 0. wasm-bindgen version, pinned once in crates/Cargo.toml

WS_MANIFEST="$REPO_ROOT/crates/Cargo.toml"
[[ -f "$WS_MANIFEST" ]] || die "$WS_MANIFEST not found: it pins the wasm-bindgen version ([workspace.dependencies] wasm-bindgen = \"=X.Y.Z\") that wasm-bindgen-cli must match"
wbg_line="$(awk '
  /^[[:space:]]*\[/ { sec = $0; gsub(/[[:space:]]/, "", sec); next }
  sec == "[workspace.dependencies]" && /^[[:space:]]*wasm-bindgen[[:space:]]*=/ { print; exit }
' "$WS_MANIFEST")"
[[ -n "$wbg_line" ]] || die "no 'wasm-bindgen = \"=X.Y.Z\"' under [workspace.dependencies] in $WS_MANIFEST; wasm-bindgen-cli must be installed at exactly that version"
WBG_VERSION="$(sed -nE 's/.*"=[[:space:]]*([0-9]+\.[0-9]+\.[0-9]+)".*/\1/p' <<<"$wbg_line")"
[[ -n "$WBG_VERSION" ]] || die "wasm-bindgen in $WS_MANIFEST is not pinned exactly ('$wbg_line'); write it as \"=X.Y.Z\": wasm-bindgen-cli must equal the crate version or the generated bindings break"

# ---------------------------------------------------------------------------
# 1. a toolchain with the wasm32 target

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

rustup_default_toolchain() {
  command -v rustup >/dev/null 2>&1 || return 1
  rustup default 2>/dev/null | awk 'NR==1{print $1}'
}

try_rustup() {
  local tc
  tc="$(rustup_default_toolchain)" || { log "rustup not found; cannot use rustup for $WASM_TARGET"; return 1; }
  [[ -n "$tc" ]] || { log "rustup has no default toolchain"; return 1; }
  local libdir
  libdir="$(RUSTUP_TOOLCHAIN="$tc" rustc --target "$WASM_TARGET" --print target-libdir 2>/dev/null || true)"
  if [[ -z "$libdir" ]] || ! compgen -G "$libdir/libstd-*.rlib" >/dev/null; then
    # A failed attempt is remembered for a day, so that re-runs on a machine
    # without access to rustup's servers stay fast.
    local failed="$TOOLCHAIN_CACHE/rustup-target-add-failed-$tc"
    if [[ "$mode" == auto && "${CHASH_RUSTUP_RETRY:-0}" != 1 && -f "$failed" ]] \
       && (( $(now_s) - $(stat -c %Y "$failed") < 86400 )); then
      log "rustup target add $WASM_TARGET failed at $(date -u -r "$failed" +%H:%MZ) ($(head -n1 "$failed")); not retrying for 24 h (CHASH_RUSTUP_RETRY=1 retries now)"
      return 1
    fi
    local secs="${CHASH_RUSTUP_TIMEOUT:-90}" t out rc=0
    t=$(now_s)
    log "rustup target add $WASM_TARGET (toolchain $tc, timeout ${secs}s)"
    out="$(with_timeout "$secs" rustup target add --toolchain "$tc" "$WASM_TARGET" 2>&1)" || rc=$?
    if (( rc != 0 )); then
      { grep -m2 -E '^(error|info: downloading)' <<<"$out" || tail -n 3 <<<"$out"; } | sed 's/^/[toolchain]   rustup: /' >&2
      local why="exit $rc"; (( rc == 124 || rc == 137 )) && why="timed out after ${secs}s"
      mkdir -p "$TOOLCHAIN_CACHE"; echo "$why" >"$failed"
      log "rustup could not add $WASM_TARGET ($why; rustup's servers unreachable?)"
      return 1
    fi
    rm -f "$failed"
    step_done "rustup target add" "$t"
  fi
  verify_wasm_toolchain "$tc" || return 1
  WASM_TOOLCHAIN="$tc"; WASM_KIND=rustup
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
  WASM_TOOLCHAIN="$SYSTEM_TOOLCHAIN_NAME"
  WASM_KIND=debian
}

t1=$(now_s)
WASM_TOOLCHAIN="" WASM_KIND=""
case "$mode" in
  rustup) try_rustup || die "rustup's toolchain cannot build $WASM_TARGET (see above) and --toolchain rustup was requested" ;;
  debian) use_debian ;;
  auto)   try_rustup || { log "using Debian's Rust (rustc-web) for $WASM_TARGET instead"; use_debian; } ;;
esac
step_done "wasm32 toolchain ($WASM_KIND: $WASM_TOOLCHAIN)" "$t1"

# ---------------------------------------------------------------------------
# 2. wasm-bindgen-cli and wasm-pack via cargo install
#
# Each version is installed into its own root, $TOOLCHAIN_CACHE/tools/CRATE-VERSION,
# so that switching between branches pinning different wasm-bindgen versions
# never overwrites a binary someone else is using; .wasm-env puts that
# root's bin/ first on PATH. A matching binary already in ~/.cargo/bin (e.g.
# from a manual `cargo install`) is used as it is.

# cargo_install CRATE VERSION ROOT: `cargo install --locked` at exactly VERSION.
# If the registry here lacks a version pinned in the crate's published
# Cargo.lock (seen: webpki-roots 1.0.11 for wasm-bindgen-cli 0.2.130), re-resolve
# just those packages to the newest compatible version the registry has and
# install from the unpacked source with the otherwise unchanged lock file.
cargo_install() {
  local crate="$1" version="$2" root="$3" t log_file
  t=$(now_s)
  mkdir -p "$root"
  log_file="$TOOLCHAIN_CACHE/cargo-install-$crate-$version.log"
  log "cargo install $crate@$version --locked --root $root (compiles from source: 3-7 min; log $log_file)"
  if with_timeout 3600 cargo install "$crate" --version "=$version" --locked --force --root "$root" >"$log_file" 2>&1; then
    step_done "cargo install $crate@$version" "$t"; return 0
  fi
  if ! grep -q 'failed to select a version for the requirement' "$log_file"; then
    tail -n 25 "$log_file" >&2
    die "cargo install $crate@$version --locked failed (output above, full log $log_file); $crate is needed for the wasm build"
  fi
  local crate_file src
  crate_file="$(find "$CARGO_HOME/registry/cache" -name "$crate-$version.crate" -print -quit 2>/dev/null || true)"
  [[ -n "$crate_file" ]] || { tail -n 25 "$log_file" >&2; die "cargo install $crate@$version --locked failed and its source ($crate-$version.crate) is not in $CARGO_HOME/registry/cache"; }
  src="$TOOLCHAIN_CACHE/src/$crate-$version"
  rm -rf "$src"; mkdir -p "$(dirname "$src")"
  tar -xzf "$crate_file" -C "$(dirname "$src")"
  local i out name locked
  for i in $(seq 1 20); do
    if out="$(cd "$src" && with_timeout 600 cargo fetch --locked 2>&1)"; then break; fi
    # shellcheck disable=SC2016  # the backquotes are cargo's, not the shell's
    read -r name locked < <(sed -nE 's/.*failed to select a version for the requirement `([^ `]+) = [^`]*` \(locked to ([^)]+)\).*/\1 \2/p' <<<"$out" | head -n1) || true
    if [[ -z "${name:-}" ]]; then
      printf '%s\n' "$out" | tail -n 25 >&2
      die "cannot resolve the dependencies of $crate@$version from its Cargo.lock (output above)"
    fi
    log "$crate@$version's Cargo.lock pins $name $locked, which this registry does not serve; re-resolving only $name"
    (cd "$src" && cargo update -p "$name@$locked" >&2) || die "cargo update -p $name@$locked failed in $src"
    (( i == 20 )) && die "gave up re-resolving the dependencies of $crate@$version after 20 packages"
  done
  if ! with_timeout 3600 cargo install --path "$src" --locked --force --root "$root" >>"$log_file" 2>&1; then
    tail -n 25 "$log_file" >&2
    die "cargo install --path $src --locked failed (output above, full log $log_file); $crate is needed for the wasm build"
  fi
  step_done "cargo install $crate@$version (lock file repaired)" "$t"
}

# ensure_cargo_tool CRATE BIN VERSION: prints the directory holding BIN at VERSION.
ensure_cargo_tool() {
  local crate="$1" bin="$2" version="$3" root dir
  root="$TOOLCHAIN_CACHE/tools/$crate-$version"
  _find() {
    for dir in "$root/bin" "$CARGO_BIN"; do
      [[ -x "$dir/$bin" && "$(version_of "$dir/$bin")" == "$version" ]] && { echo "$dir"; return 0; }
    done
    return 1
  }
  if ! dir="$(_find)"; then
    # Another process (e.g. a provisioning run) may be installing it right now.
    wait_for_procs "cargo install $crate" 3600 "cargo(-[a-z]+)? install .*$crate( |$)"
    if ! dir="$(_find)"; then
      cargo_install "$crate" "$version" "$root"
      dir="$(_find)" || die "$root/bin/$bin does not report version $version after installing $crate $version"
    fi
  fi
  log "$bin $version: $dir/$bin"
  echo "$dir"
}

t2=$(now_s)
WBG_DIR="$(ensure_cargo_tool wasm-bindgen-cli wasm-bindgen "$WBG_VERSION")"
WP_DIR="$(ensure_cargo_tool wasm-pack wasm-pack "$WASM_PACK_VERSION")"
step_done "wasm-bindgen $WBG_VERSION + wasm-pack $WASM_PACK_VERSION" "$t2"

# ---------------------------------------------------------------------------
# 3. wasm-opt: binaryen from the npm registry

# Keep wasm-pack's once-a-day "is there a newer wasm-pack?" call to crates.io's
# web API (unreachable here) from printing "[WARN]: failed to get wasm-pack
# version": its stamp file says when it last checked.
printf 'created %s\nversion %s' "$(date +%Y-%m-%dT%H:%M:%S.%N%:z)" "$WASM_PACK_VERSION" >"$WP_DIR/wasm-pack.stamp" 2>/dev/null || true

t3=$(now_s)
BINARYEN_DIR="$TOOLCHAIN_CACHE/binaryen"
WASM_OPT="$TOOL_BIN/wasm-opt"
binaryen_pkg="$BINARYEN_DIR/node_modules/binaryen"
have_binaryen="$(sed -nE 's/^[[:space:]]*"version":[[:space:]]*"([^"]+)".*/\1/p' "$binaryen_pkg/package.json" 2>/dev/null | head -n1 || true)"
if [[ "$have_binaryen" != "$BINARYEN_NPM_VERSION" ]]; then
  { command -v node && command -v npm; } >/dev/null 2>&1 \
    || die "node/npm not found: wasm-opt comes from the npm package binaryen@$BINARYEN_NPM_VERSION and runs on Node"
  log "npm install binaryen@$BINARYEN_NPM_VERSION into $BINARYEN_DIR (wasm-opt as JS+wasm; Debian's binaryen 108 breaks wasm-bindgen output)"
  mkdir -p "$BINARYEN_DIR"
  [[ -f "$BINARYEN_DIR/package.json" ]] || printf '{ "name": "chash-toolchain-binaryen", "private": true }\n' >"$BINARYEN_DIR/package.json"
  if ! out="$(cd "$BINARYEN_DIR" && with_timeout 600 npm install --no-audit --no-fund --no-update-notifier \
        --save-exact "binaryen@$BINARYEN_NPM_VERSION" 2>&1)"; then
    printf '%s\n' "$out" | tail -n 20 >&2
    die "npm install binaryen@$BINARYEN_NPM_VERSION failed (output above); it provides wasm-opt for the wasm build"
  fi
  step_done "npm install binaryen@$BINARYEN_NPM_VERSION" "$t3"
fi
mkdir -p "$TOOL_BIN"
ln -sfn "$binaryen_pkg/bin/wasm-opt" "$WASM_OPT"
wasm_opt_v="$("$WASM_OPT" --version 2>&1 | head -n1)" \
  || die "$WASM_OPT does not run ($wasm_opt_v); it needs Node (binaryen@$BINARYEN_NPM_VERSION is wasm-opt compiled to JS+wasm)"
[[ "$wasm_opt_v" == *"version ${BINARYEN_NPM_VERSION%%.*}"* ]] || die "$WASM_OPT reports '$wasm_opt_v', expected binaryen ${BINARYEN_NPM_VERSION%%.*}"
log "wasm-opt: $WASM_OPT ($wasm_opt_v)"

# ---------------------------------------------------------------------------
# 4. the environment for the wasm build

# wasm-opt first (ahead of Debian's /usr/bin/wasm-opt), then the pinned
# wasm-bindgen and wasm-pack, then ~/.cargo/bin (rustup's proxies).
ENV_PATH="$TOOL_BIN"
for d in "$WBG_DIR" "$WP_DIR" "$CARGO_BIN"; do
  case ":$ENV_PATH:" in *":$d:"*) ;; *) ENV_PATH="$ENV_PATH:$d" ;; esac
done
env_text() {
  cat <<EOF
# Generated by scripts/toolchain/rust-wasm.sh; do not edit or commit.
# Source it in the shell that runs wasm-pack (not in the host/napi build).
export CHASH_WASM_TOOLCHAIN_KIND=$WASM_KIND
export RUSTUP_TOOLCHAIN=$WASM_TOOLCHAIN
export PATH="$ENV_PATH:\$PATH"
export CHASH_WASM_BINDGEN_VERSION=$WBG_VERSION
export CHASH_WASM_PACK_VERSION=$WASM_PACK_VERSION
export CHASH_WASM_OPT=$WASM_OPT
EOF
}
new_env="$(env_text)"
if [[ ! -f "$ENV_FILE" ]] || [[ "$(cat "$ENV_FILE")" != "$new_env" ]]; then
  printf '%s\n' "$new_env" >"$ENV_FILE"
  log "wrote $ENV_FILE"
fi

# ---------------------------------------------------------------------------
# 5. optional end-to-end self test with wasm-pack

if (( selftest )); then
  t5=$(now_s)
  st="$TOOLCHAIN_CACHE/selftest-$WASM_KIND"
  log "self test: wasm-pack build of a wasm-bindgen $WBG_VERSION crate in $st"
  rm -rf "$st/pkg"; mkdir -p "$st/src"
  cat >"$st/Cargo.toml" <<EOF
[package]
name = "chash-wasm-selftest"
version = "0.0.0"
edition = "2021"
publish = false
[lib]
crate-type = ["cdylib", "rlib"]
[dependencies]
wasm-bindgen = "=$WBG_VERSION"
[profile.release]
lto = true
opt-level = "s"
codegen-units = 1
EOF
  cat >"$st/src/lib.rs" <<'EOF'
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub fn greet(name: &str) -> String {
    format!("hello, {name}: {}", name.bytes().map(u64::from).sum::<u64>())
}

#[wasm_bindgen]
pub fn mix(x: u64) -> u64 {
    (x ^ (x >> 33)).wrapping_mul(0xff51_afd7_ed55_8ccd)
}
EOF
  st_log="$st/wasm-pack.log"
  # Exactly what the real wasm build does.
  # shellcheck disable=SC1090
  if ! ( . "$ENV_FILE"; cd "$st" \
         && with_timeout 1200 wasm-pack build . --target web --release --mode no-install --out-dir pkg ) >"$st_log" 2>&1; then
    tail -n 30 "$st_log" >&2
    die "self test: wasm-pack build failed (output above, log $st_log)"
  fi
  grep -q "found wasm-opt at \"$WASM_OPT\"" "$st_log" \
    || { cat "$st_log" >&2; die "self test: wasm-pack did not run $WASM_OPT (output above)"; }
  wasm="$st/pkg/chash_wasm_selftest_bg.wasm"
  check_wasm_magic "$wasm" || die "self test: $wasm is not a wasm module"
  cat >"$st/run.mjs" <<'EOF'
import { readFileSync } from "node:fs";
import { initSync, greet, mix } from "./pkg/chash_wasm_selftest.js";
initSync({ module: readFileSync(new URL("./pkg/chash_wasm_selftest_bg.wasm", import.meta.url)) });
const g = greet("chash");
const m = mix(0x0123456789abcdefn);
let x = 0x0123456789abcdefn;
x ^= x >> 33n;
const want = (x * 0xff51afd7ed558ccdn) & 0xffffffffffffffffn;
if (g !== "hello, chash: 519" || m !== want) {
  console.error("unexpected results:", g, m, want);
  process.exit(1);
}
console.log(`greet("chash") = "${g}", mix(0x0123456789abcdef) = 0x${m.toString(16)}`);
EOF
  r="$(node "$st/run.mjs" 2>&1)" || die "self test: the wasm-pack output failed in Node: $r"
  log "self test: Node called the exports: $r"
  step_done "self test (wasm-pack --target web, $(stat -c %s "$wasm") byte module after wasm-opt)" "$t5"
fi

log "wasm toolchain ready in $(( $(now_s) - T0 ))s: $WASM_KIND toolchain '$WASM_TOOLCHAIN', wasm-bindgen $WBG_VERSION, wasm-pack $WASM_PACK_VERSION, wasm-opt ${wasm_opt_v#wasm-opt }"
if (( print_env )); then printf '%s\n' "$new_env"; fi
exit 0
