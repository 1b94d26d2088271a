#!/usr/bin/env bash
# Cross-builds the addon for every target in package.json's napi.targets, stripped, into the
# per-platform packages: npm/<platform>/chash.<platform>.node (`napi artifacts` moves them there
# from a scratch dir). Linux and darwin build with `napi build -x` (cargo-zigbuild + zig, which
# also pins the linux-gnu builds to an old glibc); win32-x64-msvc is the x86_64-pc-windows-gnu
# build (mingw), see scripts/toolchain/cross.sh for why. Prints each binary's size and the time.
#
# Usage: packages/native/scripts/build-cross.sh [TARGET...]   (default: all of napi.targets)
set -euo pipefail
pkg="$(cd "$(dirname "$0")/.." && pwd)"
repo="$(cd "$pkg/../.." && pwd)"
cd "$pkg"
unset RUSTUP_TOOLCHAIN
eval "$(bash "$repo/scripts/toolchain/cross.sh" --print-env)"

if (( $# > 0 )); then targets=("$@"); else
  mapfile -t targets < <(node -p "require('./package.json').napi.targets.join('\n')")
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
napi=(node "$(node -p "const p = require.resolve('@napi-rs/cli/package.json'); require('path').join(require('path').dirname(p), require(p).bin.napi)")")
start=$(date +%s)

for target in "${targets[@]}"; do
  t=$(date +%s)
  args=(build --platform --release --strip --manifest-path "$repo/crates/chash_napi/Cargo.toml"
    --package-json-path "$pkg/package.json" --output-dir "$out/build" --no-js --dts "$out/build/index.d.ts")
  if [[ "$target" == x86_64-pc-windows-msvc ]]; then
    # napi-build links windows-gnu addons against a libnode.dll (MSYS2's Node). With napi-rs's
    # dyn-symbols (crates/chash_napi) nothing is imported from it, so an empty stub satisfies the
    # linker and the addon imports only system DLLs (checked below): it loads in the official
    # node.exe.
    mkdir -p "$out/libnode"
    echo 'void chash_libnode_stub(void) {}' >"$out/libnode/stub.c"
    x86_64-w64-mingw32-gcc -shared -o "$out/libnode/libnode.dll" "$out/libnode/stub.c"
    LIBNODE_PATH="$out/libnode" "${napi[@]}" "${args[@]}" --target x86_64-pc-windows-gnu >&2
    imports="$(x86_64-w64-mingw32-objdump -p "$out/build/chash.win32-x64-gnu.node" | sed -n 's/^\s*DLL Name: //p' | tr '\n' ' ')"
    echo "[@chash/native] win32-x64 imports: $imports" >&2
    if grep -qi 'libnode\|node\.exe\|libgcc\|libwinpthread\|libstdc' <<<"$imports"; then
      echo "[@chash/native] ERROR: the win32-x64 addon must import only system DLLs" >&2
      exit 1
    fi
    mv "$out/build/chash.win32-x64-gnu.node" "$out/build/chash.win32-x64-msvc.node"
  else
    "${napi[@]}" "${args[@]}" --target "$target" -x >&2
  fi
  mkdir -p "$out/artifacts"
  mv "$out"/build/*.node "$out/artifacts/"
  echo "[@chash/native] $target built in $(( $(date +%s) - t ))s" >&2
done

if (( $# == 0 )); then
  # All targets: napi checks that none is missing while it moves them.
  "${napi[@]}" artifacts --package-json-path "$pkg/package.json" --output-dir "$out/artifacts" --npm-dir "$pkg/npm" >&2
else
  # Some targets (napi artifacts wants all): the same move, chash.<platform>.node -> npm/<platform>/.
  for f in "$out"/artifacts/chash.*.node; do
    platform="${f##*/chash.}"
    mv "$f" "$pkg/npm/${platform%.node}/"
  done
fi
for f in npm/*/chash.*.node; do
  printf '[@chash/native] %-40s %8d bytes\n' "$f" "$(stat -c %s "$f")"
done
echo "[@chash/native] cross builds done in $(( $(date +%s) - start ))s" >&2
