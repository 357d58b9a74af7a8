#!/usr/bin/env python3
"""Seed the test/demo Keystone with the data set documented in docs/seed.md.

Run by `scripts/keystone start` with the venv's python, right after bootstrap, against a fresh
database. Talks to Keystone over HTTP only (stdlib urllib), as the bootstrap admin for the
set-up and as each user for their own application credentials (only the owner may create one).
Writes, into --out-dir:
  seed.json     everything the tests need: ids, names, passwords, TOTP secrets, credentials
  clouds.yaml   one cloud per way of logging in (see CLOUDS below)
  secure.yaml   the password of cloud `bob`, kept out of clouds.yaml to exercise the merge
With --ldap-url (scripts/keystone runs a slapd for the domain `corp`), scripts/seed_ldap.py seeds
the LDAP-backed domain too: seed.json's `ldap`, clouds `ldap-lina` and `ldap-alice`.
"""

import argparse
import base64
import datetime as dt
import json
import os
import secrets
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import yaml  # PyYAML: a Keystone dependency, so the venv has it

import seed_ldap  # beside this file

SCHEMA_VERSION = 1
REGION = "RegionOne"
DEFAULT_DOMAIN = "Default"
SECOND_DOMAIN = "engineering"

# name -> domain
PROJECTS = {
    "demo": DEFAULT_DOMAIN,
    "ci": DEFAULT_DOMAIN,
    "platform": SECOND_DOMAIN,
    "sandbox": SECOND_DOMAIN,
}
CUSTOM_ROLES = ["ops_viewer", "deployer", "_member_"]
# (prior, implied) added on top of bootstrap's admin > manager > member > reader.
CUSTOM_IMPLIES = [("deployer", "ops_viewer")]

# name -> (domain, {project: [roles]}, {domain: [roles]}, description)
USERS = {
    "alice": (DEFAULT_DOMAIN, {"demo": ["member", "deployer"], "ci": ["reader"]}, {},
              "member + deployer (implies ops_viewer) on demo, reader on ci: several projects"),
    "bob": (SECOND_DOMAIN, {"platform": ["reader"]}, {},
            "second domain, reader only on platform; password only in secure.yaml"),
    "carol": (SECOND_DOMAIN, {"platform": ["member"], "sandbox": ["member", "_member_"]},
              {SECOND_DOMAIN: ["member"]},
              "member on platform and sandbox, member on domain engineering (domain scope)"),
    "dave": (DEFAULT_DOMAIN, {"demo": ["member"]}, {},
             "member on demo, has a totp credential (password OR totp both work)"),
    "grace": (DEFAULT_DOMAIN, {"demo": ["member"]}, {},
              "member on demo, multi-factor rules [[password, totp]]: needs both"),
    "erin": (DEFAULT_DOMAIN, {"demo": ["member"]}, {},
             "member on demo, DISABLED after her credential was created"),
    "frank": (DEFAULT_DOMAIN, {"demo": ["member", "deployer"]}, {},
              "had member + deployer on demo; deployer revoked after his credential was created"),
}
TOTP_USERS = ["dave", "grace"]
MFA_RULES = {"grace": [["password", "totp"]]}
REVOKED = {"frank": {"demo": ["deployer"]}}
DISABLED = ["erin"]

ACCESS_RULES = [
    {"service": "identity", "method": "GET", "path": "/v3/users/*"},
    {"service": "compute", "method": "GET", "path": "/v2.1/servers/**"},
]
VERIFY_SECRET_LEN = 32
# alice-expired's lifetime: long enough for a loaded machine to get the create to Keystone
# before it (Keystone refuses an expires_at in the past), short enough to lapse during the seed.
EXPIRED_AFTER = 8
# Keystone serves 3 workers; independent requests go out this many at a time.
PARALLEL = 3


def in_parallel(*jobs):
    """Runs the zero-argument callables concurrently; re-raises the first failure."""
    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        return [f.result() for f in [pool.submit(job) for job in jobs]]


class Keystone:
    """A minimal JSON client over urllib; every call raises with Keystone's own message."""

    def __init__(self, auth_url):
        self.auth_url = auth_url.rstrip("/")

    def call(self, method, path, token=None, body=None, ok=(200, 201, 204)):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.auth_url + path, data=data, method=method)
        req.add_header("Accept", "application/json")
        if data is not None:
            req.add_header("Content-Type", "application/json")
        if token:
            req.add_header("X-Auth-Token", token)
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                raw = resp.read()
                status, headers = resp.status, resp.headers
        except urllib.error.HTTPError as err:
            raw, status, headers = err.read(), err.code, err.headers
        if status not in ok:
            raise RuntimeError(f"{method} {path} -> {status}: {raw[:500]!r}")
        return (json.loads(raw) if raw else {}), headers

    def token(self, user, password, domain, scope):
        body = {"auth": {
            "identity": {"methods": ["password"], "password": {"user": {
                "name": user, "domain": {"name": domain}, "password": password}}},
            "scope": scope}}
        _, headers = self.call("POST", "/auth/tokens?nocatalog", body=body, ok=(201,))
        return headers["X-Subject-Token"]


def utc_in(seconds):
    t = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=seconds)
    return t.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class Seeder:
    """Builds the data set; each step records what it made for seed.json."""

    def __init__(self, ks, admin_password):
        self.ks = ks
        # System scope: the bootstrap admin holds admin on the system, which every admin-only
        # default policy accepts (credentials for other users included).
        self.admin = ks.token("admin", admin_password, DEFAULT_DOMAIN, {"system": {"all": True}})
        self.admin_password = admin_password
        self.domains, self.projects, self.roles, self.users, self.creds = {}, {}, {}, {}, {}
        self.inferences, self.access_rules = [], {}

    def get(self, path):
        return self.ks.call("GET", path, self.admin)[0]

    def post(self, path, body):
        return self.ks.call("POST", path, self.admin, body)[0]

    def put(self, path):
        self.ks.call("PUT", path, self.admin)

    def structure(self):
        self.domains[DEFAULT_DOMAIN] = self.get("/domains?name=Default")["domains"][0]
        self.domains[SECOND_DOMAIN] = self.post("/domains", {"domain": {
            "name": SECOND_DOMAIN, "description": "appcred seed: the second domain"}})["domain"]
        self.projects["admin"] = self.get("/projects?name=admin")["projects"][0]

        def make_project(name, dom):
            self.projects[name] = self.post("/projects", {"project": {
                "name": name, "domain_id": self.domains[dom]["id"],
                "description": f"appcred seed project {name}"}})["project"]

        in_parallel(*[lambda n=n, d=d: make_project(n, d) for n, d in PROJECTS.items()])

        self.roles = {r["name"]: r for r in self.get("/roles")["roles"]}
        for name in CUSTOM_ROLES:
            if name not in self.roles:
                self.roles[name] = self.post("/roles", {"role": {"name": name}})["role"]
        for prior, implied in CUSTOM_IMPLIES:
            self.put(f"/roles/{self.roles[prior]['id']}/implies/{self.roles[implied]['id']}")
        for inf in self.get("/role_inferences")["role_inferences"]:
            for imp in inf["implies"]:
                self.inferences.append({"prior": inf["prior_role"]["name"], "implies": imp["name"]})
        self.inferences.sort(key=lambda x: (x["prior"], x["implies"]))

    def people(self):
        admin_user = self.get("/users?name=admin")["users"][0]
        self.users["admin"] = {
            "id": admin_user["id"], "name": "admin", "domain_id": "default",
            "domain_name": DEFAULT_DOMAIN, "password": self.admin_password, "enabled": True,
            "project_roles": {"admin": ["admin"]}, "domain_roles": {}, "system_roles": ["admin"],
            "revoked_project_roles": {}, "totp_secret": None, "mfa_rules": [],
            "description": "bootstrap admin: admin on project admin and on the system",
        }
        in_parallel(*[lambda n=n, spec=spec: self.make_user(n, *spec)
                      for n, spec in USERS.items()])

    def make_user(self, name, dom, proj_roles, dom_roles, desc):
        password = secrets.token_urlsafe(12)
        u = self.post("/users", {"user": {
            "name": name, "domain_id": self.domains[dom]["id"], "password": password,
            "default_project_id": self.projects[next(iter(proj_roles))]["id"],
            "description": desc}})["user"]
        for proj, rs in proj_roles.items():
            for r in rs:
                self.put(f"/projects/{self.projects[proj]['id']}/users/{u['id']}"
                         f"/roles/{self.roles[r]['id']}")
        for d, rs in dom_roles.items():
            for r in rs:
                self.put(f"/domains/{self.domains[d]['id']}/users/{u['id']}"
                         f"/roles/{self.roles[r]['id']}")
        totp_secret = None
        if name in TOTP_USERS:
            # A base32 secret of 20 random bytes: 32 characters, no padding.
            totp_secret = base64.b32encode(secrets.token_bytes(20)).decode()
            self.post("/credentials", {"credential": {
                "type": "totp", "user_id": u["id"], "blob": totp_secret}})
        self.users[name] = {
            "id": u["id"], "name": name, "domain_id": self.domains[dom]["id"],
            "domain_name": dom, "password": password, "enabled": True,
            "project_roles": {p: list(rs) for p, rs in proj_roles.items()},
            "domain_roles": {d: list(rs) for d, rs in dom_roles.items()},
            "system_roles": [], "revoked_project_roles": {}, "totp_secret": totp_secret,
            "mfa_rules": [], "description": desc,
        }

    def user_token(self, name, project):
        u = self.users[name]
        return self.ks.token(name, u["password"], u["domain_name"], {"project": {
            "name": project, "domain": {"id": self.projects[project]["domain_id"]}}})

    def create_cred(self, owner, project, token, name, roles=None, expires_in=None,
                    unrestricted=False, access_rules=None, secret=None, description=None):
        """Creates a credential AS its owner (only the owner may) on the token's project."""
        body = {"name": name, "description": description or f"appcred seed: {name}",
                "unrestricted": unrestricted}
        if roles:
            body["roles"] = [{"name": r} for r in roles]
        if expires_in is not None:
            body["expires_at"] = utc_in(expires_in)
        if access_rules:
            body["access_rules"] = access_rules
        if secret:
            body["secret"] = secret
        ac = self.ks.call("POST", f"/users/{self.users[owner]['id']}/application_credentials",
                          token, {"application_credential": body},
                          ok=(201,))[0]["application_credential"]
        self.creds[name] = {
            "id": ac["id"], "name": ac["name"], "owner": owner,
            "user_id": self.users[owner]["id"], "project": project,
            "project_id": ac["project_id"], "description": ac.get("description"),
            "expires_at": ac.get("expires_at"), "unrestricted": bool(ac.get("unrestricted")),
            "roles": sorted(r["name"] for r in ac.get("roles", [])),
            "access_rules": ac.get("access_rules") or [],
            "secret": ac["secret"], "expired": False, "usable": True,
        }
        return self.creds[name]

    def credentials(self):
        """Returns (expires_at of alice-expired, alice-verify's secret)."""
        # The short-lived one first: it needs time to lapse.
        alice_demo = self.user_token("alice", "demo")
        expired_at = self.create_cred("alice", "demo", alice_demo, "alice-expired", ["member"],
                                      expires_in=EXPIRED_AFTER)["expires_at"]
        verify_secret = secrets.token_urlsafe(VERIFY_SECRET_LEN)
        in_parallel(lambda: self.alice_creds(alice_demo, verify_secret), self.admin_creds,
                    self.erin_creds, self.frank_creds)
        # grace: multi-factor rules, set last so the seed never needs her passcode.
        for name, rules in MFA_RULES.items():
            self.ks.call("PATCH", f"/users/{self.users[name]['id']}", self.admin, {"user": {
                "options": {"multi_factor_auth_enabled": True,
                            "multi_factor_auth_rules": rules}}})
            self.users[name]["mfa_rules"] = rules
        # Access rules as Keystone stores them (ids are needed by access-rules tests).
        for owner in ("alice", "admin"):
            listed = self.get(f"/users/{self.users[owner]['id']}/access_rules")["access_rules"]
            self.access_rules[owner] = sorted(
                ({k: r[k] for k in ("id", "service", "method", "path")} for r in listed),
                key=lambda r: (r["service"], r["path"]))
        return expired_at, verify_secret

    def alice_creds(self, tok, verify_secret):
        c = self.create_cred
        c("alice", "demo", tok, "alice-5days", ["member"], 5 * 86400)
        c("alice", "demo", tok, "alice-60days", ["member", "deployer"], 60 * 86400)
        c("alice", "demo", tok, "alice-forever", ["reader"])
        c("alice", "demo", tok, "alice-unrestricted", ["member"], 30 * 86400, unrestricted=True)
        c("alice", "demo", tok, "alice-access-rules", ["member"], 30 * 86400,
          access_rules=ACCESS_RULES)
        c("alice", "demo", tok, "alice-verify", ["member"], secret=verify_secret,
          description="appcred seed: the credential tests authenticate with")
        c("alice", "ci", self.user_token("alice", "ci"), "alice-ci-reader", ["reader"],
          90 * 86400)

    def admin_creds(self):
        """A few on project admin, so the demo opens on a populated list."""
        tok = self.user_token("admin", "admin")
        self.create_cred("admin", "admin", tok, "ci-pipeline", ["member"], 30 * 86400,
                         description="deploys from CI")
        self.create_cred("admin", "admin", tok, "backup-job", ["reader"],
                         description="nightly backups (never expires)")
        self.create_cred("admin", "admin", tok, "grafana-readonly", ["reader"], 3 * 86400,
                         access_rules=[{"service": "identity", "method": "GET",
                                        "path": "/v3/projects"}],
                         description="dashboard, read-only, expires soon")

    def erin_creds(self):
        """A credential first, then the user is disabled: it is kept but cannot log in."""
        self.create_cred("erin", "demo", self.user_token("erin", "demo"), "erin-demo", ["member"])
        for name in DISABLED:
            self.ks.call("PATCH", f"/users/{self.users[name]['id']}", self.admin,
                         {"user": {"enabled": False}})
            self.users[name]["enabled"] = False
        self.creds["erin-demo"]["usable"] = False

    def frank_creds(self):
        """A credential with two roles, then one role is revoked: a "dropped role"."""
        self.create_cred("frank", "demo", self.user_token("frank", "demo"), "frank-demo",
                         ["member", "deployer"])
        for name, by_proj in REVOKED.items():
            for proj, rs in by_proj.items():
                for r in rs:
                    self.ks.call("DELETE", f"/projects/{self.projects[proj]['id']}/users/"
                                 f"{self.users[name]['id']}/roles/{self.roles[r]['id']}",
                                 self.admin)
                    self.users[name]["project_roles"][proj].remove(r)
                self.users[name]["revoked_project_roles"][proj] = list(rs)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--auth-url", required=True)
    ap.add_argument("--admin-password-file", required=True)
    ap.add_argument("--out-dir", required=True)
    ap.add_argument("--hash-rounds", type=int, default=4)
    # What the instance runs, recorded in seed.json for the tests (some depend on the backend).
    ap.add_argument("--series", default="master")
    ap.add_argument("--keystone-version", default="")
    ap.add_argument("--database", default="sqlite", choices=["mariadb", "sqlite"])
    ap.add_argument("--cache", default="none", choices=["memcached", "none"])
    ap.add_argument("--cache-server", default="", help="HOST:PORT of memcached, if any")
    ap.add_argument("--openstack", default="", help="the series' own OpenStack CLI")
    # The LDAP domain (scripts/keystone.d/ldap.sh); without --ldap-url there is none.
    ap.add_argument("--ldap-url", default="", help="ldap://127.0.0.1:PORT of the instance's slapd")
    ap.add_argument("--ldap-base", default="")
    ap.add_argument("--ldap-bind-dn", default="")
    ap.add_argument("--ldap-password-file", default="")
    ap.add_argument("--ldap-domain", default=seed_ldap.DOMAIN)
    args = ap.parse_args()
    t0 = time.monotonic()
    ks = Keystone(args.auth_url)
    with open(args.admin_password_file) as f:
        sd = Seeder(ks, f.read().strip())
    print(f"{time.monotonic() - t0:5.1f}s admin token", flush=True)
    sd.structure()
    print(f"{time.monotonic() - t0:5.1f}s domains, projects, roles")
    cloud = lambda auth_type, auth: cloud_entry(args.auth_url, auth_type, auth)  # noqa: E731
    with ThreadPoolExecutor(max_workers=1) as side:
        # The LDAP domain needs only the roles: it goes on beside the SQL users.
        ldap_job = side.submit(seed_ldap.seed, sd, args, cloud) if args.ldap_url else None
        sd.people()
        print(f"{time.monotonic() - t0:5.1f}s users, role assignments, totp credentials")
        expired_at, verify_secret = sd.credentials()
        print(f"{time.monotonic() - t0:5.1f}s application credentials")
        ldap, ldap_clouds, ldap_infos = ldap_job.result() if ldap_job else (None, {}, {})
    if ldap:
        print(f"{time.monotonic() - t0:5.1f}s the LDAP domain {ldap['domain']['name']}: "
              f"{len(ldap['users'])} users, {len(ldap['application_credentials'])} credentials")

    # Self-check: the known credential authenticates (the token is scoped to its project).
    ks.call("POST", "/auth/tokens?nocatalog", body={"auth": {"identity": {
        "methods": ["application_credential"], "application_credential": {
            "id": sd.creds["alice-verify"]["id"], "secret": verify_secret}}}}, ok=(201,))

    # Let alice-expired lapse before anyone relies on it being expired.
    expiry = dt.datetime.strptime(expired_at, "%Y-%m-%dT%H:%M:%S.%f").replace(
        tzinfo=dt.timezone.utc)
    wait = (expiry - dt.datetime.now(dt.timezone.utc)).total_seconds() + 0.2
    if wait > 0:
        print(f"{time.monotonic() - t0:5.1f}s waiting {wait:.1f}s for alice-expired to lapse")
        time.sleep(wait)
    sd.creds["alice-expired"]["expired"] = True
    sd.creds["alice-expired"]["usable"] = False

    out = os.path.abspath(args.out_dir)
    clouds, secure = clouds_yaml(args.auth_url, sd.users, sd.projects, sd.creds)
    clouds.update(ldap_clouds)
    cloud_info = {**CLOUD_INFO, **ldap_infos}
    write(os.path.join(out, "clouds.yaml"), CLOUDS_HEADER + yaml.safe_dump(
        {"clouds": clouds}, sort_keys=False, default_flow_style=False))
    write(os.path.join(out, "secure.yaml"), SECURE_HEADER + yaml.safe_dump(
        {"clouds": secure}, sort_keys=False, default_flow_style=False))

    auth_url = args.auth_url.rstrip("/")
    domain_names = {d["id"]: n for n, d in sd.domains.items()}
    seed = {
        "schema_version": SCHEMA_VERSION,
        "created_at": utc_in(0),
        "auth_url": auth_url,
        "base_url": auth_url[: -len("/v3")] if auth_url.endswith("/v3") else auth_url,
        "region": REGION,
        "hash_rounds": args.hash_rounds,
        "keystone": {"series": args.series, "version": args.keystone_version,
                     "database": args.database, "cache": args.cache,
                     "cache_servers": [args.cache_server] if args.cache_server else [],
                     "openstack": args.openstack},
        "clouds_yaml": os.path.join(out, "clouds.yaml"),
        "secure_yaml": os.path.join(out, "secure.yaml"),
        "clouds": {name: c["_about"] for name, c in cloud_info.items()},
        "domains": {n: {"id": d["id"], "name": d["name"]} for n, d in sd.domains.items()},
        "projects": {n: {"id": p["id"], "name": p["name"], "domain_id": p["domain_id"],
                         "domain_name": domain_names[p["domain_id"]]}
                     for n, p in sorted(sd.projects.items())},
        "roles": {n: {"id": r["id"], "name": r["name"]} for n, r in sorted(sd.roles.items())},
        "role_inferences": sd.inferences,
        "users": dict(sorted(sd.users.items())),
        "application_credentials": dict(sorted(sd.creds.items())),
        "access_rules": sd.access_rules,
        # The LDAP-backed domain corp (docs/seed.md); null where the instance has none.
        "ldap": ldap,
    }
    write(os.path.join(out, "seed.json"), json.dumps(seed, indent=2) + "\n")
    print(f"seeded in {time.monotonic() - t0:.1f}s: {len(sd.users)} users, "
          f"{len(sd.creds)} credentials"
          + (f", LDAP domain {ldap['domain']['name']}" if ldap else ", no LDAP domain"))


CLOUDS_HEADER = """\
# Generated by scripts/seed.py for the local test Keystone (scripts/keystone start).
# Data set: docs/seed.md. Cloud `bob` keeps its password in secure.yaml (set
# OS_CLIENT_SECURE_FILE to it, or copy both files next to each other in a search dir).
"""
SECURE_HEADER = """\
# Generated by scripts/seed.py: merged over clouds.yaml by openstacksdk and appcred.
"""

# name -> about (for seed.json); the clouds themselves are built in clouds_yaml().
CLOUD_INFO = {
    "demo": {"_about": {"user": "admin", "auth_type": "password", "scope": "project admin",
                        "note": "what scripts/demo opens"}},
    "alice": {"_about": {"user": "alice", "auth_type": "password", "scope": "project demo"}},
    "alice-ci": {"_about": {"user": "alice", "auth_type": "v3password", "scope": "project ci",
                            "note": "by ids: user_domain_id, project_id"}},
    "bob": {"_about": {"user": "bob", "auth_type": "v3password", "scope": "project platform",
                       "note": "password only in secure.yaml"}},
    "carol-domain": {"_about": {"user": "carol", "auth_type": "password",
                                "scope": "domain engineering"}},
    "dave-totp": {"_about": {"user": "dave", "auth_type": "v3totp", "scope": "project demo",
                             "note": "no passcode in the file: compute it from totp_secret"}},
    "mfa": {"_about": {"user": "grace", "auth_type": "v3multifactor", "scope": "project demo",
                       "note": "auth_methods [v3password, v3totp]; password in file, no passcode"}},
    "alice-appcred": {"_about": {"user": "alice", "auth_type": "v3applicationcredential",
                                 "scope": "project demo (the credential's)",
                                 "note": "application_credentials.alice-verify, by id"}},
    "alice-appcred-by-name": {"_about": {
        "user": "alice", "auth_type": "v3applicationcredential",
        "scope": "project demo (the credential's)",
        "note": "alice-verify by name + username + user_domain_name"}},
    "system-admin": {"_about": {"user": "admin", "auth_type": "password", "scope": "system all"}},
}


def cloud_entry(auth_url, auth_type, auth):
    return {"auth_type": auth_type, "auth": {"auth_url": auth_url, **auth},
            "region_name": REGION, "interface": "public", "identity_api_version": 3}


def clouds_yaml(auth_url, users, projects, creds):
    def cloud(auth_type, auth):
        return cloud_entry(auth_url, auth_type, auth)

    def pw(name):
        u = users[name]
        return {"username": name, "password": u["password"], "user_domain_name": u["domain_name"]}

    def proj(name):
        p = projects[name]
        dom = DEFAULT_DOMAIN if p["domain_id"] == "default" else SECOND_DOMAIN
        return {"project_name": name, "project_domain_name": dom}

    verify = creds["alice-verify"]
    clouds = {
        "demo": cloud("password", {**pw("admin"), **proj("admin")}),
        "alice": cloud("password", {**pw("alice"), **proj("demo")}),
        "alice-ci": cloud("v3password", {
            "username": "alice", "password": users["alice"]["password"],
            "user_domain_id": users["alice"]["domain_id"], "project_id": projects["ci"]["id"]}),
        "bob": cloud("v3password", {
            "username": "bob", "user_domain_name": SECOND_DOMAIN, **proj("platform")}),
        "carol-domain": cloud("password", {**pw("carol"), "domain_name": SECOND_DOMAIN}),
        "dave-totp": cloud("v3totp", {
            "username": "dave", "user_domain_name": DEFAULT_DOMAIN, **proj("demo")}),
        # auth_methods is a keystoneauth plugin option, so it lives inside auth.
        "mfa": cloud("v3multifactor", {
            "auth_methods": ["v3password", "v3totp"], **pw("grace"), **proj("demo")}),
        "alice-appcred": cloud("v3applicationcredential", {
            "application_credential_id": verify["id"],
            "application_credential_secret": verify["secret"]}),
        "alice-appcred-by-name": cloud("v3applicationcredential", {
            "application_credential_name": verify["name"],
            "application_credential_secret": verify["secret"],
            "username": "alice", "user_domain_name": DEFAULT_DOMAIN}),
        "system-admin": cloud("password", {**pw("admin"), "system_scope": "all"}),
    }
    assert set(clouds) == set(CLOUD_INFO)
    secure = {"bob": {"auth": {"password": users["bob"]["password"]}}}
    return clouds, secure


def write(path, text):
    tmp = path + ".tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)
    os.replace(tmp, path)


if __name__ == "__main__":
    try:
        main()
    except Exception as err:  # noqa: BLE001 - one clear line for the start script's log
        print(f"seed failed: {err}", file=sys.stderr)
        raise
