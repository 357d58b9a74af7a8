// The OpenID provider of appcred's SSO test bed (scripts/sso): panva's oidc-provider on
// 127.0.0.1, in memory, with the test clients and users below. Started by `scripts/sso start`.
//
//   node op.mjs PORT STATE_DIR
//
// Access tokens are opaque and meant for the resource `urn:appcred:keystone` (audience
// `keystone`): Apache's mod_auth_openidc introspects them over plain http (sso-facts.md).
// They carry `preferred_username` and `groups`, which Apache passes to Keystone's mapping.
import { readFileSync } from 'node:fs';
import querystring from 'node:querystring';

import Provider from 'oidc-provider';

const [port, stateDir] = process.argv.slice(2);
if (!port || !stateDir) {
  console.error('usage: node op.mjs PORT STATE_DIR');
  process.exit(2);
}
const issuer = `http://127.0.0.1:${port}`;
// Secrets written by scripts/sso (0600), never on the command line.
const secrets = JSON.parse(readFileSync(`${stateDir}/op-secrets.json`, 'utf8'));

const RESOURCE = 'urn:appcred:keystone';
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

// People who log in through the device flow. `bob` also gets a direct role in Keystone.
const USERS = {
  alice: { password: secrets.users.alice, groups: ['cloud-users'] },
  bob: { password: secrets.users.bob, groups: ['cloud-users'] },
};
// Client-credentials clients act as a service account of this name.
const SERVICE_USER = 'svc-appcred';

const clients = [
  // Public client for the device flow (a CLI on a jump host has no secret to keep).
  {
    client_id: 'appcred-device',
    token_endpoint_auth_method: 'none',
    grant_types: [DEVICE_GRANT],
    response_types: [],
  },
  // The same, but its device codes expire after a few seconds: the "expired" test.
  {
    client_id: 'appcred-device-short',
    token_endpoint_auth_method: 'none',
    grant_types: [DEVICE_GRANT],
    response_types: [],
  },
  // A confidential client for the client-credentials grant (a service account).
  {
    client_id: 'appcred-service',
    client_secret: secrets.service,
    grant_types: ['client_credentials'],
    response_types: [],
  },
  // A public native client for the authorization code flow with PKCE (v3oidcauthcode): its
  // loopback redirect may use any port (RFC 8252 §7.3, oidc-provider's native clients).
  {
    client_id: 'appcred-browser',
    application_type: 'native',
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code'],
    response_types: ['code'],
    redirect_uris: ['http://127.0.0.1/callback'],
  },
  // mod_auth_openidc as a relying party, for Keystone's web single sign-on (v3websso): it
  // logs the browser in here and passes the ID token's claims to Keystone's websso page.
  {
    client_id: 'keystone-websso',
    client_secret: secrets.websso,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    redirect_uris: [`${process.env.SSO_APACHE}/v3/auth/OS-FEDERATION/websso/openid/redirect`],
  },
  // mod_auth_openidc's own client, for token introspection.
  {
    client_id: 'keystone-rs',
    client_secret: secrets.introspection,
    grant_types: [],
    response_types: [],
  },
];

const SHORT_DEVICE_TTL = Number(process.env.SSO_SHORT_DEVICE_TTL || 6);

const provider = new Provider(issuer, {
  clients,
  async findAccount(_ctx, id) {
    const known = USERS[id];
    if (!known) return undefined;
    return {
      accountId: id,
      async claims() {
        return { sub: id, preferred_username: id, groups: known.groups };
      },
    };
  },
  // The ID token carries the scopes' claims (preferred_username, groups): mod_auth_openidc
  // passes them to Keystone's websso page from there.
  conformIdTokenClaims: false,
  claims: { openid: ['sub'], profile: ['preferred_username'], groups: ['groups'] },
  scopes: ['openid', 'profile', 'groups', 'offline_access'],
  features: {
    devInteractions: { enabled: true },
    deviceFlow: { enabled: true },
    clientCredentials: { enabled: true },
    introspection: {
      enabled: true,
      // Only the resource server may introspect.
      allowedPolicy: async (_ctx, client) => client.clientId === 'keystone-rs',
    },
    resourceIndicators: {
      enabled: true,
      // keystoneauth (and appcred) send no `resource`: every token is for Keystone.
      defaultResource: async () => RESOURCE,
      useGrantedResource: async () => true,
      getResourceServerInfo: async (_ctx, resource) => {
        if (resource !== RESOURCE) throw new Provider.errors.InvalidTarget();
        return {
          audience: 'keystone',
          scope: 'openid profile groups',
          accessTokenFormat: 'opaque',
          accessTokenTTL: 3600,
        };
      },
    },
  },
  async extraTokenClaims(_ctx, token) {
    if (token.kind === 'ClientCredentials') {
      return { preferred_username: SERVICE_USER, groups: ['cloud-users'] };
    }
    const known = USERS[token.accountId];
    if (!known) return undefined;
    return { preferred_username: token.accountId, groups: known.groups };
  },
  ttl: {
    AccessToken: 3600,
    ClientCredentials: 3600,
    DeviceCode: (_ctx, _code, client) =>
      client.clientId === 'appcred-device-short' ? SHORT_DEVICE_TTL : 600,
    Grant: 3600,
    Interaction: 600,
    Session: 3600,
  },
  pkce: { required: () => false },
  // Dev keys are fine: tokens die with the process anyway.
});

// A real login check in front of devInteractions' login form (which accepts any name and
// ignores the password): the name must be a known user and the password must match.
provider.use(async (ctx, next) => {
  if (ctx.method === 'POST' && ctx.path.startsWith('/interaction/') && ctx.is('application/x-www-form-urlencoded')) {
    const chunks = [];
    for await (const chunk of ctx.req) chunks.push(chunk);
    const body = querystring.parse(Buffer.concat(chunks).toString());
    if (body.prompt === 'login') {
      const user = USERS[body.login];
      if (!user || user.password !== body.password) {
        ctx.status = 401;
        ctx.type = 'text/html';
        ctx.body = '<p class="error">Invalid user name or password</p>';
        return;
      }
    }
    ctx.request.body = body;
  }
  await next();
});

provider.listen(Number(port), '127.0.0.1', () => {
  console.log(`oidc-provider listening on ${issuer}`);
});
