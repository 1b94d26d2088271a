#!/usr/bin/env bash
# Ensure Debian's redis-server (the real servers the demo and its integration
# tests start on loopback; never a downloaded build) and print its path and version.
#
#   scripts/toolchain/redis.sh [--print-env]
#
# Installs (apt, without Recommends, only when missing): redis-server, which
# brings /usr/bin/redis-server and redis-tools. Debian's package also enables a
# system service on port 6379; the demo never uses it (every server it starts
# has its own free port and temporary directory), so it is stopped when this
# script installs the package, to keep the machine quiet.
# Then starts one server on a free loopback port without persistence, checks
# that it answers PING, and stops it (about 0.1 s).
#
# --print-env prints on stdout (logs go to stderr):
#   export REDIS_SERVER_BIN=/usr/bin/redis-server
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

parse_args "$@"

REDIS_SERVER_BIN=/usr/bin/redis-server
T0=$(now_s)
take_lock redis
if ! apt_installed redis-server; then
  need_apt redis-server
  # The package's own service (on 6379) is not ours: stop it through its own init system.
  if command -v systemctl >/dev/null && systemctl is-active --quiet redis-server 2>/dev/null; then
    systemctl disable --now redis-server >/dev/null 2>&1 || true
  elif [[ -x /etc/init.d/redis-server ]]; then
    /etc/init.d/redis-server stop >/dev/null 2>&1 || true
  fi
fi
[[ -x "$REDIS_SERVER_BIN" ]] || die "$REDIS_SERVER_BIN missing although package redis-server is installed"
version="$(version_of "$REDIS_SERVER_BIN")"
[[ -n "$version" ]] || die "'$REDIS_SERVER_BIN --version' printed no version: Debian's redis-server package is broken"

# Smoke test: one server on a free loopback port, no persistence, answers PING.
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null \
  || echo $(( 20000 + RANDOM % 20000 )))"
dir="$(mktemp -d /tmp/chash-redis-check.XXXXXX)"
"$REDIS_SERVER_BIN" --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$dir" --daemonize no \
  --logfile "$dir/log" &
pid=$!
stop_check_server() {
  redis-cli -h 127.0.0.1 -p "$port" shutdown nosave >/dev/null 2>&1 || kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$dir"
}
trap stop_check_server EXIT
pong=""
for _ in $(seq 1 50); do
  pong="$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null || true)"
  [[ "$pong" == PONG ]] && break
  sleep 0.1
done
[[ "$pong" == PONG ]] || { tail -n 20 "$dir/log" >&2 || true; die "redis-server $version did not answer PING on 127.0.0.1:$port (log above)"; }

log "redis-server: $REDIS_SERVER_BIN ($version), answered PING; ready in $(( $(now_s) - T0 ))s"
(( print_env )) && echo "export REDIS_SERVER_BIN=$REDIS_SERVER_BIN"
exit 0
