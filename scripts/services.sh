#!/usr/bin/env bash
# Starts and stops a private PostgreSQL and Redis for the tests, on free ports in a temp dir.
# Source it, then: start_services / stop_services. Exports METAVERSE_TEST_DATABASE_URL and
# METAVERSE_TEST_REDIS_URL.

free_port() {
    local port
    for port in $(shuf -i 20000-60000 -n 50); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    return 1
}

run_as_service_user() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

start_services() {
    METAVERSE_SERVICES_DIR=$(mktemp -d /tmp/metaverse-services.XXXXXX)
    export METAVERSE_SERVICES_DIR
    local pgbin
    pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    local pgport
    pgport=$(free_port)
    mkdir -p "$METAVERSE_SERVICES_DIR/pg"
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres "$METAVERSE_SERVICES_DIR" "$METAVERSE_SERVICES_DIR/pg"
    fi
    run_as_service_user "$pgbin/initdb" -D "$METAVERSE_SERVICES_DIR/pg" -U metaverse -A trust --no-sync >/dev/null
    run_as_service_user "$pgbin/pg_ctl" -D "$METAVERSE_SERVICES_DIR/pg" -l "$METAVERSE_SERVICES_DIR/pg.log" -w \
        -o "-p $pgport -k $METAVERSE_SERVICES_DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
    run_as_service_user "$pgbin/createdb" -h 127.0.0.1 -p "$pgport" -U metaverse metaverse_test
    export METAVERSE_TEST_DATABASE_URL="postgresql://metaverse@127.0.0.1:$pgport/metaverse_test"
    echo "PostgreSQL on port $pgport"

    local redisport
    redisport=$(free_port)
    redis-server --port "$redisport" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
        --dir "$METAVERSE_SERVICES_DIR" --pidfile "$METAVERSE_SERVICES_DIR/redis.pid" \
        --logfile "$METAVERSE_SERVICES_DIR/redis.log" >/dev/null
    for _ in $(seq 50); do
        redis-cli -p "$redisport" ping >/dev/null 2>&1 && break
        sleep 0.1
    done
    export METAVERSE_TEST_REDIS_URL="redis://127.0.0.1:$redisport"
    echo "Redis on port $redisport"
}

stop_services() {
    [ -n "${METAVERSE_SERVICES_DIR:-}" ] || return 0
    local pgbin
    pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    run_as_service_user "$pgbin/pg_ctl" -D "$METAVERSE_SERVICES_DIR/pg" -m immediate stop >/dev/null 2>&1 || true
    if [ -f "$METAVERSE_SERVICES_DIR/redis.pid" ]; then
        kill "$(cat "$METAVERSE_SERVICES_DIR/redis.pid")" 2>/dev/null || true
    fi
    rm -rf "$METAVERSE_SERVICES_DIR"
}
