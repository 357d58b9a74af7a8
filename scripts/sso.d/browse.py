#!/usr/bin/env python3
"""A browser login at the OP, over HTTP as a browser does it (scripts/sso browse).

    browse.py ISSUER URL USER PASSWORD [--deny] [--print]

URL is an authorization URL (the one appcred prints for v3oidcauthcode), or Keystone's websso URL
(v3websso: Apache's mod_auth_openidc sends the browser to the OP first, and Keystone's page at the
end holds a form with the token, which its script posts to the origin: posted here as it would). A cookie jar carries the
OP's session through its pages: the login form (user + password, checked by the OP), the consent
form (or, with --deny, the interaction's abort link, which the OP answers with
error=access_denied). Redirects within the OP are followed; the last one leaves the OP for the
client's redirect_uri (appcred's loopback listener). That one is followed too, as a browser would
(exit 0 when the listener answers 2xx, its page text on stdout), or with --print only written to
stdout, not followed (a test can then change it). Every request has a 10 s timeout.
"""

import http.cookiejar
import sys
import urllib.error
import urllib.parse
import urllib.request

from approve import TIMEOUT, Browser, fail, forms_of, text_of


class Leaving(Exception):
    """The OP redirected away from itself: the client's redirect_uri."""

    def __init__(self, location):
        super().__init__(location)
        self.location = location


class StayOnOp(urllib.request.HTTPRedirectHandler):
    """Follows redirects between the OP and the site the login started at (Keystone's websso
    page behind Apache), not those that leave both."""

    def __init__(self, *urls):
        super().__init__()
        self.origins = {urllib.parse.urlparse(u).netloc for u in urls}

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urllib.parse.urlparse(newurl).netloc not in self.origins:
            raise Leaving(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    flags = {a for a in sys.argv[1:] if a.startswith("--")}
    if len(args) != 4 or flags - {"--deny", "--print"}:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    issuer, url, user, password = args
    b = Browser(issuer)
    # build_opener leaves out its own redirect handler when given a subclass of it.
    b.opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), StayOnOp(issuer, url)
    )
    # mod_auth_openidc answers 401 instead of redirecting to the OP unless it is a browser's
    # page request.
    b.opener.addheaders = [("Accept", "text/html,application/xhtml+xml"), ("User-Agent", "Mozilla/5.0 (sso browse)")]
    location = None
    form = None
    try:
        url, page = b.open(url)
        for _ in range(6):  # login, consent (or abort), and the redirects between
            path = urllib.parse.urlparse(url).path
            if "/interaction/" not in path:
                # Keystone's websso page: a form the page's script posts to the origin.
                form = next((f for f in forms_of(page) if "token" in f["fields"]), None)
                if form is None:
                    fail("the OP did not ask for a login", page)
                raise Leaving(form["action"])
            if "--deny" in flags:
                url, page = b.open(path.rstrip("/") + "/abort")
            elif 'name="login"' in page:
                url, page = b.open(path, {"prompt": "login", "login": user, "password": password})
                if "Invalid user name or password" in page:
                    fail(f"the OP refused the login of {user!r}", page)
            elif "consent" in page.lower() or 'name="prompt"' in page:
                url, page = b.open(path, {"prompt": "consent"})
            else:
                fail("an unexpected interaction page", page)
        fail("the OP did not redirect back to the client", page)
    except Leaving as e:
        location = e.location
    if "--print" in flags:
        print(location)
        return
    data = urllib.parse.urlencode(form["fields"]).encode() if form else None
    try:
        with urllib.request.urlopen(location, data=data, timeout=TIMEOUT) as r:
            print(text_of(r.read().decode("utf-8", "replace")))
    except urllib.error.HTTPError as e:
        fail(f"the redirect_uri answered {e.code}", e.read().decode("utf-8", "replace"))
    except OSError as e:
        print(f"sso browse: the redirect_uri {location.split('?')[0]} did not answer: {e}",
              file=sys.stderr)
        sys.exit(1)
    print(f"sso browse: {user} logged in; the OP redirected to the client", file=sys.stderr)


if __name__ == "__main__":
    main()
