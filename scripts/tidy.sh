#!/usr/bin/env bash
# Runs clang-tidy (.clang-tidy) over the C++ sources of common/, server/ and client/.
# clang-tidy 14 does not know GCC's -fcoroutines, so it reads a copy of the build's compile
# database without that flag (clang enables coroutines with -std=c++20 by itself).
# Usage: scripts/tidy.sh [BUILD_DIR] [path filter regex]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
filter=${2:-'/(common|server|client)/'}
[ -f "$build/compile_commands.json" ] || { echo "configure $build first (cmake -S . -B $build)" >&2; exit 2; }
tidy_dir=$(mktemp -d)
trap 'rm -rf "$tidy_dir"' EXIT
sed 's/ -fcoroutines//g' "$build/compile_commands.json" > "$tidy_dir/compile_commands.json"
run-clang-tidy -quiet -p "$tidy_dir" "$filter" 2>/dev/null | sed "s/\x1b\[[0-9;]*m//g" | grep -E "warning:|error:" | grep -v "_autogen/" | sort -u
