# shellcheck shell=bash
# Shared helpers for scripts/toolchain/*.sh. Source it, don't run it:
#   . "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# Conventions
# - Every message goes to stderr with the prefix "[toolchain]", so a script's
#   stdout stays free for machine-readable output (rust-wasm.sh --print-env).
# - die() explains what is missing and why, then exits 1.
# - Every network-touching step runs under a timeout so that nothing can hang
#   for long on a machine whose network only reaches package registries.

if [[ -n "${_CHASH_TOOLCHAIN_LIB_LOADED:-}" ]]; then return 0; fi
_CHASH_TOOLCHAIN_LIB_LOADED=1
# Let `set -e` work inside $(...) too.
shopt -s inherit_errexit

TOOLCHAIN_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck disable=SC2034  # used by the scripts that source this file
REPO_ROOT="$(cd "$TOOLCHAIN_DIR/../.." && pwd)"
# State that must survive between runs on one machine (stamps, std build dir).
TOOLCHAIN_CACHE="${CHASH_TOOLCHAIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/chash-toolchain}"
CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
CARGO_BIN="$CARGO_HOME/bin"

# rustup's proxies live in ~/.cargo/bin; a login shell may not have it on PATH.
case ":$PATH:" in *":$CARGO_BIN:"*) ;; *) [[ -d "$CARGO_BIN" ]] && PATH="$CARGO_BIN:$PATH" ;; esac
export PATH

log()  { printf '[toolchain] %s\n' "$*" >&2; }
warn() { printf '[toolchain] WARNING: %s\n' "$*" >&2; }
die()  { printf '[toolchain] ERROR: %s\n' "$*" >&2; exit 1; }

# parse_args "$@": the arguments of a script that prints its exports. --print-env sets
# print_env=1; -h/--help prints the script's header comment; any other argument goes to the
# script's own `script_arg ARG` if it defines one (returning 1 for an argument it does not know).
parse_args() {
  print_env=0
  local a
  for a in "$@"; do
    case "$a" in
      --print-env) print_env=1 ;;
      -h|--help) awk 'NR > 1 && /^set -euo/ { exit } NR > 1' "${BASH_SOURCE[-1]}"; exit 0 ;;
      *) { declare -F script_arg >/dev/null && script_arg "$a"; } || die "unknown argument: $a (try --help)" ;;
    esac
  done
}

# now_s: seconds since the epoch (for step timings).
now_s() { date +%s; }
# step_done NAME START: log how long a step took.
step_done() { log "$1 done in $(( $(now_s) - $2 ))s"; }

# with_timeout SECS CMD...: run CMD, kill it after SECS (exit 124 on timeout).
with_timeout() {
  local secs="$1"; shift
  timeout --kill-after=10 "$secs" "$@"
}

# take_lock NAME: serialise concurrent runs of the same script (turbo may start
# several at once). The lock is released when the script exits.
take_lock() {
  mkdir -p "$TOOLCHAIN_CACHE"
  local file="$TOOLCHAIN_CACHE/$1.lock"
  exec 9>"$file"
  if ! flock -n 9; then
    log "another toolchain script holds $file; waiting for it (up to 60 min)"
    flock -w 3600 9 || die "timed out after 60 min waiting for lock $file"
  fi
}

# wait_for_procs WHAT MAX_SECS PATTERN: wait while processes whose full command
# line matches the extended regex PATTERN are running (e.g. another
# `cargo install` of the same crate, or an apt run), so we never start a
# concurrent duplicate. Our own process tree is ignored.
wait_for_procs() {
  local what="$1" max="$2" pattern="$3" waited=0 pids
  while :; do
    pids="$(pgrep -f -- "$pattern" | grep -vx -e "$$" -e "${BASHPID:-$$}" | tr '\n' ' ' || true)"
    pids="${pids% }"
    [[ -z "$pids" ]] && return 0
    if (( waited == 0 )); then
      log "waiting for $what already running (pid $pids)"
    elif (( waited % 60 == 0 )); then
      log "still waiting for $what (${waited}s)"
    fi
    (( waited >= max )) && die "$what (pid $pids) still running after ${max}s; stop it or wait for it, then re-run"
    sleep 5; waited=$(( waited + 5 ))
  done
}

require_root_for() {
  [[ "$(id -u)" == 0 ]] || die "$1 needs root (apt-get / writing under /usr); run this script as root"
}

# ---------------------------------------------------------------------------
# apt

# apt_installed PKG: true when dpkg says PKG is fully installed.
apt_installed() {
  [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" == "install ok installed" ]]
}

_APT_UPDATED=""
_apt_wait() {
  # apt-get waits for dpkg's lock itself (DPkg::Lock::Timeout), but
  # `apt-get update` and half-finished runs are easier to see this way.
  wait_for_procs "apt/dpkg" 1800 '^(/usr/bin/)?(apt-get|apt|dpkg|unattended-upgrade)( |$)'
}
apt_update_once() {
  [[ -n "$_APT_UPDATED" ]] && return 0
  _apt_wait
  log "apt-get update (once, because a package is missing)"
  local t; t=$(now_s)
  local out
  out="$(with_timeout 600 apt-get -o DPkg::Lock::Timeout=900 -o Acquire::Retries=3 update 2>&1)" \
    || { printf '%s\n' "$out" | tail -n 15 >&2; die "apt-get update failed (output above): Debian's package index is needed to install the missing packages"; }
  _APT_UPDATED=1
  step_done "apt-get update" "$t"
}

# need_apt PKG...: install the packages that are not installed yet (no-op and
# fast when all are there). Runs apt-get update first, once, only if needed.
# Recommends are skipped unless APT_RECOMMENDS=1.
need_apt() {
  local missing=() p
  for p in "$@"; do apt_installed "$p" || missing+=("$p"); done
  (( ${#missing[@]} == 0 )) && return 0
  require_root_for "installing ${missing[*]}"
  command -v apt-get >/dev/null || die "apt-get not found: these scripts target Debian 12 (bookworm); missing packages: ${missing[*]}"
  apt_update_once
  _apt_wait
  local rec=(--no-install-recommends); [[ "${APT_RECOMMENDS:-0}" == 1 ]] && rec=()
  mkdir -p "$TOOLCHAIN_CACHE"
  local t log_file="$TOOLCHAIN_CACHE/apt-install.log"
  t=$(now_s)
  log "apt-get install ${missing[*]} (log $log_file)"
  if ! DEBIAN_FRONTEND=noninteractive with_timeout 1800 \
      apt-get -o DPkg::Lock::Timeout=900 -o Acquire::Retries=3 install -y "${rec[@]}" "${missing[@]}" >"$log_file" 2>&1; then
    tail -n 25 "$log_file" >&2
    die "apt-get install ${missing[*]} failed (output above, full log $log_file); these Debian 12 packages are required (is this Debian bookworm with its package mirror reachable?)"
  fi
  log "  $(grep -E '^[0-9]+ upgraded, [0-9]+ newly installed' "$log_file" | tail -n1)"
  for p in "${missing[@]}"; do apt_installed "$p" || die "package $p still not installed after apt-get install"; done
  step_done "apt-get install ${missing[*]}" "$t"
}

# ---------------------------------------------------------------------------
# misc

# check_wasm_magic FILE: true when FILE starts with "\0asm".
check_wasm_magic() {
  [[ -f "$1" ]] && [[ "$(head -c 4 "$1" | od -An -tx1 | tr -d ' \n')" == "0061736d" ]]
}

# version_of CMD: the first X.Y.Z in `CMD --version`, empty if CMD fails.
version_of() {
  "$1" --version 2>/dev/null | grep -Eo '[0-9]+\.[0-9]+\.[0-9]+' | head -n1 || true
}
