#!/usr/bin/env python3
"""The user's side of a device-flow login, over HTTP as a browser does it (scripts/sso approve).

    approve.py ISSUER approve|deny USER_CODE USER PASSWORD

A cookie jar carries the OP's session across the pages: the code entry form (its `xsrf`), the
confirm form (every hidden field, or `abort` to deny), the login form (user + password, checked by
the OP), the consent form. Exit 0 when the OP says the device is signed in (or, for deny, that the
request was aborted); 1 with the OP's page text otherwise. Every request has a 10 s timeout.
"""

import html.parser
import http.cookiejar
import re
import sys
import urllib.error
import urllib.parse
import urllib.request

TIMEOUT = 10


class Forms(html.parser.HTMLParser):
    """Every form's action and its input fields (name -> value)."""

    def __init__(self):
        super().__init__()
        self.forms = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "fields": {}})
        elif tag == "input" and self.forms and a.get("name"):
            self.forms[-1]["fields"][a["name"]] = a.get("value", "")


def forms_of(page):
    p = Forms()
    p.feed(page)
    return p.forms


def text_of(page):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", re.sub(r"(?s)<style.*?</style>", "", page))).strip()


class Browser:
    def __init__(self, issuer):
        self.issuer = issuer.rstrip("/")
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def open(self, url, fields=None):
        url = urllib.parse.urljoin(self.issuer + "/", url)
        data = urllib.parse.urlencode(fields).encode() if fields is not None else None
        try:
            with self.opener.open(url, data=data, timeout=TIMEOUT) as r:
                return r.geturl(), r.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as e:
            return e.geturl(), e.read().decode("utf-8", "replace")


def fail(step, page):
    print(f"sso approve: {step}: {text_of(page)[:300]}", file=sys.stderr)
    sys.exit(1)


def main():
    if len(sys.argv) != 6 or sys.argv[2] not in ("approve", "deny"):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    issuer, action, user_code, user, password = sys.argv[1:]
    b = Browser(issuer)

    _, page = b.open("/device")
    entry = next((f for f in forms_of(page) if "xsrf" in f["fields"]), None)
    if entry is None:
        fail("no code entry form at /device", page)
    fields = dict(entry["fields"], user_code=user_code)
    _, page = b.open(entry["action"] or "/device", fields)

    confirm = next((f for f in forms_of(page) if "confirm" in f["fields"]), None)
    if confirm is None:
        fail("the code was not accepted", page)
    fields = dict(confirm["fields"])
    if action == "deny":
        fields["abort"] = "yes"
    url, page = b.open(confirm["action"] or "/device", fields)
    if action == "deny":
        if any(w in page.lower() for w in ("abort", "denied", "interrupted")):
            print("sso approve: denied", file=sys.stderr)
            return
        fail("the OP did not confirm the denial", page)

    for _ in range(4):  # login, consent, then the success page
        if "/interaction/" not in url:
            break
        uid_path = urllib.parse.urlparse(url).path
        if 'name="login"' in page:
            fields = {"prompt": "login", "login": user, "password": password}
        elif 'name="prompt" value="consent"' in page or "consent" in page.lower():
            fields = {"prompt": "consent"}
        else:
            fail("an unexpected interaction page", page)
        url, page = b.open(uid_path, fields)
        if "Invalid user name or password" in page:
            fail(f"the OP refused the login of {user!r}", page)
    if "success" in page.lower() or "signed in" in page.lower():
        print(f"sso approve: {user} signed the device in", file=sys.stderr)
        return
    fail("the OP did not sign the device in", page)


if __name__ == "__main__":
    main()
