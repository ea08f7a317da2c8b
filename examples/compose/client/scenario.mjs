// A client in its own container: logs in through Keystone as two accounts, finds VPCEP in the token's catalog,
// and runs the owner/consumer story. Exits 0 when every step answered as the API says, 1 otherwise.
const AUTH_URL = process.env.OS_AUTH_URL ?? 'http://vpcep:9600/v3';
const DEADLINE_MS = 60_000;

function step(text) {
  console.log(`client: ${text}`);
}

async function call(method, url, token, body) {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { 'x-auth-token': token } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const json = text ? JSON.parse(text) : undefined;
  if (!res.ok) throw new Error(`${method} ${url} answered ${res.status}: ${text}`);
  return { res, json };
}

/** A project-scoped token and the account's VPCEP endpoint from the catalog. */
async function login(domain, project, user) {
  const { res, json } = await call('POST', `${AUTH_URL}/auth/tokens`, undefined, {
    auth: {
      identity: { methods: ['password'], password: { user: { name: user, password: 'any-password', domain: { name: domain } } } },
      scope: { project: { name: project, domain: { name: domain } } },
    },
  });
  const vpcep = json.token.catalog.find((entry) => entry.type === 'vpcep');
  const url = vpcep.endpoints.find((e) => e.interface === 'public').url;
  return { token: res.headers.get('x-subject-token'), vpcep: url, domainId: json.token.user.domain.id };
}

async function waitFor(url, token, wanted) {
  const deadline = Date.now() + DEADLINE_MS;
  for (;;) {
    const { json } = await call('GET', url, token);
    if (json.status === wanted) return json;
    if (Date.now() > deadline) throw new Error(`${url} is still ${json.status}, not ${wanted}, after ${DEADLINE_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function main() {
  const owner = await login('owner-domain', 'eu-de_owner', 'owner');
  const consumer = await login('consumer-domain', 'eu-de_consumer', 'consumer');
  step(`logged in; the catalog points at ${owner.vpcep}`);
  if (!owner.vpcep.startsWith('http://vpcep:9600/v1/')) throw new Error(`unexpected catalog URL ${owner.vpcep}`);

  const { json: service } = await call('POST', `${owner.vpcep}/vpc-endpoint-services`, owner.token, {
    port_id: '4189d3c2-8882-4871-a3c2-d380272eed88',
    vpc_id: '4189d3c2-8882-4871-a3c2-d380272eed80',
    server_type: 'LB',
    service_name: 'compose-demo',
    approval_enabled: true,
    ports: [{ client_port: 80, server_port: 8080, protocol: 'TCP' }],
  });
  step(`created service ${service.service_name} (${service.status})`);
  await waitFor(`${owner.vpcep}/vpc-endpoint-services/${service.id}`, owner.token, 'available');
  step('the service is available');

  await call('POST', `${owner.vpcep}/vpc-endpoint-services/${service.id}/permissions/action`, owner.token, {
    action: 'add',
    permissions: [`iam:domain::${consumer.domainId}`],
  });
  step('whitelisted the consumer account');

  const { json: endpoint } = await call('POST', `${consumer.vpcep}/vpc-endpoints`, consumer.token, {
    endpoint_service_id: service.id,
    vpc_id: 'd7b2bf07-1b4c-43fa-bd88-d80c6ebea140',
    subnet_id: '61881173-3899-4981-a700-170253d469b6',
  });
  await waitFor(`${consumer.vpcep}/vpc-endpoints/${endpoint.id}`, consumer.token, 'pendingAcceptance');
  step(`the consumer's endpoint ${endpoint.id} waits for acceptance`);

  await call('POST', `${owner.vpcep}/vpc-endpoint-services/${service.id}/connections/action`, owner.token, {
    action: 'receive',
    endpoints: [endpoint.id],
  });
  const accepted = await waitFor(`${consumer.vpcep}/vpc-endpoints/${endpoint.id}`, consumer.token, 'accepted');
  step(`accepted; the endpoint's address is ${accepted.ip}`);
  step('scenario passed');
}

main().catch((err) => {
  console.error(`client: FAILED: ${err.message}`);
  process.exit(1);
});
