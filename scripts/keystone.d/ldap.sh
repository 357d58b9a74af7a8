# Sourced by scripts/keystone: the LDAP directory behind the instance's domain `corp`.
#
# Many clouds read their people from LDAP: a domain whose identity driver is `ldap` (Keystone's
# domain-specific drivers). Each instance runs its own OpenLDAP server (Debian `slapd`): a
# generated slapd.conf and an mdb data dir under the run dir, `ldap://127.0.0.1:PORT/` on a free
# port, never the system service (apt-install keeps Debian's from starting). Keystone's LDAP
# extra (python-ldap, built from source: libldap2-dev, libsasl2-dev, gcc) joins the venv. Where
# slapd or the headers are missing and cannot be installed (not root, no apt-get), the instance
# starts without the LDAP domain and says so.
#
# KEYSTONE_LDAP=slapd|none forces a choice. The directory's entries (users, groups) are made by
# scripts/seed_ldap.py; here only the suffix and its two organizational units.

LDAP_DIR="$RUN/slapd"
LDAP_PID="$RUN/slapd.pid"
LDAP_LOG="$RUN/slapd.log"
LDAP_PORT_FILE="$RUN/slapd.port"
LDAP_SUFFIX="dc=corp,dc=example,dc=org"
LDAP_ROOT_DN="cn=admin,$LDAP_SUFFIX"
LDAP_DOMAIN=corp
LDAP_TOOLS=(slapd slapadd slappasswd ldapadd ldapmodify ldapdelete ldapsearch)

ldap_tool() { command -v "$1" || ls "/usr/sbin/$1" 2>/dev/null; }

# What is missing for an LDAP domain: Debian packages, one per line.
ldap_missing() {
    local tool
    [[ -n "$(ldap_tool slapd)" && -n "$(ldap_tool slapadd)" && -n "$(ldap_tool slappasswd)" ]] || echo slapd
    for tool in "${LDAP_TOOLS[@]:3}"; do
        if [[ -z "$(ldap_tool "$tool")" ]]; then
            echo ldap-utils
            break
        fi
    done
    # python-ldap has no wheel: pip builds it against OpenLDAP's and Cyrus SASL's headers.
    [[ -f /usr/include/ldap.h ]] || echo libldap2-dev
    [[ -f /usr/include/sasl/sasl.h ]] || echo libsasl2-dev
    command -v gcc >/dev/null || echo gcc
}

# Sets LDAP (slapd|none) and, when none, LDAP_WHY.
choose_ldap() {
    local missing
    LDAP="${KEYSTONE_LDAP:-slapd}"
    case "$LDAP" in
        slapd | none) ;;
        *) die "KEYSTONE_LDAP=$LDAP: use slapd or none" ;;
    esac
    if [[ "$LDAP" == none ]]; then
        LDAP_WHY="KEYSTONE_LDAP=none"
        return 0
    fi
    mapfile -t missing < <(ldap_missing)
    ((${#missing[@]})) || return 0
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
        local t0=$SECONDS
        say "installing ${missing[*]} with apt-get for the LDAP domain (once per machine; log $KS_DIR/apt.log)..."
        if "$ROOT/scripts/apt-install" "$KS_DIR/apt.log" "${missing[@]}"; then
            say "installed ${missing[*]} in $((SECONDS - t0))s"
        else
            tail -n 20 "$KS_DIR/apt.log" >&2
        fi
        mapfile -t missing < <(ldap_missing)
        ((${#missing[@]})) || return 0
    fi
    [[ -z "${KEYSTONE_LDAP:-}" ]] ||
        die "KEYSTONE_LDAP=slapd but ${missing[*]} missing (Debian: apt-get install slapd ldap-utils libldap2-dev libsasl2-dev gcc)"
    LDAP=none
    LDAP_WHY="${missing[*]} not installed and cannot be installed here (needs root and apt-get)"
    say "WARNING: no LDAP domain: $LDAP_WHY"
}

slapd_version() { "$(ldap_tool slapd)" -VV 2>&1 | grep -oE 'slapd [0-9]+\.[0-9]+\.[0-9]+' | head -n1 | cut -d' ' -f2; }

# The slapd.conf of this instance: the classic schemas, one mdb database, its own data dir.
slapd_conf() {
    local hashed
    hashed="$("$(ldap_tool slappasswd)" -s "$(cat "$RUN/ldap-password")")"
    cat >"$LDAP_DIR/slapd.conf" <<EOF
# Written by scripts/keystone; wiped on every start.
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/nis.schema
include /etc/ldap/schema/inetorgperson.schema
pidfile $LDAP_DIR/slapd.pid.own
argsfile $LDAP_DIR/slapd.args
modulepath /usr/lib/ldap
moduleload back_mdb

# A password is for binding only; Keystone reads the rest as the root DN.
access to attrs=userPassword by anonymous auth by self write by * none
access to * by * read

database mdb
maxsize 67108864
suffix "$LDAP_SUFFIX"
rootdn "$LDAP_ROOT_DN"
rootpw $hashed
directory $LDAP_DIR/data
index objectClass eq
index uid,cn,member eq
EOF
}

# Configures, fills the suffix offline (slapadd) and starts slapd; ldap_wait waits for it.
ldap_start() {
    local port="$1" user_arg=()
    mkdir -p "$LDAP_DIR/data"
    # No newline: ldap-utils' -y takes the whole file as the password.
    python3 -c 'import secrets, sys; sys.stdout.write(secrets.token_urlsafe(18))' >"$RUN/ldap-password"
    chmod 600 "$RUN/ldap-password"
    slapd_conf
    if ! "$(ldap_tool slapadd)" -f "$LDAP_DIR/slapd.conf" >>"$LDAP_LOG" 2>&1 <<EOF; then
dn: $LDAP_SUFFIX
objectClass: dcObject
objectClass: organization
dc: corp
o: appcred test directory

dn: ou=Users,$LDAP_SUFFIX
objectClass: organizationalUnit
ou: Users

dn: ou=Groups,$LDAP_SUFFIX
objectClass: organizationalUnit
ou: Groups
EOF
        tail -n 20 "$LDAP_LOG" >&2
        die "slapadd failed (log: $LDAP_LOG)"
    fi
    [[ $(id -u) != 0 ]] || user_arg=(-u root)
    # -d 0: stays in the foreground (its pid is ours to stop), logging nothing but errors.
    setsid nohup "$(ldap_tool slapd)" -d 0 -f "$LDAP_DIR/slapd.conf" -h "ldap://127.0.0.1:$port/" \
        "${user_arg[@]}" </dev/null >>"$LDAP_LOG" 2>&1 9>&- 8>&- &
    echo $! >"$LDAP_PID"
    echo "$port" >"$LDAP_PORT_FILE"
}

ldap_url() { echo "ldap://127.0.0.1:$(cat "$LDAP_PORT_FILE")"; }

ldap_wait() {
    wait_for_server slapd "$LDAP_PID" "$LDAP_DIR/slapd.conf" "$LDAP_LOG" \
        "$(ldap_tool ldapsearch)" -x -H "$(ldap_url)" -b "" -s base namingContexts
}

ldap_stop() { stop_pid "$LDAP_PID" "$LDAP_DIR/slapd.conf"; }

# keystone.conf's part: domain-specific drivers, read from the files in $RUN/domains.
ldap_keystone_conf() {
    [[ "$LDAP" == slapd ]] || return 0
    cat <<EOF

# The domain $LDAP_DOMAIN reads its users and groups from LDAP (domains/keystone.$LDAP_DOMAIN.conf);
# every other domain from SQL.
domain_specific_drivers_enabled = true
domain_config_dir = $RUN/domains
EOF
}

# The domain's own file: Keystone's LDAP identity driver on this instance's slapd. "Enabled" is
# emulated by a group, as in a read-only directory: a user is enabled while a member of it.
ldap_domain_conf() {
    [[ "$LDAP" == slapd ]] || return 0
    mkdir -p "$RUN/domains"
    cat >"$RUN/domains/keystone.$LDAP_DOMAIN.conf" <<EOF
# Written by scripts/keystone; wiped on every start.
[identity]
driver = ldap

[ldap]
url = $(ldap_url)
user = $LDAP_ROOT_DN
password = $(cat "$RUN/ldap-password")
suffix = $LDAP_SUFFIX
query_scope = one
user_tree_dn = ou=Users,$LDAP_SUFFIX
user_objectclass = inetOrgPerson
user_id_attribute = uid
user_name_attribute = uid
user_mail_attribute = mail
user_pass_attribute = userPassword
user_enabled_emulation = true
user_enabled_emulation_dn = cn=enabled_users,$LDAP_SUFFIX
group_tree_dn = ou=Groups,$LDAP_SUFFIX
group_objectclass = groupOfNames
group_id_attribute = cn
group_name_attribute = cn
group_member_attribute = member
group_desc_attribute = description
EOF
    chmod 600 "$RUN/domains/keystone.$LDAP_DOMAIN.conf"
}

# In the bootstrapped database (so in the template, at no cost per start): the domain must
# exist before Keystone reads its file, and Keystone reads the folder once per worker.
ldap_create_domain() {
    [[ "$LDAP" == slapd ]] || return 0
    if ! "$VENV/bin/python" - "$RUN/keystone.conf" "$LDAP_DOMAIN" >>"$RUN/manage.log" 2>&1 <<'EOF'; then
import sys
import uuid

import keystone.conf
from keystone.common import provider_api, sql
from keystone.server import backends

# As keystone-manage starts (keystone/cmd/cli.py main), then Keystone's own resource API.
conf_file, name = sys.argv[1], sys.argv[2]
keystone.conf.configure()
sql.initialize()
keystone.conf.CONF(args=[], project="keystone", default_config_files=[conf_file])
backends.load_backends()
resource = provider_api.ProviderAPIs.resource_api
domain_id = uuid.uuid4().hex
resource.create_domain(domain_id, {"id": domain_id, "name": name, "enabled": True,
                                   "description": "appcred seed: users and groups from LDAP"})
print(f"created domain {name} ({domain_id})")
EOF
        tail -n 20 "$RUN/manage.log" >&2
        die "could not create the domain $LDAP_DOMAIN (log: $RUN/manage.log)"
    fi
}
