#!/usr/bin/env python3
"""Keystone's side of the SSO test bed (called by scripts/sso), by Keystone's REST API as admin.

Creates the domain `sso` with projects sso-project and sso-project-2, the group cloud-users
(role member on both), the identity provider `appcred-op` (remote id: the OP's issuer), a mapping
(preferred_username -> user, groups claim cloud-users -> group cloud-users) and the protocol
`openid`. Then logs bob in once by the device flow (so his shadow user exists) and gives him a
direct member role on sso-project. Writes clouds.yaml and secure.yaml (0600) into --dir, and
bed.json (ids, and websso_ports: the origins Keystone trusts for v3websso).

With --set-ttl MINUTES: only sets the identity provider's authorization_ttl.
"""

import argparse
import base64
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

TIMEOUT = 15
IDP = "appcred-op"
GROUP = "cloud-users"
DOMAIN = "sso"
PROJECTS = ["sso-project", "sso-project-2"]


def call(method, url, token=None, body=None, headers=None, form=None):
    data = None
    h = dict(headers or {})
    if body is not None:
        data = json.dumps(body).encode()
        h["Content-Type"] = "application/json"
    if form is not None:
        data = urllib.parse.urlencode(form).encode()
    if token:
        h["X-Auth-Token"] = token
    req = urllib.request.Request(url, data=data, method=method, headers=h)
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT) as r:
            text = r.read().decode()
            return r.status, dict(r.headers), json.loads(text) if text.strip() else {}
    except urllib.error.HTTPError as e:
        text = e.read().decode("utf-8", "replace")
        try:
            doc = json.loads(text)
        except ValueError:
            doc = {"text": text}
        return e.code, dict(e.headers), doc


def ok(answer, what):
    status, _, doc = answer
    if status >= 300:
        sys.exit(f"federation.py: {what}: HTTP {status}: {doc}")
    return doc


def admin_token(ks, password):
    body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": "admin", "domain": {"id": "default"}, "password": password}}},
        "scope": {"project": {"name": "admin", "domain": {"id": "default"}}}}}
    status, headers, doc = call("POST", f"{ks}/auth/tokens", body=body)
    if status != 201:
        sys.exit(f"federation.py: admin login: HTTP {status}: {doc}")
    return headers.get("X-Subject-Token") or headers.get("x-subject-token")


def find_or_create(ks, tok, kind, plural, name, body, query=""):
    found = ok(call("GET", f"{ks}/{plural}?name={urllib.parse.quote(name)}{query}", tok), f"list {plural}")
    if found[plural]:
        return found[plural][0]["id"]
    return ok(call("POST", f"{ks}/{plural}", tok, {kind: body}), f"create {kind} {name}")[kind]["id"]


def device_login(issuer, apache, approve, user, password):
    """bob's first login, so Keystone has his shadow user: device flow + approve.py + federation auth."""
    status, _, start = call("POST", f"{issuer}/device/auth",
                            form={"client_id": "appcred-device", "scope": "openid profile groups"})
    if status != 200:
        sys.exit(f"federation.py: device authorization: {status} {start}")
    subprocess.run([sys.executable, approve, issuer, "approve", start["user_code"], user, password],
                   check=True, timeout=60)
    grant = "urn:ietf:params:oauth:grant-type:device_code"
    for _ in range(20):
        status, _, tok = call("POST", f"{issuer}/token", form={
            "client_id": "appcred-device", "device_code": start["device_code"], "grant_type": grant})
        if status == 200:
            break
        time.sleep(0.5)
    else:
        sys.exit(f"federation.py: no token for {user}: {tok}")
    status, headers, doc = call(
        "POST", f"{apache}/OS-FEDERATION/identity_providers/{IDP}/protocols/openid/auth",
        headers={"Authorization": f"Bearer {tok['access_token']}"})
    if status != 201:
        sys.exit(f"federation.py: federated login of {user}: HTTP {status}: {doc}")
    return doc["token"]["user"]["id"]


def yaml_str(s):
    return json.dumps(s)  # a JSON string is a valid YAML scalar


def write_clouds(d, apache, issuer, secrets, admin_password):
    discovery = f"{issuer}/.well-known/openid-configuration"
    common = [
        f"      auth_url: {yaml_str(apache)}",
        f"      identity_provider: {IDP}",
        "      protocol: openid",
        "      project_name: sso-project",
        f"      project_domain_name: {DOMAIN}",
    ]
    # keystoneauth's access-token plugin takes no discovery endpoint or scope.
    oidc = [f"      discovery_endpoint: {yaml_str(discovery)}", "      openid_scope: openid profile groups"]
    tail = ["    region_name: RegionOne", "    identity_api_version: 3"]

    def cloud(name, auth_type, extra):
        return [f"  {name}:", f"    auth_type: {auth_type}", "    auth:"] + common + extra + tail

    lines = ["# Written by scripts/sso: the SSO test bed's clouds (secrets in secure.yaml).", "clouds:"]
    lines += cloud("sso-device", "v3oidcdeviceauthz",
                   oidc + ["      client_id: appcred-device", "      code_challenge_method: S256"])
    lines += cloud("sso-device-short", "v3oidcdeviceauthz", oidc + ["      client_id: appcred-device-short"])
    lines += cloud("sso-client", "v3oidcclientcredentials", oidc + ["      client_id: appcred-service"])
    lines += cloud("sso-token", "v3oidcaccesstoken", [])
    # A browser login (authorization code + PKCE); tests set OS_REDIRECT_URI to a free port.
    lines += cloud("sso-authcode", "v3oidcauthcode",
                   oidc + ["      client_id: appcred-browser",
                           "      redirect_uri: http://127.0.0.1:9991/callback"])
    # Keystone's web single sign-on; tests set OS_REDIRECT_PORT to one of bed.json's websso_ports.
    lines += cloud("sso-websso", "v3websso", [])
    lines += [
        "  sso-admin:",
        "    auth:",
        f"      auth_url: {yaml_str(apache)}",
        "      username: admin",
        "      user_domain_id: default",
        "      project_name: admin",
        "      project_domain_id: default",
    ] + tail
    with open(f"{d}/clouds.yaml", "w") as f:
        f.write("\n".join(lines) + "\n")
    fd = os.open(f"{d}/secure.yaml", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write("clouds:\n")
        f.write(f"  sso-client:\n    auth:\n      client_secret: {yaml_str(secrets['service'])}\n")
        f.write(f"  sso-token:\n    auth:\n      access_token: {yaml_str(secrets['access_token'])}\n")
        f.write(f"  sso-admin:\n    auth:\n      password: {yaml_str(admin_password)}\n")


def service_token(issuer, secret):
    req = urllib.request.Request(f"{issuer}/token", data=urllib.parse.urlencode(
        {"grant_type": "client_credentials", "scope": "openid profile groups"}).encode())
    req.add_header("Authorization", "Basic " + base64.b64encode(f"appcred-service:{secret}".encode()).decode())
    with urllib.request.urlopen(req, timeout=TIMEOUT) as r:
        return json.load(r)["access_token"]


def flush_cache(d):
    """Keystone caches role lookups (memcached, 10 min): a ttl change would otherwise meet
    answers computed under the old one. Flushing is what an operator's restart amounts to."""
    import re
    import socket
    conf = open(f"{d}/keystone/run/keystone.conf").read()
    m = re.search(r"memcache_servers = 127\.0\.0\.1:(\d+)", conf)
    if not m:
        return
    with socket.create_connection(("127.0.0.1", int(m.group(1))), timeout=5) as s:
        s.sendall(b"flush_all\r\n")
        s.recv(64)


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--dir", required=True)
    a.add_argument("--keystone", required=True)
    a.add_argument("--apache")
    a.add_argument("--issuer")
    a.add_argument("--admin-password-file", required=True)
    a.add_argument("--approve")
    a.add_argument("--set-ttl", type=int)
    args = a.parse_args()
    ks = args.keystone
    password = open(args.admin_password_file).read().strip()
    tok = admin_token(ks, password)
    if args.set_ttl is not None:
        ok(call("PATCH", f"{ks}/OS-FEDERATION/identity_providers/{IDP}", tok,
                {"identity_provider": {"authorization_ttl": args.set_ttl}}), "set authorization_ttl")
        flush_cache(args.dir)
        print(f"sso: {IDP} authorization_ttl = {args.set_ttl} minutes", file=sys.stderr)
        return

    domain = find_or_create(ks, tok, "domain", "domains", DOMAIN,
                            {"name": DOMAIN, "description": "federated users (scripts/sso)"})
    project_ids = [find_or_create(ks, tok, "project", "projects", p, {"name": p, "domain_id": domain},
                                  f"&domain_id={domain}") for p in PROJECTS]
    group = find_or_create(ks, tok, "group", "groups", GROUP, {"name": GROUP, "domain_id": domain},
                           f"&domain_id={domain}")
    member = ok(call("GET", f"{ks}/roles?name=member", tok), "find role member")["roles"][0]["id"]
    for p in project_ids:
        ok(call("PUT", f"{ks}/projects/{p}/groups/{group}/roles/{member}", tok), "group role")
    ok(call("PUT", f"{ks}/OS-FEDERATION/identity_providers/{IDP}", tok, {"identity_provider": {
        "remote_ids": [args.issuer], "enabled": True, "domain_id": domain,
        "description": "the test bed's oidc-provider"}}), "create identity provider")
    rules = [{
        "local": [{"user": {"name": "{0}"}},
                  {"group": {"name": GROUP, "domain": {"name": DOMAIN}}}],
        "remote": [{"type": "HTTP_X_REMOTE_USER"},
                   {"type": "HTTP_OIDC_CLAIM_GROUPS", "any_one_of": [GROUP]}],
    }]
    ok(call("PUT", f"{ks}/OS-FEDERATION/mappings/{IDP}-mapping", tok, {"mapping": {"rules": rules}}),
       "create mapping")
    ok(call("PUT", f"{ks}/OS-FEDERATION/identity_providers/{IDP}/protocols/openid", tok,
            {"protocol": {"mapping_id": f"{IDP}-mapping"}}), "create protocol")

    secrets = json.load(open(f"{args.dir}/op-secrets.json"))
    bob = device_login(args.issuer, args.apache, args.approve, "bob", secrets["users"]["bob"])
    ok(call("PUT", f"{ks}/projects/{project_ids[0]}/users/{bob}/roles/{member}", tok), "bob's direct role")
    secrets["access_token"] = service_token(args.issuer, secrets["service"])
    write_clouds(args.dir, args.apache, args.issuer, secrets, password)
    about = {"issuer": args.issuer, "auth_url": args.apache, "keystone": ks, "domain_id": domain,
             "projects": dict(zip(PROJECTS, project_ids)), "group_id": group, "bob_id": bob,
             "identity_provider": IDP,
             "websso_ports": [int(p) for p in open(f"{args.dir}/websso-ports").read().split()]}
    with open(f"{args.dir}/bed.json", "w") as f:
        json.dump(about, f, indent=1)
    print("federation ready:", json.dumps(about))


if __name__ == "__main__":
    main()
