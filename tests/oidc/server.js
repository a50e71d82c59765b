// panva's oidc-provider, a certified OpenID Provider, mounted at PingOne's paths
// (`/{envID}/as/token`, `/{envID}/as/authorize`, …) on 127.0.0.1, for tests/tests/oidc.rs.
//
// It listens on a free port and prints `listening on http://127.0.0.1:PORT` once ready; the
// test reads that line, drives the generated `pingone` client against it, and kills it. Only
// loopback is ever bound. Nothing here is PingOne: each setting is the provider's own, chosen
// so that every grant and endpoint the spec describes is on (see tests/oidc/README.md).
import http from 'node:http';

import Provider from 'oidc-provider';

const ENV = 'abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6';
const PREFIX = `/${ENV}/as`;
const REDIRECT = 'https://app.example.com/callback';
const SIGNED_OFF = 'https://app.example.com/signed-off';
const GRANTS = [
  'authorization_code',
  'refresh_token',
  'client_credentials',
  'urn:ietf:params:oauth:grant-type:device_code',
];

const confidential = (clientId, method) => ({
  client_id: clientId,
  client_secret: `${clientId}-secret`,
  token_endpoint_auth_method: method,
  grant_types: GRANTS,
  response_types: ['code'],
  redirect_uris: [REDIRECT],
  post_logout_redirect_uris: [SIGNED_OFF],
  scope: 'openid offline_access profile email address phone',
});

const clients = [
  confidential('basic-client', 'client_secret_basic'),
  confidential('post-client', 'client_secret_post'),
  {
    client_id: 'public-client',
    token_endpoint_auth_method: 'none',
    grant_types: GRANTS.filter((g) => g !== 'client_credentials'),
    response_types: ['code'],
    redirect_uris: [REDIRECT],
    post_logout_redirect_uris: [SIGNED_OFF],
    scope: 'openid offline_access profile email address',
  },
  // Its device codes expire after a second, to show the `expired_token` error.
  {
    client_id: 'expiring-client',
    token_endpoint_auth_method: 'none',
    grant_types: ['urn:ietf:params:oauth:grant-type:device_code'],
    response_types: [],
    redirect_uris: [],
    scope: 'openid',
  },
];

// Every account signs on with any password; its claims are OpenID Connect Core §5.1's.
const claimsOf = (accountId) => ({
  sub: accountId,
  name: 'Ada Lovelace',
  department: 'Analytical Engines',
  given_name: 'Ada',
  family_name: 'Lovelace',
  preferred_username: accountId,
  locale: 'en-GB',
  updated_at: 1730818407,
  email: `${accountId}@example.com`,
  email_verified: true,
  address: { country: 'GB', locality: 'London' },
  phone_number: '+44 20 7946 0000',
  phone_number_verified: false,
});

const configuration = {
  clients,
  routes: {
    authorization: '/authorize',
    token: '/token',
    userinfo: '/userinfo',
    jwks: '/jwks',
    introspection: '/introspect',
    revocation: '/revoke',
    device_authorization: '/device_authorization',
    code_verification: '/device',
    pushed_authorization_request: '/par',
    end_session: '/signoff',
  },
  scopes: ['openid', 'offline_access', 'profile', 'email', 'address', 'phone'],
  claims: {
    openid: ['sub'],
    profile: ['name', 'given_name', 'family_name', 'preferred_username', 'locale', 'updated_at', 'department'],
    email: ['email', 'email_verified'],
    address: ['address'],
    phone: ['phone_number', 'phone_number_verified'],
  },
  findAccount: async (_ctx, accountId) => ({
    accountId,
    claims: async () => claimsOf(accountId),
  }),
  features: {
    devInteractions: { enabled: true },
    clientCredentials: { enabled: true },
    deviceFlow: { enabled: true },
    introspection: { enabled: true },
    revocation: { enabled: true },
    pushedAuthorizationRequests: { enabled: true },
    rpInitiatedLogout: { enabled: true },
    userinfo: { enabled: true },
  },
  // A refresh token for every code and device grant of a client allowed the refresh grant.
  issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
  ttl: {
    DeviceCode: (_ctx, _token, client) => (client.clientId === 'expiring-client' ? 1 : 600),
  },
  cookies: { keys: ['apigen-oidc-test-cookie-key'] },
  pkce: { required: (_ctx, client) => client.clientAuthMethod === 'none' },
};

const server = http.createServer();
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  const provider = new Provider(`http://127.0.0.1:${port}${PREFIX}`, configuration);
  const handle = provider.callback();
  server.on('request', (req, res) => {
    if (req.url === PREFIX || req.url.startsWith(`${PREFIX}/`) || req.url.startsWith(`${PREFIX}?`)) {
      // Mounted the way Express mounts: the provider sees the rest, and the whole URL.
      req.originalUrl = req.url;
      req.url = req.url.slice(PREFIX.length) || '/';
      handle(req, res);
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  process.stdout.write(`listening on http://127.0.0.1:${port}\n`);
});

// The test kills it; a closed stdin (the test process gone) ends it too.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
