#!/usr/bin/env bash
# Ensure the tools of the wasm build, then print (--print-env) and write the environment it runs in.
#
#   scripts/toolchain/rust-wasm.sh [--print-env]
#
#  1. Rust with the wasm32 target: rust.sh (rust-toolchain.toml), or with CHASH_WASM_TOOLCHAIN=debian
#     the opt-in fallback rust-wasm-debian.sh (Debian's rustc-web).
#  2. wasm-bindgen-cli at exactly the `wasm-bindgen = "=X.Y.Z"` of crates/Cargo.toml and wasm-pack
#     $WASM_PACK_VERSION, by `cargo install --locked` into per-version roots under the cache.
#  3. wasm-opt: npm's binaryen $BINARYEN_NPM_VERSION (not Debian's 108; README.md says why).
#  4. scripts/toolchain/.wasm-env (gitignored): the exports for the shell that runs wasm-pack.
#
# How the wasm build calls wasm-pack, and why: scripts/toolchain/README.md.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

WASM_PACK_VERSION=0.15.1
BINARYEN_NPM_VERSION=132.0.0
TOOL_BIN="$TOOLCHAIN_CACHE/bin"   # wasm-opt link, first on PATH in .wasm-env
ENV_FILE="${CHASH_WASM_ENV_FILE:-$TOOLCHAIN_DIR/.wasm-env}"

parse_args "$@"
mode="${CHASH_WASM_TOOLCHAIN:-rustup}"
case "$mode" in rustup|debian) ;; *) die "CHASH_WASM_TOOLCHAIN must be rustup (default) or debian (got '$mode')" ;; esac

T0=$(now_s)
take_lock rust-wasm
unset RUSTUP_TOOLCHAIN RUSTFLAGS CARGO_BUILD_TARGET CARGO_TARGET_DIR CARGO_BUILD_RUSTFLAGS || true

bash "$TOOLCHAIN_DIR/rust.sh" --quiet || die "Rust is needed for the wasm build (see the error above)"
PATH="$CARGO_BIN:$PATH"
# The repository's rust-toolchain.toml applies to every cargo call below.
cd "$REPO_ROOT"

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
# 1. the Rust toolchain (the rustup path needs nothing more than rust.sh above)

WASM_TOOLCHAIN="" WASM_KIND=rustup
if [[ "$mode" == debian ]]; then
  WASM_TOOLCHAIN="$(bash "$TOOLCHAIN_DIR/rust-wasm-debian.sh")"
  WASM_KIND=debian
fi

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
${WASM_TOOLCHAIN:+export RUSTUP_TOOLCHAIN=$WASM_TOOLCHAIN
}export PATH="$ENV_PATH:\$PATH"
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

log "wasm toolchain ready in $(( $(now_s) - T0 ))s: $WASM_KIND toolchain${WASM_TOOLCHAIN:+ '$WASM_TOOLCHAIN'}, wasm-bindgen $WBG_VERSION, wasm-pack $WASM_PACK_VERSION, wasm-opt ${wasm_opt_v#wasm-opt }"
if (( print_env )); then printf '%s\n' "$new_env"; fi
exit 0
