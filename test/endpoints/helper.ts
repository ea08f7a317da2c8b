// Fixtures for the consumer-side tests (endpoints, connections, whitelist, public services, quotas).
import type { FastifyInstance } from 'fastify';
import { join } from 'node:path';
import type { AppOptions } from '../../src/app.js';
import type { Config } from '../../src/config.js';
import { PROJECT, build, call, createService } from '../helper.js';
import { settle } from '../support/control.js';

export const VPC = 'd7b2bf07-1b4c-43fa-bd88-d80c6ebea140';
export const SUBNET = '61881173-3899-4981-a700-170253d469b6';

type App = FastifyInstance;
type Body = Record<string, unknown>;
type TapLike = Parameters<typeof build>[0] & { testdir(): string };

/** A valid create-endpoint body for an interface service; fields can be overridden or removed (undefined). */
export function endpointBody(serviceId: string, overrides: Body = {}): Body {
  const body: Body = { endpoint_service_id: serviceId, vpc_id: VPC, subnet_id: SUBNET, ...overrides };
  for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
  return body;
}

export async function createEndpoint(app: App, serviceId: string, overrides: Body = {}, project = PROJECT) {
  const res = await call(app, 'POST', '/vpc-endpoints', endpointBody(serviceId, overrides), project);
  if (res.status !== 200) throw new Error(`create endpoint failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export const getEndpoint = (app: App, id: string, project = PROJECT) =>
  call(app, 'GET', `/vpc-endpoints/${id}`, undefined, project);

/**
 * Completes the endpoint's pending transitions one by one (POST /_emulator/settle?id=) until it has the
 * status (or is gone, for undefined), whatever the delay; answers its last GET body. Fails when it stops
 * moving without getting there.
 */
export async function endpointBecomes(app: App, id: string, status: string | undefined, project = PROJECT) {
  const seen: string[] = [];
  for (;;) {
    const res = await getEndpoint(app, id, project);
    if (status === undefined ? res.status === 404 : res.body.status === status) return res.body;
    seen.push(res.status === 404 ? 'gone' : res.body.status);
    if (res.status === 404 || (await settle(app, id)).length === 0) {
      throw new Error(`endpoint ${id} did not become ${status ?? 'gone'}; it was ${seen.join(' → ')}`);
    }
  }
}

/** One of the region's public services by the end of its name (`obs`: a gateway service, `dns`: an interface one). */
export async function publicService(app: App, suffix: string) {
  const list = await call(app, 'GET', '/vpc-endpoint-services/public');
  const found = list.body.endpoint_services.find((s: any) => s.service_name === `com.t-systems.otc.eu-de.${suffix}`);
  if (!found) throw new Error(`no public service com.t-systems.otc.eu-de.${suffix}`);
  return found;
}

/** A service that is available, whatever the delay: its creation is settled at once. */
export async function availableService(app: App, overrides: Body = {}, project = PROJECT) {
  const service = await createService(app, overrides, project);
  await settle(app, service.id);
  const got = await call(app, 'GET', `/vpc-endpoint-services/${service.id}`, undefined, project);
  if (got.body.status !== 'available') throw new Error(`service ${service.id} is ${got.body.status}, not available`);
  return { ...service, status: 'available' };
}

export const changeWhitelist = (app: App, serviceId: string, action: string, permissions: unknown, project = PROJECT) =>
  call(app, 'POST', `/vpc-endpoint-services/${serviceId}/permissions/action`, { action, permissions }, project);

export const actOnConnection = (app: App, serviceId: string, action: string, endpoints: unknown, project = PROJECT) =>
  call(app, 'POST', `/vpc-endpoint-services/${serviceId}/connections/action`, { action, endpoints }, project);

export const listConnections = (app: App, serviceId: string, query = '', project = PROJECT) =>
  call(app, 'GET', `/vpc-endpoint-services/${serviceId}/connections${query}`, undefined, project);

/**
 * Successive runs of the emulator on one database file, as a restart would have them. Lets a test hold
 * an endpoint in creating (delay manual) on a service that is already available.
 */
export function runs(t: TapLike) {
  const db = join(t.testdir(), 'vpcep.db');
  let current: App | undefined;
  return async (config: Partial<Config>, options: Omit<AppOptions, 'config'> = {}): Promise<App> => {
    await current?.close();
    current = await build(t, { db, ...config }, options);
    return current;
  };
}

/** An emulator whose transitions never run by themselves, with services that are already available. */
export async function frozenWithServices(t: TapLike, ...bodies: Body[]) {
  const run = runs(t);
  const first = await run({ delay: { kind: 'fixed', ms: 0 } });
  const services = [];
  // Services on the same backend port need distinct server ports.
  for (const [i, body] of bodies.entries()) {
    services.push(await availableService(first, { ports: [{ client_port: 80, server_port: 1000 + i }], ...body }));
  }
  const app = await run({ delay: { kind: 'manual' } });
  return { app, services, run };
}
