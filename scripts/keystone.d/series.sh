# Sourced by scripts/keystone: which Keystone release to run, and its venv.
#
# KEYSTONE_SERIES picks the release (default master). Each series has its own venv under
# $KS_DIR/venv-SERIES, built once and rebuilt only when what it is built from changes.
# master installs keystone.d/requirements.txt pinned by keystone.d/constraints.txt; the older
# series install the same packages with that release's openstack/requirements
# upper-constraints (keystone.d/upper-constraints/uc-SERIES.txt: openstack/requirements'
# upper-constraints.txt of that stable branch, carried as data so a public clone has them; minus
# its own keystone=== line, which pip would otherwise read as a conflict with the
# keystone==VERSION asked for). APPCRED_CONSTRAINTS_DIR points at another folder of uc-*.txt.

SERIES="${KEYSTONE_SERIES:-master}"
case "$SERIES" in
    2024.1) KS_VERSION=25.0.0 ;;
    2025.1) KS_VERSION=27.1.0 ;;
    2025.2) KS_VERSION=28.1.0 ;;
    2026.1) KS_VERSION=29.1.0 ;;
    master) KS_VERSION=30.0.0 ;;
    *) die "KEYSTONE_SERIES=$SERIES is not a supported release: use 2024.1, 2025.1, 2025.2, 2026.1 or master" ;;
esac
VENV="$KS_DIR/venv-$SERIES"
MARKER="$VENV/.appcred-requirements"
UC_DIR="${APPCRED_CONSTRAINTS_DIR:-$ROOT/scripts/keystone.d/upper-constraints}"
# Beyond Keystone itself: the WSGI server, the real OpenStack CLI (export tests compare with
# it), and the drivers a production deployment uses (MariaDB through PyMySQL, memcached
# through pymemcache for oslo.cache's dogpile.cache.pymemcache backend).
OLD_SERIES_PACKAGES=(gunicorn python-openstackclient PyMySQL pymemcache)

# Prints the requirement lines (one per line) and writes the constraints file pip gets.
# Keystone comes with its LDAP extra (python-ldap, ldappool) for the LDAP domain
# (keystone.d/ldap.sh), without it where that domain cannot run (LDAP=none).
series_requirements() {
    {
        if [[ "$SERIES" == master ]]; then
            grep -vE '^\s*(#|$)' "$ROOT/scripts/keystone.d/requirements.txt"
        else
            echo "keystone[ldap]==$KS_VERSION"
            printf '%s\n' "${OLD_SERIES_PACKAGES[@]}"
        fi
    } | if [[ "${LDAP:-none}" == slapd ]]; then cat; else sed 's/^keystone\[ldap\]==/keystone==/'; fi
}

series_constraints_file() {
    if [[ "$SERIES" == master ]]; then
        echo "$ROOT/scripts/keystone.d/constraints.txt"
        return
    fi
    local uc="$UC_DIR/uc-$SERIES.txt"
    [[ -f "$uc" ]] || die "no upper-constraints for $SERIES: expected $uc (openstack/requirements' upper-constraints.txt of stable/$SERIES; APPCRED_CONSTRAINTS_DIR overrides the folder)"
    grep -v '^keystone===' "$uc" >"$KS_DIR/uc-$SERIES.txt"
    echo "$KS_DIR/uc-$SERIES.txt"
}

# What the venv is built from; a different answer rebuilds it.
wanted_marker() {
    python3 --version 2>&1
    echo "series $SERIES keystone $KS_VERSION"
    series_requirements
    cat "$(series_constraints_file)"
}

ensure_venv() {
    if [[ -x "$VENV/bin/python" && -f "$MARKER" ]] && cmp -s "$MARKER" <(wanted_marker); then
        return 0
    fi
    local t0=$SECONDS constraints log="$KS_DIR/pip-$SERIES.log"
    constraints="$(series_constraints_file)"
    say "installing Keystone $KS_VERSION ($SERIES) into $VENV (once per series, ~1 min; log $log)..."
    rm -rf "$VENV"
    python3 -m venv "$VENV" ||
        die "python3 -m venv failed: install Python's venv module (Debian: apt-get install python3-venv)"
    # shellcheck disable=SC2046 # one requirement per word
    if ! "$VENV/bin/python" -m pip install --disable-pip-version-check --progress-bar off \
        -c "$constraints" $(series_requirements) >"$log" 2>&1; then
        tail -n 30 "$log" >&2
        die "pip install of Keystone $KS_VERSION failed (full log: $log)"
    fi
    wanted_marker >"$MARKER"
    say "installed Keystone $KS_VERSION in $((SECONDS - t0))s"
}
