#!/usr/bin/env bash
# Sets everything up and runs the product: installs missing Debian packages, builds, and starts
# metaverse-server on its embedded default (SQLite and in-memory fan-out in its data dir).
# Usage: scripts/run.sh [metaverse-server options...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup-deps.sh"
"$root/scripts/build.sh" "$root/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo
exec "$root/build/server/metaverse-server" "$@"
