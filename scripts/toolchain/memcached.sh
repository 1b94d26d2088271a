#!/usr/bin/env bash
# Ensure Debian's memcached server and libmemcached (headers + library), which the
# ketama fixtures generator (fixtures/generators/libmemcached_ketama.c) and the
# real-server interop test (packages/core/src/ketama-interop.test.ts) need.
#
#   scripts/toolchain/memcached.sh [--print-env]
#
# Installs (apt, without Recommends, only what is missing): memcached,
# libmemcached-dev, gcc. Nothing is started: each test starts its own servers on
# loopback and stops them. --print-env prints on stdout:
#   export CHASH_MEMCACHED_BIN=/usr/bin/memcached
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

parse_args "$@"

T0=$(now_s)
take_lock memcached
need_apt memcached libmemcached-dev gcc
# Debian's package starts a memcached on 11211 through systemd where systemd runs; the tests
# never use that port, so it does not matter.
[[ -x /usr/bin/memcached ]] || die "/usr/bin/memcached missing although package memcached is installed"
[[ -f /usr/include/libmemcached/memcached.h ]] || die "libmemcached headers missing although libmemcached-dev is installed"
log "memcached: $(/usr/bin/memcached -V 2>/dev/null || echo '?'), libmemcached $(dpkg-query -W -f='${Version}' libmemcached-dev)"
log "memcached ready in $(( $(now_s) - T0 ))s"
(( print_env )) && echo "export CHASH_MEMCACHED_BIN=/usr/bin/memcached"
exit 0
