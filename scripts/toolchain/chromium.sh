#!/usr/bin/env bash
# Ensure Debian's Chromium (the only browser the browser tests may use; never a
# downloaded one) and print its path and version.
#
#   scripts/toolchain/chromium.sh [--print-env] [--no-driver]
#
# Installs (apt, without Recommends, only what is missing): chromium,
# chromium-driver (/usr/bin/chromedriver, same version, for WebDriver-based
# runners such as wasm-bindgen-test-runner; skip with --no-driver) and
# fonts-liberation (so pages render real glyphs in screenshots).
# Then starts it once headless on a data: URL that runs a WebAssembly module
# and checks the DOM it prints (cached per Chromium version, so re-runs take
# well under a second).
#
# --print-env prints on stdout (logs go to stderr):
#   export CHROMIUM_BIN=/usr/bin/chromium      # also CHROME_BIN, for tools that read it
#   export CHROMEDRIVER=/usr/bin/chromedriver
#   export CHASH_CHROMIUM_FLAGS="--headless ..." # the flags a test harness should pass
# Playwright: chromium.launch({ executablePath: process.env.CHROMIUM_BIN,
#   args: process.env.CHASH_CHROMIUM_FLAGS.split(' ') }) with playwright-core
#   (never `playwright install`).
# As root Chromium needs --no-sandbox; without --disable-background-networking
# and friends it keeps trying to reach Google's hosts, which this network refuses.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

driver=1
script_arg() { [[ $1 == --no-driver ]] && driver=0; }
parse_args "$@"

CHROMIUM_BIN=/usr/bin/chromium
CHROMEDRIVER=/usr/bin/chromedriver
FLAGS="--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run --no-default-browser-check --disable-background-networking --disable-component-update --disable-sync --disable-quic --disable-extensions --mute-audio"

T0=$(now_s)
take_lock chromium
pkgs=(chromium fonts-liberation)
(( driver )) && pkgs+=(chromium-driver)
need_apt "${pkgs[@]}"

[[ -x "$CHROMIUM_BIN" ]] || die "$CHROMIUM_BIN missing although package chromium is installed"
# Debian's launcher script prints a harmless "[: ...: unexpected operator" on
# some machines; keep only the version line.
version="$("$CHROMIUM_BIN" --version 2>/dev/null | grep -m1 -E '^Chromium ' || true)"
[[ -n "$version" ]] || die "'$CHROMIUM_BIN --version' printed no version: Debian's chromium package is broken (try apt-get install --reinstall chromium)"
if (( driver )); then
  [[ -x "$CHROMEDRIVER" ]] || die "$CHROMEDRIVER missing although package chromium-driver is installed"
  dversion="$("$CHROMEDRIVER" --version 2>/dev/null | head -n1 || true)"
  [[ "$dversion" == *"$(awk '{print $2}' <<<"$version")"* ]] \
    || die "chromedriver ($dversion) does not match $version; upgrade both: apt-get install chromium chromium-driver"
fi

# Smoke test: headless start, JavaScript and WebAssembly work. Cached per version.
stamp="$TOOLCHAIN_CACHE/chromium-verified"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$version" ]]; then
  log "$version: headless start verified earlier"
else
  t=$(now_s)
  profile="$(mktemp -d /tmp/chash-chromium-profile.XXXXXX)"
  trap 'rm -rf "$profile"' EXIT
  # A 41-byte module exporting add(i32, i32) -> i32.
  page='<p id=r>js-off</p><script>const b=new Uint8Array([0,97,115,109,1,0,0,0,1,7,1,96,2,127,127,1,127,3,2,1,0,7,7,1,3,97,100,100,0,0,10,9,1,7,0,32,0,32,1,106,11]);const i=new WebAssembly.Instance(new WebAssembly.Module(b));document.getElementById("r").textContent="wasm-add="+i.exports.add(40,2);</script>'
  # shellcheck disable=SC2086
  dom="$(with_timeout 90 "$CHROMIUM_BIN" $FLAGS --user-data-dir="$profile" --virtual-time-budget=5000 \
          --dump-dom "data:text/html,$page" 2>"$profile.log" || true)"
  if [[ "$dom" != *"wasm-add=42"* ]]; then
    tail -n 20 "$profile.log" >&2 || true
    rm -f "$profile.log"
    die "headless $CHROMIUM_BIN did not run the test page (printed: '${dom:0:200}'); browser tests cannot run (stderr above)"
  fi
  rm -f "$profile.log"
  mkdir -p "$TOOLCHAIN_CACHE"; echo "$version" >"$stamp"
  step_done "headless smoke test (JS + WebAssembly in $version)" "$t"
fi

log "chromium: $CHROMIUM_BIN ($version)"
(( driver )) && log "chromedriver: $CHROMEDRIVER ($dversion)"
log "chromium ready in $(( $(now_s) - T0 ))s"
if (( print_env )); then
  echo "export CHROMIUM_BIN=$CHROMIUM_BIN"
  echo "export CHROME_BIN=$CHROMIUM_BIN"
  (( driver )) && echo "export CHROMEDRIVER=$CHROMEDRIVER"
  echo "export CHASH_CHROMIUM_FLAGS=\"$FLAGS\""
fi
exit 0
