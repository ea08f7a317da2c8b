// Shared test setup: an emulator on an in-memory database, driven with app.inject.
import type { FastifyInstance, InjectOptions } from 'fastify';
import { pino } from 'pino';
import { buildApp, type AppOptions } from '../src/app.js';
import type { Config } from '../src/config.js';

export const AUTH = { 'x-auth-token': 'test-token' };
export const PROJECT = 'a3c2d380272eed88a3c2d380272eed88';
export const OTHER_PROJECT = 'b4d3e491383ffe99b4d3e491383ffe99';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    db: ':memory:',
    region: 'eu-de',
    delay: { kind: 'manual' },
    delayNetwork: { kind: 'manual' },
    references: 'any',
    logLevel: 'silent',
    logFormat: 'json',
    corsOrigins: [],
    bodyLimit: 1024 * 1024,
    quotaServices: 20,
    quotaEndpoints: 50,
    maxServiceWhitelist: 1000,
    maxEndpointWhitelist: 20,
    publicUrl: undefined,
    auth: 'lenient',
    accessKeys: [],
    users: [],
    control: true,
    controlToken: undefined,
    journalSize: 1000,
    seed: undefined,
    ...overrides,
  };
}

interface TapLike {
  teardown(fn: () => unknown): void;
}

/** Builds an emulator that is closed when the test ends. */
export async function build(
  t: TapLike,
  config: Partial<Config> = {},
  options: Omit<AppOptions, 'config'> = {},
): Promise<FastifyInstance> {
  const app = await buildApp({ config: testConfig(config), logger: pino({ level: 'silent' }), ...options });
  t.teardown(() => app.close());
  await app.ready();
  return app;
}

/** A valid create-service body; fields can be overridden or removed (set to undefined). */
export function serviceBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const body: Record<string, unknown> = {
    port_id: '4189d3c2-8882-4871-a3c2-d380272eed88',
    vpc_id: '4189d3c2-8882-4871-a3c2-d380272eed80',
    server_type: 'VM',
    ports: [{ client_port: 8080, server_port: 90, protocol: 'TCP' }],
    ...overrides,
  };
  for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
  return body;
}

/** Sends an authenticated request to /v1/{project}{path} and returns status and parsed body. */
export async function call(
  app: FastifyInstance,
  method: InjectOptions['method'],
  path: string,
  payload?: unknown,
  project = PROJECT,
): Promise<{ status: number; body: any; headers: Record<string, unknown> }> {
  const res = await app.inject({
    method,
    url: `/v1/${project}${path}`,
    headers: AUTH,
    ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }),
  });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined, headers: res.headers };
}

export async function createService(
  app: FastifyInstance,
  overrides: Record<string, unknown> = {},
  project = PROJECT,
): Promise<any> {
  const res = await call(app, 'POST', '/vpc-endpoint-services', serviceBody(overrides), project);
  if (res.status !== 200) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * Polls `check` every 20 ms until it answers a truthy value, and answers that value; fails naming `what`
 * when none came within `ms`. Only for what runs on a real timer (the scheduler's own timer, a real
 * process): a lifecycle test moves time with settle or the clock (test/support/control.ts) instead.
 */
export async function eventually<T>(what: string, check: () => Promise<T>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A clock the test moves by hand. */
export function manualClock(startMs = Date.UTC(2026, 0, 1)) {
  let now = startMs;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

/** Moves every pending transition on at once (POST /_emulator/settle); for apps with delay manual. */
export async function settle(app: FastifyInstance): Promise<void> {
  const res = await app.inject({ method: 'POST', url: '/_emulator/settle' });
  if (res.statusCode !== 200) throw new Error(`settle failed: ${res.statusCode} ${res.body}`);
}

/** A service created and settled to available, with delay manual. */
export async function settledService(
  app: FastifyInstance,
  overrides: Record<string, unknown> = {},
  project = PROJECT,
): Promise<any> {
  const service = await createService(app, overrides, project);
  await settle(app);
  return { ...service, status: 'available' };
}
