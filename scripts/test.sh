#!/usr/bin/env bash
# Sets up and runs every test: installs missing Debian packages, builds with warnings as errors,
# starts a private PostgreSQL and Redis on free ports in a temp dir, runs all CTest suites
# (SQLite and PostgreSQL), checks the DEB packages of that build (CI only, see
# scripts/package-check.sh), then the unit and server suites again under ASan+UBSan.
# Usage: scripts/test.sh            (METAVERSE_SKIP_SANITIZERS=1 skips the sanitizer pass)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

"$root/scripts/setup-deps.sh"

# Both builds precompile the Qt headers (METAVERSE_PCH): about 2 s of CPU less for each of the ~400
# files they compile. With ccache as the launcher, precompiled headers are cached only with this
# sloppiness.
export CCACHE_SLOPPINESS="${CCACHE_SLOPPINESS:-pch_defines,time_macros}"

echo "== build (warnings are errors)"
"$root/scripts/build.sh" "$root/build-ci" -DMETAVERSE_WERROR=ON -DMETAVERSE_PCH=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo

echo "== qmllint (must be clean)"
if cmake --build "$root/build-ci" --target all_qmllint 2>&1 | grep -i "warning"; then
    echo "qmllint reported warnings" >&2
    exit 1
fi

# shellcheck source=scripts/services.sh
source "$root/scripts/services.sh"
start_services
trap stop_services EXIT

echo "== tests (SQLite and PostgreSQL)"
export CI="${CI:-}"
(cd "$root/build-ci" && ctest --output-on-failure -j "$(nproc)" --timeout 600)

# The DEBs of this very build, installed and run on this machine (CI only, or opt in with
# METAVERSE_PACKAGE_CHECK=1: it installs and purges system packages).
"$root/scripts/package-check.sh" "$root/build-ci"

if [ "${METAVERSE_SKIP_SANITIZERS:-0}" != "1" ]; then
    echo "== unit and server suites under AddressSanitizer + UndefinedBehaviorSanitizer"
    "$root/scripts/build.sh" "$root/build-sanitize" -DMETAVERSE_WERROR=ON -DMETAVERSE_SANITIZE=ON \
        -DMETAVERSE_PCH=ON -DCMAKE_BUILD_TYPE=Debug -DMETAVERSE_BUILD_BENCH=OFF -DMETAVERSE_BUILD_CLIENT=OFF
    (cd "$root/build-sanitize" && ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
        ctest --output-on-failure -j "$(nproc)" -L "unit|server|postgres|redis|kafka" --timeout 900)
fi
echo "== all tests passed"
