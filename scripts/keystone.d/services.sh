# Sourced by scripts/keystone: the database and cache servers behind one Keystone instance.
#
# Production shape: MariaDB (Debian mariadb-server) and memcached (Debian memcached), each a
# private server of this instance: MariaDB on a unix socket only (--skip-networking) with its
# data dir under the run dir, memcached on a free 127.0.0.1 port. Neither is a system service;
# both stop with the instance. Where they are missing and cannot be installed (not root, no
# apt-get), the instance falls back to sqlite without a cache and says so.
#
# KEYSTONE_DB=mariadb|sqlite and KEYSTONE_CACHE=memcached|none force a choice.

MARIADB_DIR="$RUN/mariadb"
MARIADB_PID="$RUN/mariadb.pid"
MARIADB_LOG="$RUN/mariadb.log"
MEMCACHED_PID="$RUN/memcached.pid"
MEMCACHED_PORT_FILE="$RUN/memcached.port"

mariadbd_bin() { command -v mariadbd || ls /usr/sbin/mariadbd 2>/dev/null; }
memcached_bin() { command -v memcached || ls /usr/bin/memcached 2>/dev/null; }

# Installs what is missing when we may (root with apt-get), through scripts/apt-install: one
# install at a time on this machine, so two instances starting at once (the test run's two
# series, the SSO bed) wait for each other instead of one falling back to sqlite.
install_services() {
    local pkgs=()
    [[ -n "$(mariadbd_bin)" ]] || pkgs+=(mariadb-server)
    [[ -n "$(memcached_bin)" ]] || pkgs+=(memcached)
    ((${#pkgs[@]})) || return 0
    if [[ $(id -u) != 0 ]] || ! command -v apt-get >/dev/null; then
        say "${pkgs[*]} not installed and cannot be installed here (needs root and apt-get);" \
            "install them (Debian: apt-get install mariadb-server memcached) for the production shape"
        return 0
    fi
    local t0=$SECONDS
    say "installing ${pkgs[*]} with apt-get (once per machine, ~1 min; log $KS_DIR/apt.log)..."
    if ! "$ROOT/scripts/apt-install" "$KS_DIR/apt.log" "${pkgs[@]}"; then
        tail -n 20 "$KS_DIR/apt.log" >&2
        say "apt-get install ${pkgs[*]} failed (log $KS_DIR/apt.log)"
    else
        say "installed ${pkgs[*]} in $((SECONDS - t0))s"
    fi
}

# Sets DB (mariadb|sqlite) and CACHE (memcached|none).
choose_backends() {
    case "${KEYSTONE_DB:-}${KEYSTONE_CACHE:-}" in
        sqlitenone) ;;
        *) install_services ;;
    esac
    DB="${KEYSTONE_DB:-}"
    if [[ -z "$DB" ]]; then
        if [[ -n "$(mariadbd_bin)" ]] && command -v mariadb-install-db >/dev/null; then DB=mariadb; else DB=sqlite; fi
    fi
    CACHE="${KEYSTONE_CACHE:-}"
    if [[ -z "$CACHE" ]]; then
        if [[ -n "$(memcached_bin)" ]]; then CACHE=memcached; else CACHE=none; fi
    fi
    case "$DB" in
        mariadb) [[ -n "$(mariadbd_bin)" ]] || die "KEYSTONE_DB=mariadb but mariadbd is not installed (apt-get install mariadb-server)" ;;
        sqlite) ;;
        *) die "KEYSTONE_DB=$DB: use mariadb or sqlite" ;;
    esac
    case "$CACHE" in
        memcached) [[ -n "$(memcached_bin)" ]] || die "KEYSTONE_CACHE=memcached but memcached is not installed (apt-get install memcached)" ;;
        none) ;;
        *) die "KEYSTONE_CACHE=$CACHE: use memcached or none" ;;
    esac
    if [[ "$DB" == sqlite ]]; then
        say "WARNING: sqlite fallback: name collation, locking and error texts differ from production MariaDB"
    fi
}

# The socket path must fit sun_path (108 bytes); a deep checkout gets a short private dir.
mariadb_socket() {
    local sock="$RUN/mariadb.sock"
    if ((${#sock} > 100)); then
        [[ -s "$RUN/socket-dir" ]] || mktemp -d /tmp/appcred-mariadb.XXXXXX >"$RUN/socket-dir"
        sock="$(cat "$RUN/socket-dir")/mariadb.sock"
    fi
    echo "$sock"
}

# The process of a pid file, if it is alive and its command line contains the given text (so a
# reused pid of an unrelated process is never signalled).
live_pid() {
    local file="$1" marker="$2" p
    [[ -s "$file" ]] || return 1
    p="$(cat "$file")"
    kill -0 "$p" 2>/dev/null && tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -qF -- "$marker" && echo "$p"
}

# Waits until the command (the rest of the arguments) succeeds, while the server of the pid file
# (with the marker in its command line) lives: dies with its log's tail if it exits or does not
# answer within 30 s.
wait_for_server() {
    local what="$1" file="$2" marker="$3" log="$4" deadline=$((SECONDS + 30))
    shift 4
    until "$@" >/dev/null 2>&1; do
        if ! live_pid "$file" "$marker" >/dev/null; then
            tail -n 20 "$log" >&2
            die "$what exited during start-up (log: $log)"
        fi
        ((SECONDS < deadline)) || die "$what did not answer within 30s (log: $log)"
        sleep 0.2
    done
}

# Stops a process (TERM, then KILL after 10 s) and removes its pid file.
stop_pid() {
    local file="$1" marker="$2" p
    if p="$(live_pid "$file" "$marker")"; then
        kill -TERM "$p" 2>/dev/null || true
        for _ in $(seq 1 100); do
            kill -0 "$p" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$p" 2>/dev/null || true
    fi
    rm -f "$file"
}

mariadb_client() {
    mariadb --no-defaults --socket="$(mariadb_socket)" --user="$(id -un)" "$@"
}

mariadb_init() {
    say "creating a MariaDB data dir..."
    local user_arg=()
    [[ $(id -u) != 0 ]] || user_arg=(--user=root)
    if ! mariadb-install-db --no-defaults --datadir="$MARIADB_DIR" --skip-test-db \
        --auth-root-authentication-method=socket "${user_arg[@]}" >>"$MARIADB_LOG" 2>&1; then
        tail -n 20 "$MARIADB_LOG" >&2
        die "mariadb-install-db failed (log: $MARIADB_LOG)"
    fi
}

mariadb_start() {
    local user_arg=() sock
    [[ $(id -u) != 0 ]] || user_arg=(--user=root)
    sock="$(mariadb_socket)"
    # --no-defaults: nothing from /etc/mysql. Throwaway data: no fsync per commit, no binlog.
    # The character set and collation are Debian's and most deployments' defaults.
    setsid nohup "$(mariadbd_bin)" --no-defaults --datadir="$MARIADB_DIR" --socket="$sock" \
        --pid-file="$MARIADB_PID.own" --log-error="$MARIADB_LOG" --skip-networking "${user_arg[@]}" \
        --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci \
        --innodb-buffer-pool-size=128M --innodb-log-file-size=16M \
        --innodb-flush-log-at-trx-commit=0 --skip-log-bin --max-connections=300 \
        </dev/null >>"$MARIADB_LOG" 2>&1 9>&- 8>&- &
    # Our pid file is ours alone: mariadbd truncates and rewrites its own (--pid-file) while it
    # starts, and a look at a shared file in that moment read as "exited during start-up".
    echo $! >"$MARIADB_PID"
    wait_for_server MariaDB "$MARIADB_PID" "$MARIADB_DIR" "$MARIADB_LOG" mariadb_client -e 'SELECT 1'
}

# Keystone's database and account, as the install guide makes them.
mariadb_create_keystone_db() {
    mariadb_client -e "CREATE DATABASE keystone;
        CREATE USER 'keystone'@'localhost' IDENTIFIED BY 'keystone';
        GRANT ALL PRIVILEGES ON keystone.* TO 'keystone'@'localhost';" ||
        die "could not create the keystone database (log: $MARIADB_LOG)"
}

mariadb_stop() { stop_pid "$MARIADB_PID" "$MARIADB_DIR"; }

mariadb_version() { "$(mariadbd_bin)" --version 2>/dev/null | grep -oE '[0-9]+\.[0-9]+\.[0-9]+-MariaDB' | head -n1; }

memcached_start() {
    local port="$1" user_arg=()
    [[ $(id -u) != 0 ]] || user_arg=(-u root)
    # Loopback TCP only, no UDP; 64 MB is plenty for the test data.
    setsid nohup "$(memcached_bin)" -l 127.0.0.1 -p "$port" -U 0 -m 64 "${user_arg[@]}" \
        </dev/null >>"$RUN/memcached.log" 2>&1 9>&- 8>&- &
    echo $! >"$MEMCACHED_PID"
    echo "$port" >"$MEMCACHED_PORT_FILE"
}

memcached_stop() {
    [[ -s "$MEMCACHED_PORT_FILE" ]] || return 0
    stop_pid "$MEMCACHED_PID" "-p $(cat "$MEMCACHED_PORT_FILE") "
}

memcached_version() { "$(memcached_bin)" -V 2>/dev/null | awk '{print $2}'; }

# One SQL statement on the instance's database (MariaDB client or Python's sqlite3).
sql() {
    if [[ "$DB" == mariadb ]]; then
        mariadb_client keystone -e "$1"
    else
        "$VENV/bin/python" -c 'import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute(sys.argv[2])
db.commit()
db.close()' "$RUN/keystone.db" "$1"
    fi
}
