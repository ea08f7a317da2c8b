// The identity lookups of the AK/SK flows (gophertelekomcloud, Terraform, Huawei SDKs): catalog,
// projects and domains, for a token and for a signature.
import t from 'tap';
import { PROJECT, build, manualClock } from '../helper.js';
import { identityCall, projectToken } from './helper.js';
import { sdkDate, signRequest } from './signer.js';

const HEX32 = /^[0-9a-f]{32}$/;
const ONE_PAGE = (self: string) => ({ self: `http://localhost:80${self}`, next: null, previous: null });

t.test('with a token: its catalog, its domain and the projects of its domain', async (t) => {
  const app = await build(t);
  const dev = await projectToken(app, 'acme', 'eu-de_dev');
  await projectToken(app, 'acme', 'eu-de_ops');
  await projectToken(app, 'globex', 'eu-de_web');
  const auth = { 'x-auth-token': dev.id };

  const catalog = await identityCall(app, '/v3/auth/catalog', auth);
  t.equal(catalog.status, 200);
  t.same(catalog.body, { catalog: dev.token.catalog, links: ONE_PAGE('/v3/auth/catalog') });

  const projects = await identityCall(app, '/v3/auth/projects', auth);
  t.equal(projects.status, 200);
  t.same(projects.body.projects.map((p: { name: string }) => p.name), ['eu-de_dev', 'eu-de_ops'], 'its domain only');
  t.same(projects.body.projects[0], {
    id: dev.token.project.id,
    name: 'eu-de_dev',
    domain_id: dev.token.user.domain.id,
    parent_id: dev.token.user.domain.id,
    description: '',
    enabled: true,
    is_domain: false,
    links: { self: `http://localhost:80/v3/projects/${dev.token.project.id}` },
  });
  t.same(projects.body.links, ONE_PAGE('/v3/auth/projects'));

  const domains = await identityCall(app, '/v3/auth/domains', auth);
  t.same(domains.body, {
    domains: [
      {
        id: dev.token.user.domain.id,
        name: 'acme',
        description: '',
        enabled: true,
        links: { self: `http://localhost:80/v3/domains/${dev.token.user.domain.id}` },
      },
    ],
    links: ONE_PAGE('/v3/auth/domains'),
  });
  t.same((await identityCall(app, '/v3/auth/domains?name=acme', auth)).body.domains.length, 1);
  t.same((await identityCall(app, '/v3/auth/domains?name=globex', auth)).body.domains, [], 'filtered by name');

  const byName = await identityCall(app, '/v3/projects?name=eu-de_ops', auth);
  t.same(byName.body.projects.map((p: { name: string }) => p.name), ['eu-de_ops']);
  const all = await identityCall(app, '/v3/projects', auth);
  t.equal(all.body.projects.length, 2);
});

t.test('with a signature: the key’s own domain, the project in X-Project-Id, names created on first use', async (t) => {
  const clock = manualClock();
  const app = await build(t, { auth: 'strict', accessKeys: [{ accessKey: 'AKSKUSER', secretKey: 'sk' }] }, { clock });
  const get = (url: string, headers: Record<string, string> = {}) =>
    identityCall(app, url, signRequest({ method: 'GET', url, headers }, 'AKSKUSER', 'sk', sdkDate(clock.now())));

  // gophertelekomcloud: the project id by name, the domain id by name, then the catalog.
  const projects = await get('/v3/projects?name=eu-de');
  t.equal(projects.status, 200);
  const [project] = projects.body.projects;
  t.match(project, { id: HEX32, name: 'eu-de', domain_id: HEX32 });
  t.same((await get('/v3/projects?name=eu-de')).body.projects, [project], 'the same project the next time');

  const domains = await get('/v3/auth/domains?name=AKSKUSER');
  t.same(domains.body.domains.map((d: { id: string; name: string }) => [d.id, d.name]), [[project.domain_id, 'AKSKUSER']],
    'an unbound key is an account of its own, named after the key');

  const catalog = await get('/v3/auth/catalog', { 'x-project-id': project.id });
  t.equal(catalog.status, 200);
  const vpcep = catalog.body.catalog.find((entry: { type: string }) => entry.type === 'vpcep');
  t.equal(vpcep.endpoints[0].url, `http://localhost:80/v1/${project.id}`);
  const noProject = await get('/v3/auth/catalog');
  t.same(noProject.body.catalog.map((entry: { type: string }) => entry.type), ['identity']);

  t.same((await get('/v3/auth/projects')).body.projects, [project]);

  const forged = await identityCall(app, '/v3/auth/catalog', {
    authorization: 'SDK-HMAC-SHA256 Access=AKSKUSER, SignedHeaders=x-sdk-date, Signature=00',
    'x-sdk-date': sdkDate(clock.now()),
  });
  t.equal(forged.status, 401);
  t.match(forged.body, { error: { code: 401, message: /signature does not match/ } });
});

t.test('a key bound to a project: its catalog and its project’s domain', async (t) => {
  const app = await build(t, { accessKeys: [{ accessKey: 'BOUNDKEY', secretKey: 'sk', projectId: PROJECT }] });
  const headers = { authorization: 'SDK-HMAC-SHA256 Access=BOUNDKEY, SignedHeaders=host, Signature=00' };
  const catalog = await identityCall(app, '/v3/auth/catalog', headers);
  t.equal(catalog.body.catalog[1].endpoints[0].url, `http://localhost:80/v1/${PROJECT}`, 'lenient: not verified, still bound');
  const domains = await identityCall(app, '/v3/auth/domains', headers);
  t.same(domains.body.domains.map((d: { id: string }) => d.id), [PROJECT], 'a project known by id is its own account');
});

t.test('lookups need a credential that says who the caller is', async (t) => {
  const app = await build(t);
  for (const url of ['/v3/auth/catalog', '/v3/auth/projects', '/v3/projects', '/v3/auth/domains']) {
    const none = await identityCall(app, url, {});
    t.equal(none.status, 401, `${url} without credentials`);
    t.match(none.body, { error: { code: 401, title: 'Unauthorized' } });
    const madeUp = await identityCall(app, url, { 'x-auth-token': 'made-up' });
    t.equal(madeUp.status, 401, `${url} with a token the emulator did not issue`);
  }
});
