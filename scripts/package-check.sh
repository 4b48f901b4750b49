#!/usr/bin/env bash
# Packages an existing build as DEBs and proves them on this machine, as a new user's fresh
# Debian 12 would see them: cpack (metaverse-server and metaverse, plus -dbgsym .ddeb files),
# lintian (no errors) and appstreamcli, `apt-get install ./*.deb`, the server started exactly as
# the systemd unit's ExecStart does (its User, Environment and ExecStart lines; CI containers
# have no systemd) and asked for /health, the installed client started offscreen to its sign-in
# page, then `apt-get purge`.
# Usage: scripts/package-check.sh BUILD_DIR
# It installs and removes system packages, so it runs only with CI=true or METAVERSE_PACKAGE_CHECK=1.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:?usage: scripts/package-check.sh BUILD_DIR}" && pwd)

if [ "${CI:-}" != "true" ] && [ "${METAVERSE_PACKAGE_CHECK:-0}" != "1" ]; then
    echo "== package check skipped: it installs system packages (set METAVERSE_PACKAGE_CHECK=1 to run it)"
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "package check: needs root (apt-get install, setpriv)" >&2
    exit 1
fi
# shellcheck source=scripts/services.sh
source "$root/scripts/services.sh"
started=$SECONDS
work=$(mktemp -d /tmp/metaverse-package-check.XXXXXX)
server_pid=""
client_pid=""
cleanup() {
    [ -n "$client_pid" ] && kill "$client_pid" 2>/dev/null || true
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
    wait 2>/dev/null || true
    DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq metaverse-server metaverse >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

echo "== packages: cpack"
packages="$build/packages"
rm -rf "$packages"
(cd "$build" && cpack -G DEB -B "$packages" >"$work/cpack.log") || { cat "$work/cpack.log"; exit 1; }
ls -l "$packages"/*.deb "$packages"/*.ddeb
server_deb=$(ls "$packages"/metaverse-server_*.deb)
client_deb=$(ls "$packages"/metaverse_*.deb)

echo "== packages: lintian (errors fail), appstreamcli"
lintian --fail-on error --tag-display-limit 0 "$server_deb" "$client_deb"
appstreamcli validate --no-net "$root/packaging/org.metaverse.Metaverse.metainfo.xml"

echo "== packages: apt-get install ./*.deb"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$server_deb" "$client_deb" >"$work/apt.log" 2>&1 \
    || { cat "$work/apt.log"; exit 1; }
check() { # description, then a command that must succeed
    local what=$1
    shift
    if ! "$@"; then
        echo "package check failed: $what" >&2
        exit 1
    fi
}
check "user metaverse exists" id metaverse
check "/etc/metaverse/server.conf is 0640 root:metaverse" \
    test "$(stat -c '%a %U:%G' /etc/metaverse/server.conf)" = "640 root:metaverse"
check "/var/lib/metaverse is 0750 metaverse:metaverse" \
    test "$(stat -c '%a %U:%G' /var/lib/metaverse)" = "750 metaverse:metaverse"
check "server.conf is a conffile" grep -qx '/etc/metaverse/server.conf' /var/lib/dpkg/info/metaverse-server.conffiles
check "the server binary is stripped" bash -c "! readelf -S /usr/bin/metaverse-server | grep -q '\.debug_info'"
check "the client binary is stripped" bash -c "! readelf -S /usr/bin/metaverse | grep -q '\.debug_info'"

echo "== packages: the server as the unit starts it"
unit=/lib/systemd/system/metaverse-server.service
user=$(sed -n 's/^User=//p' "$unit")
group=$(sed -n 's/^Group=//p' "$unit")
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
mapfile -t unit_env < <(sed -n 's/^Environment=//p' "$unit")
http_port=$(free_port)
# The unit's environment and command line; only the ports are picked free here (environment
# variables, below the command line and above the config file, as in docs/configuration.md).
# shellcheck disable=SC2086 # ExecStart is a command line to split, as systemd does
setpriv --reuid="$user" --regid="$group" --init-groups --inh-caps=-all \
    env -i PATH=/usr/bin:/bin "${unit_env[@]}" HTTP_PORT="$http_port" WS_PORT="$(free_port)" \
    CHAT_PORT="$(free_port)" $exec_start >"$work/server.log" 2>&1 &
server_pid=$!
if ! curl -fs --retry 40 --retry-connrefused --retry-delay 1 --max-time 5 \
    "http://127.0.0.1:$http_port/health" >"$work/health.json"; then
    cat "$work/server.log" >&2
    exit 1
fi
echo "health: $(cat "$work/health.json")"
check "the server runs as $user" test "$(ps -o user= -p "$server_pid")" = "$user"
check "the SQLite database lives in the state directory" test -s /var/lib/metaverse/metaverse.db

echo "== packages: the installed client, offscreen, to its sign-in page"
mkdir -p "$work/home" "$work/runtime"
chmod 700 "$work/runtime"
HOME="$work/home" XDG_RUNTIME_DIR="$work/runtime" QT_QPA_PLATFORM=offscreen \
    /usr/bin/metaverse --no-keychain --settings "$work/client.ini" --language de \
    --server "http://127.0.0.1:$http_port" >"$work/client.log" 2>&1 &
client_pid=$!
# A bounded wait for the client's start-up line (about a second here; 60 s at most).
for _ in $(seq 300); do
    grep -q "window shown with the sign-in page" "$work/client.log" && break
    kill -0 "$client_pid" 2>/dev/null || break
    sleep 0.2
done
if ! grep -q "window shown with the sign-in page" "$work/client.log"; then
    cat "$work/client.log" >&2
    exit 1
fi
grep "window shown" "$work/client.log"
kill "$client_pid" "$server_pid"
wait "$client_pid" "$server_pid" 2>/dev/null || true
client_pid=""
server_pid=""

echo "== packages: apt-get purge"
DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq metaverse-server metaverse >"$work/apt.log" 2>&1 \
    || { cat "$work/apt.log"; exit 1; }
check "the binaries are gone" test ! -e /usr/bin/metaverse-server -a ! -e /usr/bin/metaverse
check "server.conf is gone" test ! -e /etc/metaverse/server.conf
check "the ownership override is gone" bash -c "! dpkg-statoverride --list /etc/metaverse/server.conf"
# Purge keeps /var/lib/metaverse and the user (the admin's data); a check run leaves none behind.
rm -rf /var/lib/metaverse
userdel metaverse 2>/dev/null || true
echo "== package check passed in $((SECONDS - started)) s"
