// Endpoints in the state document: what the export shows of each kind and status, and what an import
// fills in for an endpoint the document describes only in part (src/endpoints/state.ts).
import t, { type Test } from 'tap';
import { OTHER_PROJECT, PROJECT, build, call } from '../helper.js';
import { control, exportState, importState } from '../support/control.js';
import { SUBNET, VPC, availableService, createEndpoint, publicService } from './helper.js';

/** A service that is neither in the document nor public: the endpoint must say what it connects to. */
const ELSEWHERE = '0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5';
const NAME = `eu-de.elsewhere.${ELSEWHERE}`;
const ID = ['e1a2b3c4-0000-4000-8000-000000000001', 'e1a2b3c4-0000-4000-8000-000000000002'];

function document(...endpoints: object[]) {
  return { format: 'vpcep-emulator-state', version: 1, endpoints };
}

/** An endpoint of the service elsewhere with only what has no default, and the overrides. */
function record(id: string, overrides: object = {}) {
  return { id, project_id: PROJECT, service_id: ELSEWHERE, service_name: NAME, service_type: 'interface', status: 'accepted', vpc_id: VPC, subnet_id: SUBNET, ...overrides };
}

async function imported(t: Test, ...endpoints: object[]) {
  const app = await build(t);
  const res = await importState(app, document(...endpoints));
  t.equal(res.status, 200, JSON.stringify(res.body));
  return { app, endpoints: (await exportState(app)).endpoints as any[] };
}

t.test('a gateway endpoint is exported with its route tables and none of what only interface endpoints have', async (t) => {
  const app = await build(t);
  const obs = await publicService(app, 'obs');
  const gateway = await createEndpoint(app, obs.id, { subnet_id: undefined, routetables: ['0c8e3a5b-7a3e-4f0e-9a1f-2b3c4d5e6f70'] });
  const [exported] = (await exportState(app)).endpoints;
  t.equal(exported.id, gateway.id);
  t.same(exported.routetables, ['0c8e3a5b-7a3e-4f0e-9a1f-2b3c4d5e6f70']);
  t.same(['ip', 'whitelist', 'enable_whitelist', 'subnet_id', 'error'].filter((key) => key in exported), [], 'none of these keys');
});

t.test('a failed endpoint is exported with its error, and imported back with it', async (t) => {
  const app = await build(t);
  const endpoint = await createEndpoint(app, (await availableService(app)).id);
  await control(app, 'POST', `/resources/${endpoint.id}/fail`, { error_code: 'EndPoint.2022', error_message: 'no capacity' });
  const exported = await exportState(app);
  t.same(exported.endpoints[0].error, { error_code: 'EndPoint.2022', error_message: 'no capacity' });
  const again = await build(t);
  t.equal((await importState(again, exported)).status, 200);
  t.same((await exportState(again)).endpoints[0].error, { error_code: 'EndPoint.2022', error_message: 'no capacity' });
});

t.test('an import fills in what the document leaves out, as a create would', async (t) => {
  const { endpoints } = await imported(
    t,
    record(ID[0]),
    record(ID[1], { status: 'rejected', whitelist: ['10.0.0.1'], enable_whitelist: true }),
  );
  const pick = (e: any) => [e.approval_required, e.ever_accepted, e.whitelist, e.enable_whitelist];
  t.same(pick(endpoints.find((e) => e.id === ID[0])), [false, true, [], false], 'accepted: it was accepted once; no whitelist, off');
  t.same(pick(endpoints.find((e) => e.id === ID[1])), [false, false, ['10.0.0.1'], true], 'rejected without ever_accepted: never accepted');
});

t.test('an imported gateway endpoint needs no subnet and gets the default route table of its VPC', async (t) => {
  const { app, endpoints } = await imported(t, record(ID[0], { service_type: 'gateway', subnet_id: undefined }));
  const obs = await publicService(app, 'obs');
  const created = await createEndpoint(app, obs.id, { subnet_id: undefined });
  t.same(endpoints[0].routetables, (await call(app, 'GET', `/vpc-endpoints/${created.id}`)).body.routetables, 'the same table a create picks');
  t.equal(endpoints[0].routetables.length, 1);
  t.same(['ip', 'whitelist', 'enable_whitelist', 'subnet_id'].filter((key) => key in endpoints[0]), []);
});

t.test('an import refuses an endpoint that does not say what it connects to, or an interface endpoint without a subnet', async (t) => {
  const app = await build(t);
  const cases: [string, object, string][] = [
    ['no service_type', record(ID[0], { service_type: undefined }), `endpoints[0]: service ${ELSEWHERE} is neither in the document nor public; give service_name and service_type`],
    ['no service_name', record(ID[0], { service_name: undefined }), `endpoints[0]: service ${ELSEWHERE} is neither in the document nor public; give service_name and service_type`],
    ['no subnet_id', record(ID[0], { subnet_id: undefined }), 'endpoints[0]: subnet_id is required for an interface endpoint'],
  ];
  for (const [what, endpoint, message] of cases) {
    const res = await importState(app, document(endpoint));
    t.equal(res.status, 400, what);
    t.match(res.body.error_msg, message, what);
  }
  t.same((await exportState(app)).endpoints, [], 'nothing imported');
});

t.test('an address in the document is shown only once the endpoint is accepted', async (t) => {
  const { app } = await imported(
    t,
    record(ID[0], { status: 'pendingAcceptance', ip: '192.168.0.9' }),
    record(ID[1], { status: 'accepted', ip: '192.168.0.10', project_id: OTHER_PROJECT }),
  );
  const shown = async (id: string, project = PROJECT) => (await call(app, 'GET', `/vpc-endpoints/${id}`, undefined, project)).body.ip;
  t.equal(await shown(ID[0]), undefined, 'pendingAcceptance: no address');
  t.equal(await shown(ID[1], OTHER_PROJECT), '192.168.0.10', 'accepted: its address');
});
