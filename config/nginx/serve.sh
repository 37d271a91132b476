#!/usr/bin/env bash
# The production stack: nginx on $BOARD_LISTEN in front of gunicorn on a unix socket.
# Used by `make serve` and by tests/test_slow_clients.py. Runs as any user: the pid file,
# temp files and the socket live under $BOARD_RUN_DIR. Stops both when either stops or on
# Ctrl-C / SIGTERM.
#
#   BOARD_LISTEN        where nginx listens (default 127.0.0.1:8000; `80` or `[::]:80` live)
#   BOARD_RUN_DIR       default ./run
#   BOARD_WORKERS       gunicorn workers (default 2)
#   BOARD_TLS_CERT, BOARD_TLS_KEY, BOARD_TLS_LISTEN   HTTPS as well (default 127.0.0.1:8443)
#   BOARD_NGINX_USER    nginx workers' user when started as root (default: whoever runs this)
#   BOARD_NGINX         the nginx binary (default /usr/sbin/nginx)
#   DJANGO_STATIC_ROOT  collected static files (default ./staticfiles)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
HERE="$ROOT/config/nginx"
export BOARD_LISTEN="${BOARD_LISTEN:-127.0.0.1:8000}"
export BOARD_RUN_DIR="$(mkdir -p "${BOARD_RUN_DIR:-$ROOT/run}" && cd "${BOARD_RUN_DIR:-$ROOT/run}" && pwd)"
export DJANGO_STATIC_ROOT="${DJANGO_STATIC_ROOT:-$ROOT/staticfiles}"
export BOARD_TLS_LISTEN="${BOARD_TLS_LISTEN:-127.0.0.1:8443}"
export BOARD_TLS_CERT="${BOARD_TLS_CERT:-}" BOARD_TLS_KEY="${BOARD_TLS_KEY:-}"
NGINX="${BOARD_NGINX:-/usr/sbin/nginx}"
PYTHON_BIN="${PYTHON_BIN:-$ROOT/.venv/bin}"
# Rate limits count the visitor's address as nginx saw it, not the proxy's.
export DJANGO_RATELIMIT_IP_META_KEY="${DJANGO_RATELIMIT_IP_META_KEY:-HTTP_X_REAL_IP}"

mkdir -p "$BOARD_RUN_DIR"/nginx/{body,proxy,fastcgi,uwsgi,scgi}
export BOARD_NGINX_USER="${BOARD_NGINX_USER:-$(id -un)}"
VARS='${BOARD_NGINX_USER} ${BOARD_LISTEN} ${BOARD_RUN_DIR} ${DJANGO_STATIC_ROOT} ${BOARD_TLS_INCLUDE} ${BOARD_TLS_LISTEN} ${BOARD_TLS_CERT} ${BOARD_TLS_KEY}'
export BOARD_TLS_INCLUDE=""
if [ -n "$BOARD_TLS_CERT" ] && [ -n "$BOARD_TLS_KEY" ]; then
    envsubst "$VARS" <"$HERE/tls.conf.template" >"$BOARD_RUN_DIR/board-tls.conf"
    export BOARD_TLS_INCLUDE="include $BOARD_RUN_DIR/board-tls.conf;"
fi
envsubst "$VARS" <"$HERE/locations.conf.template" >"$BOARD_RUN_DIR/board-locations.conf"
envsubst "$VARS" <"$HERE/nginx.conf.template" >"$BOARD_RUN_DIR/nginx.conf"
"$NGINX" -t -q -e stderr -p "$BOARD_RUN_DIR" -c "$BOARD_RUN_DIR/nginx.conf"
if [ "${1:-}" = "--check" ]; then
    exit 0
fi

rm -f "$BOARD_RUN_DIR/gunicorn.sock"
cd "$ROOT"
"$PYTHON_BIN/gunicorn" config.wsgi --config config/gunicorn.conf.py \
    --bind "unix:$BOARD_RUN_DIR/gunicorn.sock" --workers "${BOARD_WORKERS:-2}" \
    --no-control-socket &
GUNICORN=$!
"$NGINX" -e stderr -p "$BOARD_RUN_DIR" -c "$BOARD_RUN_DIR/nginx.conf" -g "daemon off;" &
NGINX_PID=$!

stop() {
    kill -TERM "$NGINX_PID" "$GUNICORN" 2>/dev/null || true
    wait "$NGINX_PID" "$GUNICORN" 2>/dev/null || true
}
trap stop INT TERM EXIT
wait -n "$NGINX_PID" "$GUNICORN"
