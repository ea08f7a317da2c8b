// Creates what gophertelekomcloud's VPCEP acceptance tests expect to exist already: a VPC and a subnet in
// the account of the OS_* variables, through the emulator's VPC API, and prints their ids as the shell
// lines the tests read them from (OS_VPC_ID, OS_NETWORK_ID: the subnet's id, OS_SUBNET_ID: its Neutron
// subnet id). The test-control API's wait answers once both are ready; nothing here sleeps.
//
//   eval "$(node setup.mjs)"
const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const base = env('COMPAT_EMULATOR_URL');

async function send(method, path, body, headers = {}) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return { body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

const domain = { name: env('OS_DOMAIN_NAME') };
const issued = await send('POST', '/v3/auth/tokens', {
  auth: {
    identity: { methods: ['password'], password: { user: { name: env('OS_USERNAME'), password: env('OS_PASSWORD'), domain } } },
    scope: { project: { name: env('OS_PROJECT_NAME'), domain } },
  },
});
const auth = { 'x-auth-token': issued.headers.get('x-subject-token') };
const project = issued.body.token.project.id;

const { vpc } = (await send('POST', `/v1/${project}/vpcs`, { vpc: { name: 'acceptance', cidr: '192.168.0.0/16' } }, auth)).body;
const { subnet } = (
  await send(
    'POST',
    `/v1/${project}/subnets`,
    { subnet: { name: 'acceptance', cidr: '192.168.0.0/24', gateway_ip: '192.168.0.1', vpc_id: vpc.id } },
    auth,
  )
).body;
await send('GET', `/_emulator/wait?id=${vpc.id}&status=OK&timeout=30`);
await send('GET', `/_emulator/wait?id=${subnet.id}&status=ACTIVE&timeout=30`);

console.log(`export OS_VPC_ID=${vpc.id}`);
console.log(`export OS_NETWORK_ID=${subnet.id}`);
console.log(`export OS_SUBNET_ID=${subnet.neutron_subnet_id}`);
console.error(`setup: VPC ${vpc.id} and subnet ${subnet.id} (${subnet.cidr}) in project ${project} are ready`);
