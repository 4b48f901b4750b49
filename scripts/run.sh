#!/usr/bin/env bash
# Sets everything up and runs the product: installs missing Debian packages, builds, starts
# metaverse-server on its embedded default (SQLite and in-memory fan-out in its data dir), then the
# metaverse desktop client pointed at it. Closing the client stops that server.
# Usage: scripts/run.sh [metaverse-server options...]
#        METAVERSE_SERVER_ONLY=1 scripts/run.sh   (the server alone, in the foreground)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup-deps.sh"
"$root/scripts/build.sh" "$root/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo
server="$root/build/server/metaverse-server"
client="$root/build/client/metaverse"
if [ "${METAVERSE_SERVER_ONLY:-0}" = "1" ] || [ ! -x "$client" ]; then
    exec "$server" "$@"
fi

"$server" "$@" &
server_pid=$!
stop_server() {
    if kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
}
trap stop_server EXIT INT TERM

# The server's port: HTTP_PORT or --http-port when given, else the embedded default.
port="${HTTP_PORT:-3001}"
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
    case "${args[$i]}" in
        --http-port) port="${args[$((i + 1))]:-$port}" ;;
        --http-port=*) port="${args[$i]#--http-port=}" ;;
    esac
done
url="http://127.0.0.1:$port"
for _ in $(seq 1 100); do
    if curl -fsS "$url/health" >/dev/null 2>&1; then
        break
    fi
    if ! kill -0 "$server_pid" 2>/dev/null; then
        echo "metaverse-server exited; see its log above" >&2
        exit 1
    fi
    sleep 0.1
done
"$client" --server "$url"
