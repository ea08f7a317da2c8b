// Two accounts from Keystone tokens, as the compatibility clients play it: the owner whitelists the
// consumer's domain (the user.domain.id of its token), the consumer connects, and the connection shows
// that domain. Domains, not projects, are the accounts: another project of a whitelisted domain gets in.
import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { build, serviceBody, settle } from '../helper.js';
import { endpointBody } from '../endpoints/helper.js';
import { projectToken, usersOf } from './helper.js';

interface Account {
  token: string;
  projectId: string;
  domainId: string;
  /** The vpcep URL of the token's catalog, as a path. */
  base: string;
}

async function signIn(app: FastifyInstance, domain: string, project: string): Promise<Account> {
  const { id, token } = await projectToken(app, domain, project);
  const vpcep = token.catalog.find((entry: { type: string }) => entry.type === 'vpcep');
  return {
    token: id,
    projectId: token.project.id,
    domainId: token.user.domain.id,
    base: new URL(vpcep.endpoints[0].url).pathname,
  };
}

async function as(app: FastifyInstance, who: Account, method: 'GET' | 'POST', path: string, payload?: object) {
  const res = await app.inject({ method, url: `${who.base}${path}`, headers: { 'x-auth-token': who.token }, payload });
  return { status: res.statusCode, body: res.json() };
}

t.test('whitelisting the consumer domain from its token lets it connect; the connection shows that domain', async (t) => {
  const app = await build(t, { auth: 'strict', users: usersOf('owner-domain', 'consumer-domain'), delay: { kind: 'fixed', ms: 0 } });
  const owner = await signIn(app, 'owner-domain', 'eu-de_owner');
  const consumer = await signIn(app, 'consumer-domain', 'eu-de_consumer');
  t.not(consumer.domainId, consumer.projectId, 'a named project belongs to its domain, not to itself');
  t.not(owner.domainId, consumer.domainId);

  const created = await as(app, owner, 'POST', '/vpc-endpoint-services', serviceBody());
  t.equal(created.status, 200);
  const service = created.body;
  t.equal(service.domain_id, owner.domainId, 'the service shows its owner’s domain');
  await settle(app);
  t.equal((await as(app, owner, 'GET', `/vpc-endpoint-services/${service.id}`)).body.status, 'available');

  const refused = await as(app, consumer, 'POST', '/vpc-endpoints', endpointBody(service.id));
  t.equal(refused.status, 400, 'not on the whitelist yet');
  t.equal(refused.body.error_code, 'EndPoint.2012');
  t.match(refused.body.error_msg, consumer.domainId);

  const whitelisted = await as(app, owner, 'POST', `/vpc-endpoint-services/${service.id}/permissions/action`, {
    action: 'add',
    permissions: [`iam:domain::${consumer.domainId}`],
  });
  t.equal(whitelisted.status, 200);

  const endpoint = await as(app, consumer, 'POST', '/vpc-endpoints', endpointBody(service.id));
  t.equal(endpoint.status, 200);
  await settle(app);
  t.equal((await as(app, consumer, 'GET', `/vpc-endpoints/${endpoint.body.id}`)).body.status, 'pendingAcceptance');

  const connections = await as(app, owner, 'GET', `/vpc-endpoint-services/${service.id}/connections`);
  t.equal(connections.status, 200);
  t.match(connections.body.connections, [{ id: endpoint.body.id, status: 'pendingAcceptance', domain_id: consumer.domainId }]);

  // The whitelist names the account: the consumer's other project is let in as well.
  const sibling = await signIn(app, 'consumer-domain', 'eu-de_consumer2');
  t.equal(sibling.domainId, consumer.domainId);
  const fromSibling = await as(app, sibling, 'POST', '/vpc-endpoints', endpointBody(service.id));
  t.equal(fromSibling.status, 200);

  // The owner's own account needs no whitelist, from any of its projects.
  const ownerSibling = await signIn(app, 'owner-domain', 'eu-de_owner2');
  t.equal((await as(app, ownerSibling, 'POST', '/vpc-endpoints', endpointBody(service.id))).status, 200);

  // And strict mode keeps each account on its own paths.
  const trespass = await app.inject({
    method: 'GET',
    url: `${owner.base}/vpc-endpoint-services`,
    headers: { 'x-auth-token': consumer.token },
  });
  t.equal(trespass.statusCode, 403);
  t.equal(trespass.json().error_code, 'EndPoint.0004');
});
