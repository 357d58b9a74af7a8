"""The LDAP side of the seed (docs/seed.md, "The LDAP domain"): run by scripts/seed.py.

The directory (the instance's own slapd, started by scripts/keystone with its suffix and the
organizational units `Users` and `Groups`) gets its people and groups through `ldapadd`; Keystone
reads them through the domain `corp` (identity driver `ldap`, created in the bootstrapped
database). Then, as in a company's directory: one user is disabled (taken out of the group that
emulates "enabled") and one deleted (`ldapdelete`) after each made an application credential.
Keystone keeps what it had for them: the deleted user's role assignment and credential stay.
"""

import secrets
import socket
import subprocess
import urllib.parse

DOMAIN = "corp"
PROJECT = "corp-apps"
GROUP = "corp-devs"
ROLE = "member"

# name -> (groups, direct roles on PROJECT, credential made as the user, description)
USERS = {
    "lina": ([GROUP], [], None,
             "member of corp-devs: her role on corp-apps comes only through the group"),
    "alice": ([], [ROLE], "corp-alice-ci",
              "the same name as alice in Default: a name found in several domains"),
    "otto": ([], [ROLE], "otto-ci", "disabled in the directory after his credential was made"),
    "gone": ([], [ROLE], "gone-backup", "deleted from the directory after the credential was made"),
}
DISABLED = ["otto"]
DELETED = ["gone"]
# cloud name -> (user, about)
CLOUDS = {
    "ldap-lina": ("lina", "role member on corp-apps through the LDAP group corp-devs"),
    "ldap-alice": ("alice", "alice of the LDAP domain corp (not alice of Default)"),
}


class Directory:
    """The slapd of the instance, through OpenLDAP's command-line tools (ldap-utils)."""

    def __init__(self, url, base, bind_dn, password_file):
        self.url, self.base, self.bind_dn = url, base, bind_dn
        self.password_file = password_file
        with open(password_file) as f:
            self.password = f.read()

    def user_dn(self, name):
        return f"uid={name},ou=Users,{self.base}"

    def group_dn(self, name):
        return f"cn={name},ou=Groups,{self.base}"

    def enabled_dn(self):
        return f"cn=enabled_users,{self.base}"

    def run(self, tool, ldif="", *args):
        # -y: the whole file is the password (scripts/keystone writes it without a newline).
        cmd = [tool, "-x", "-H", self.url, "-D", self.bind_dn, "-y", self.password_file, *args]
        done = subprocess.run(cmd, input=ldif, capture_output=True, text=True, timeout=30,
                              check=False)
        if done.returncode != 0:
            raise RuntimeError(f"{tool} {' '.join(args)} -> {done.returncode}: "
                               f"{done.stderr.strip() or done.stdout.strip()}")

    def add(self, ldif):
        self.run("ldapadd", ldif)

    def modify(self, ldif):
        self.run("ldapmodify", ldif)

    def delete(self, dn):
        self.run("ldapdelete", "", dn)


def ldif_entries(d, users):
    """Every user, the groups, and the group whose members are the enabled users."""
    out = []
    for name, u in users.items():
        out.append(f"""dn: {d.user_dn(name)}
objectClass: inetOrgPerson
uid: {name}
cn: {name.capitalize()} of Corp
sn: {name.capitalize()}
mail: {name}@corp.example.org
description: {u['description']}
userPassword: {u['password']}
""")
    members = {}
    for name, u in users.items():
        for g in u["groups"]:
            members.setdefault(g, []).append(name)
    for g, names in members.items():
        out.append(f"dn: {d.group_dn(g)}\nobjectClass: groupOfNames\ncn: {g}\n"
                   f"description: appcred seed: {ROLE} on {PROJECT}\n"
                   + "".join(f"member: {d.user_dn(n)}\n" for n in names))
    out.append(f"dn: {d.enabled_dn()}\nobjectClass: groupOfNames\ncn: enabled_users\n"
               "description: Keystone's user_enabled_emulation: members are enabled\n"
               + "".join(f"member: {d.user_dn(n)}\n" for n in users))
    return "\n".join(out)


def flush_cache(server):
    """Keystone caches what it read of a user (identity caching, memcached): a change made in
    the directory behind its back shows only once that is gone, as after the cache's expiry."""
    if not server:
        return
    host, port = server.rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=5) as conn:
        conn.sendall(b"flush_all\r\n")
        if not conn.recv(64).startswith(b"OK"):
            raise RuntimeError(f"memcached at {server} did not flush")


def seed(sd, args, make_cloud):
    """Seeds the LDAP domain; returns (seed.json's `ldap`, clouds, cloud infos).

    `sd` is scripts/seed.py's Seeder (its admin token, roles and Keystone client); make_cloud
    builds a clouds.yaml entry from an auth dict.
    """
    d = Directory(args.ldap_url, args.ldap_base, args.ldap_bind_dn, args.ldap_password_file)
    users = {name: {"name": name, "password": secrets.token_urlsafe(12), "groups": groups,
                    "project_roles": {PROJECT: list(roles)} if roles else {},
                    "credential": cred, "description": desc, "dn": d.user_dn(name)}
             for name, (groups, roles, cred, desc) in USERS.items()}
    d.add(ldif_entries(d, users))

    ks, q = sd.ks, urllib.parse.quote
    domain = sd.get(f"/domains?name={q(args.ldap_domain)}")["domains"]
    if not domain:
        raise RuntimeError(f"no domain {args.ldap_domain}: scripts/keystone creates it at bootstrap")
    domain = domain[0]
    project = sd.post("/projects", {"project": {
        "name": PROJECT, "domain_id": domain["id"],
        "description": "appcred seed: the LDAP domain's project"}})["project"]
    # With domain-specific drivers a search by name looks in one domain: the one named here.
    for name, u in users.items():
        found = sd.get(f"/users?domain_id={domain['id']}&name={q(name)}")["users"]
        if len(found) != 1:
            raise RuntimeError(f"Keystone finds {len(found)} users {name} in {DOMAIN}: {found}")
        u["id"] = found[0]["id"]
    group = sd.get(f"/groups?domain_id={domain['id']}&name={q(GROUP)}")["groups"][0]
    role_id = sd.roles[ROLE]["id"]
    sd.put(f"/projects/{project['id']}/groups/{group['id']}/roles/{role_id}")
    for u in users.values():
        for r in u["project_roles"].get(PROJECT, []):
            sd.put(f"/projects/{project['id']}/users/{u['id']}/roles/{sd.roles[r]['id']}")

    creds = {}
    for name, u in users.items():
        if not u["credential"]:
            continue
        token = ks.token(name, u["password"], args.ldap_domain,
                         {"project": {"id": project["id"]}})
        ac = ks.call("POST", f"/users/{u['id']}/application_credentials", token,
                     {"application_credential": {
                         "name": u["credential"], "roles": [{"name": ROLE}],
                         "description": f"appcred seed: {name} of the LDAP domain"}},
                     ok=(201,))[0]["application_credential"]
        creds[ac["name"]] = {"id": ac["id"], "name": ac["name"], "owner": name,
                             "user_id": u["id"], "project": PROJECT, "project_id": project["id"],
                             "roles": sorted(r["name"] for r in ac.get("roles", [])),
                             "secret": ac["secret"]}

    # After the credentials: out of the "enabled" group, out of the directory.
    for name in DISABLED + DELETED:
        d.modify(f"dn: {d.enabled_dn()}\nchangetype: modify\ndelete: member\n"
                 f"member: {users[name]['dn']}\n")
    for name in DELETED:
        d.delete(users[name]["dn"])
    flush_cache(args.cache_server)
    check(sd, users, creds)

    ldap = {
        "url": args.ldap_url,
        "base_dn": args.ldap_base,
        "bind_dn": args.ldap_bind_dn,
        "bind_password": d.password,
        "domain": {"id": domain["id"], "name": domain["name"]},
        "project": {"id": project["id"], "name": project["name"]},
        "group": {"id": group["id"], "name": group["name"], "dn": d.group_dn(GROUP),
                  "project_roles": {PROJECT: [ROLE]}},
        "users": {name: {"id": u["id"], "name": name, "password": u["password"],
                         "enabled": name not in DISABLED + DELETED,
                         "deleted": name in DELETED, "domain_id": domain["id"],
                         "dn": u["dn"], "groups": u["groups"],
                         "project_roles": u["project_roles"], "description": u["description"]}
                  for name, u in sorted(users.items())},
        "application_credentials": dict(sorted(creds.items())),
    }
    clouds, infos = {}, {}
    for cloud, (name, about) in CLOUDS.items():
        clouds[cloud] = make_cloud("password", {
            "username": name, "password": users[name]["password"],
            "user_domain_name": DOMAIN, "project_name": PROJECT, "project_domain_name": DOMAIN})
        infos[cloud] = {"_about": {"user": name, "auth_type": "password",
                                   "scope": f"project {PROJECT} (domain {DOMAIN})",
                                   "note": about}}
    return ldap, clouds, infos


def check(sd, users, creds):
    """What the tests rely on, as Keystone answers it now."""
    for name in DISABLED:
        got = sd.get(f"/users/{users[name]['id']}")["user"]
        if got.get("enabled") is not False:
            raise RuntimeError(f"{name} was taken out of enabled_users but Keystone says {got}")
    for name in DELETED:
        uid = users[name]["id"]
        sd.ks.call("GET", f"/users/{uid}", sd.admin, ok=(404,))
        listed = sd.get(f"/users/{uid}/application_credentials")["application_credentials"]
        if users[name]["credential"] not in [c["name"] for c in listed]:
            raise RuntimeError(f"the credential of {name} is no longer listed: {listed}")
    if sorted(creds) != sorted(u["credential"] for u in users.values() if u["credential"]):
        raise RuntimeError(f"credentials made: {sorted(creds)}")
