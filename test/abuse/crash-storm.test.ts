// A write storm against a file database while the real server is killed with SIGKILL at random moments,
// ten times and more: everything answered 2xx is there afterwards, nothing is half applied, the database
// passes its integrity check, and the transitions that were pending resume and finish.
import t from 'tap';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { builtServerCommand, startServer, type Server } from '../support/processes.js';

t.setTimeout(600_000);

const OWNER = 'c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0';
const CONSUMER = 'd1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1';
const WORKERS = 6;
const KILLS = 12;
const HEADERS = { 'x-auth-token': 'storm', 'content-type': 'application/json' };

/** What one request did, as far as its client could tell: applied (2xx), refused (4xx) or unknown. */
type Outcome = 'applied' | 'refused' | 'unknown';

interface ServiceRecord {
  id: string;
  deleteSent: boolean;
  deleted: boolean; // a delete answered 2xx
  /** Descriptions sent by modifications, in order, with their outcomes. */
  descriptions: { value: string; outcome: Outcome }[];
  whitelisted: string[]; // records whose add answered 2xx
  endpoints: EndpointRecord[];
}

interface EndpointRecord {
  id: string;
  deleteSent: boolean;
  deleted: boolean;
  /** Accept (receive) or reject, in order, with the status each leads to and its outcome. */
  actions: { value: string; outcome: Outcome }[];
}

async function send(base: string, method: string, path: string, project: string, body?: unknown) {
  try {
    const res = await fetch(`${base}/v1/${project}${path}`, {
      method,
      headers: HEADERS,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    const outcome: Outcome = res.status < 300 ? 'applied' : res.status < 500 ? 'refused' : 'unknown';
    return { outcome, body: text ? JSON.parse(text) : undefined };
  } catch {
    return { outcome: 'unknown' as Outcome, body: undefined };
  }
}

/** One worker's storm: it creates and changes only its own resources, so their order is its order. */
async function storm(base: string, services: ServiceRecord[], worker: number, stop: { now: boolean }) {
  let n = 0;
  while (!stop.now) {
    n++;
    const live = services.filter((s) => !s.deleteSent);
    const pick = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)];
    const roll = Math.random();
    if (live.length < 2 || roll < 0.2) {
      const { outcome, body } = await send(base, 'POST', '/vpc-endpoint-services', OWNER, {
        port_id: crypto.randomUUID(),
        vpc_id: crypto.randomUUID(),
        server_type: 'LB',
        approval_enabled: true,
        ports: [{ client_port: 80, server_port: 8080 }],
      });
      if (outcome === 'applied') {
        services.push({ id: body.id, deleteSent: false, deleted: false, descriptions: [], whitelisted: [], endpoints: [] });
      }
      continue;
    }
    const service = pick(live);
    if (roll < 0.35) {
      const text = `w${worker}-${n}`;
      const { outcome } = await send(base, 'PUT', `/vpc-endpoint-services/${service.id}`, OWNER, { description: text });
      service.descriptions.push({ value: text, outcome });
    } else if (roll < 0.45) {
      const record = `iam:domain::w${worker}n${n}`;
      const { outcome } = await send(base, 'POST', `/vpc-endpoint-services/${service.id}/permissions/action`, OWNER, {
        action: 'add',
        permissions: [record, `iam:domain::${CONSUMER}`],
      });
      if (outcome === 'applied') service.whitelisted.push(record);
    } else if (roll < 0.65) {
      const { outcome, body } = await send(base, 'POST', '/vpc-endpoints', CONSUMER, {
        endpoint_service_id: service.id,
        vpc_id: crypto.randomUUID(),
        subnet_id: crypto.randomUUID(),
      });
      if (outcome === 'applied') service.endpoints.push({ id: body.id, deleteSent: false, deleted: false, actions: [] });
    } else if (roll < 0.8) {
      const endpoint = pick(service.endpoints.filter((e) => !e.deleteSent));
      if (!endpoint) continue;
      const to = Math.random() < 0.6 ? 'accepted' : 'rejected';
      const { outcome } = await send(base, 'POST', `/vpc-endpoint-services/${service.id}/connections/action`, OWNER, {
        action: to === 'accepted' ? 'receive' : 'reject',
        endpoints: [endpoint.id],
      });
      endpoint.actions.push({ value: to, outcome });
    } else if (roll < 0.9) {
      const endpoint = pick(service.endpoints.filter((e) => !e.deleteSent));
      if (!endpoint) continue;
      endpoint.deleteSent = true;
      endpoint.deleted = (await send(base, 'DELETE', `/vpc-endpoints/${endpoint.id}`, CONSUMER)).outcome === 'applied';
    } else {
      service.deleteSent = true;
      const { outcome } = await send(base, 'DELETE', `/vpc-endpoint-services/${service.id}`, OWNER);
      service.deleted = outcome === 'applied';
      // Refused while endpoints live (EndPoint.3006): the service stays, and may be deleted later.
      if (outcome === 'refused') service.deleteSent = false;
    }
  }
}

/**
 * The values that may be final: the last applied one (or the initial value when none was), or any sent
 * after it whose outcome is unknown (the server may have committed it before it was killed).
 */
function allowedFinal<V>(initial: V, history: { value: V; outcome: Outcome }[]): V[] {
  const lastApplied = history.map((h) => h.outcome).lastIndexOf('applied');
  const after = history.filter((h, i) => i > lastApplied && h.outcome === 'unknown').map((h) => h.value);
  return [lastApplied === -1 ? initial : history[lastApplied].value, ...after];
}

t.test('kill -9 during a write storm, again and again: no acknowledged write is lost, nothing is half applied', async (t) => {
  const db = join(t.testdir(), 'storm.db');
  const env = { VPCEP_DB: db, VPCEP_DELAY: '200ms-800ms', VPCEP_QUOTA_SERVICES: '100000', VPCEP_QUOTA_ENDPOINTS: '100000' };
  const services: ServiceRecord[][] = Array.from({ length: WORKERS }, () => []);
  const command = await builtServerCommand([]);
  let server: Server | undefined;
  for (let kill = 0; kill < KILLS; kill++) {
    server = await startServer(t, ['--port', '0'], { env, command, coverage: false, readyMs: 60_000 });
    const stop = { now: false };
    const storms = services.map((mine, worker) => storm(server!.base, mine, worker, stop));
    await new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * 900));
    await server.stop('SIGKILL');
    stop.now = true;
    await Promise.all(storms);
  }
  const all = services.flat();
  t.ok(all.length > 10, `${all.length} services created in the storm`);

  // The last start: what was pending resumes and finishes without help.
  server = await startServer(t, ['--port', '0'], { env, command, coverage: false, readyMs: 60_000 });
  const deadline = Date.now() + 60_000;
  let pending = -1;
  while (Date.now() < deadline) {
    const info = (await (await fetch(`${server.base}/_emulator/info`)).json()) as { counts: { pending_transitions: number } };
    pending = info.counts.pending_transitions;
    if (pending === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  t.equal(pending, 0, 'every pending transition resumed and finished within 60 s');

  const get = async (path: string, project: string) => {
    const res = await fetch(`${server!.base}/v1/${project}${path}`, { headers: HEADERS });
    return { status: res.status, body: (res.status === 200 ? await res.json() : undefined) as any };
  };
  let checked = 0;
  for (const service of all) {
    const got = await get(`/vpc-endpoint-services/${service.id}`, OWNER);
    if (service.deleted) {
      t.equal(got.status, 404, `service ${service.id} was deleted (acknowledged)`);
      continue;
    }
    if (got.status === 404) {
      t.ok(service.deleteSent, `service ${service.id} is gone only if a delete was sent`);
      continue;
    }
    checked++;
    t.equal(got.body.status, 'available', 'it finished creating');
    const allowed = allowedFinal('', service.descriptions);
    t.ok(allowed.includes(got.body.description), `description "${got.body.description}" is one of ${JSON.stringify(allowed)}`);
    const records = (await get(`/vpc-endpoint-services/${service.id}/permissions?limit=500`, OWNER)).body.permissions.map(
      (p: any) => p.permission,
    );
    for (const record of service.whitelisted) t.ok(records.includes(record), `whitelist record ${record} is there`);
    for (const endpoint of service.endpoints) {
      const e = await get(`/vpc-endpoints/${endpoint.id}`, CONSUMER);
      if (endpoint.deleted) t.equal(e.status, 404, `endpoint ${endpoint.id} was deleted (acknowledged)`);
      else if (e.status === 404) t.ok(endpoint.deleteSent, `endpoint ${endpoint.id} is gone only if a delete was sent`);
      else {
        // Approval is required, so without an accept or a reject it waits for one.
        const final = allowedFinal('pendingAcceptance', endpoint.actions);
        t.ok(final.includes(e.body.status), `endpoint status ${e.body.status} is one of ${final}`);
      }
    }
  }
  t.ok(checked > 0, `${checked} surviving services checked in full`);
  const stopped = await server.stop('SIGTERM');
  t.equal(stopped.code, 0, `the last start stops cleanly: ${JSON.stringify(stopped)} ${server.stderr()} ${server.stdout().slice(-1500)}`);

  const file = new Database(db, { readonly: true });
  t.teardown(() => file.close());
  t.equal(file.pragma('integrity_check', { simple: true }), 'ok', 'PRAGMA integrity_check is ok');
  t.same(file.pragma('foreign_key_check'), [], 'no record points at nothing');
  const portless = file
    .prepare('SELECT COUNT(*) FROM endpoint_services s WHERE NOT EXISTS (SELECT 1 FROM service_ports p WHERE p.service_id = s.id)')
    .pluck()
    .get();
  t.equal(portless, 0, 'no service without its port mappings');
  const orphanTags = file
    .prepare(`SELECT COUNT(*) FROM resource_tags t WHERE t.resource_id NOT IN (SELECT id FROM endpoint_services)
              AND t.resource_id NOT IN (SELECT id FROM endpoints)`)
    .pluck()
    .get();
  t.equal(orphanTags, 0, 'no tags of resources that are gone');
});
