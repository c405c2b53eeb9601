#!/usr/bin/env bash
# Start N replicas of the app on loopback ports and nginx (deploy/nginx.conf) in front of them, for measuring
# on one machine:
#
#   deploy/run_replicas.sh 2                  # replicas on 127.0.0.1:8601-8602, the proxy on 127.0.0.1:8500
#   .venv/bin/python scripts/load_test.py --url http://127.0.0.1:8500 --sessions 20
#
# Each replica runs `make run`'s command (python -m streamlit run app.py, production settings from
# .streamlit/config.toml), bound to 127.0.0.1. Runs in the foreground until Ctrl-C or SIGTERM, then stops
# everything it started (and only that). Settings: PROXY_PORT (8500), FIRST_PORT (8601), RUN_DIR (a temp
# dir: nginx's prefix, logs, the generated config), PYTHON (.venv/bin/python if there, else python3),
# NGINX (nginx on PATH, else /usr/sbin/nginx). N is 1 or more; with 1 nginx is still in front, so 1 and 2
# replicas are measured through the same proxy.
set -euo pipefail

N="${1:-2}"
if ! [[ "$N" =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: $0 N   (N replicas, 1 or more)" >&2
    exit 2
fi
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PROXY_PORT="${PROXY_PORT:-8500}"
FIRST_PORT="${FIRST_PORT:-8601}"
RUN_DIR="${RUN_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/pce-replicas.XXXXXX")}"
if [[ -z "${PYTHON:-}" ]]; then
    if [[ -x "$ROOT/.venv/bin/python" ]]; then PYTHON="$ROOT/.venv/bin/python"; else PYTHON=python3; fi
fi
NGINX="${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}"
if [[ ! -x "$NGINX" ]]; then
    echo "nginx not found: apt-get install nginx (Debian's package), or set NGINX=/path/to/nginx" >&2
    exit 1
fi

mkdir -p "$RUN_DIR/logs" "$RUN_DIR/tmp"
pids=()
stop() {
    trap - EXIT INT TERM
    if [[ -f "$RUN_DIR/nginx.pid" ]]; then
        "$NGINX" -p "$RUN_DIR" -c "$RUN_DIR/nginx.conf" -s quit 2>/dev/null || true
    fi
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    echo "stopped (logs in $RUN_DIR/logs)"
}
trap stop EXIT INT TERM

# The proxy's config: deploy/nginx.conf with this run's replicas and port.
servers=""
for ((i = 0; i < N; i++)); do
    servers+="        server 127.0.0.1:$((FIRST_PORT + i)) max_fails=3 fail_timeout=10s;"$'\n'
done
awk -v servers="$servers" -v port="$PROXY_PORT" '
    /# BEGIN replicas/ { print; printf "%s", servers; skip = 1; next }
    /# END replicas/   { skip = 0 }
    skip               { next }
    /# LISTEN/         { sub(/listen [0-9]+;/, "listen 127.0.0.1:" port ";") }
    { print }
' "$ROOT/deploy/nginx.conf" > "$RUN_DIR/nginx.conf"
"$NGINX" -t -q -p "$RUN_DIR" -c "$RUN_DIR/nginx.conf"

cd "$ROOT"
for ((i = 0; i < N; i++)); do
    port=$((FIRST_PORT + i))
    "$PYTHON" -m streamlit run app.py --server.port "$port" --server.address 127.0.0.1 \
        > "$RUN_DIR/logs/replica-$port.log" 2>&1 &
    pids+=("$!")
done

# Wait until every replica answers its health check (bounded: a replica that never starts is an error).
for ((i = 0; i < N; i++)); do
    port=$((FIRST_PORT + i))
    for ((t = 0; t < 240; t++)); do
        if "$PYTHON" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/_stcore/health', timeout=2)" 2>/dev/null; then
            break
        fi
        if ((t == 239)); then
            echo "replica on port $port did not become healthy; see $RUN_DIR/logs/replica-$port.log" >&2
            exit 1
        fi
        sleep 0.5
    done
done

"$NGINX" -p "$RUN_DIR" -c "$RUN_DIR/nginx.conf"
echo "$N replica(s) on 127.0.0.1:$FIRST_PORT-$((FIRST_PORT + N - 1)); nginx on http://127.0.0.1:$PROXY_PORT (run dir $RUN_DIR)"
wait "${pids[@]}"
