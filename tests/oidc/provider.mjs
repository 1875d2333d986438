// A real OpenID Connect provider for the single sign-on tests: node-oidc-provider (OpenID Certified), on 127.0.0.1.
// Usage: node provider.mjs PORT REDIRECT_URI [ID_TOKEN_TTL_SECONDS]
// People (the dev interactions' login takes the account id as the login; the password is not checked):
//   alice   groups slm-managers          -> ServiceLevelManager
//   carol   groups acme-portal           -> Customer of online-retail
//   dave    no groups                    -> no role in OpenSLM
import Provider from 'oidc-provider';

const [port, redirectUri, idTokenTtl] = [Number(process.argv[2]), process.argv[3], Number(process.argv[4] ?? 3600)];
const people = {
  alice: { email: 'alice@example.com', name: 'Alice Archer', groups: ['slm-managers', 'staff'] },
  carol: { email: 'carol@online-retail.example', name: 'Carol Cole', groups: ['acme-portal'] },
  dave: { email: 'dave@example.com', name: 'Dave Dunn', groups: [] },
};

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [{
    client_id: 'openslm',
    client_secret: 'openslm-test-secret',
    redirect_uris: [redirectUri],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  // PKCE on every authorization request: a client that does not send it is refused.
  pkce: { required: () => true },
  scopes: ['openid', 'profile', 'email', 'groups'],
  claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email'], groups: ['groups'] },
  ttl: { IdToken: idTokenTtl },
  cookies: { keys: ['openslm-test-cookie-key'] },
  async findAccount(ctx, id) {
    const person = people[id];
    if (!person) {
      return undefined;
    }
    return {
      accountId: id,
      async claims() {
        return { sub: id, preferred_username: id, ...person };
      },
    };
  },
});
provider.proxy = false;
provider.listen(port, '127.0.0.1', () => console.log(`ready http://127.0.0.1:${port}`));
