// A small client of the test-control API for the tests, through app.inject: what a user's suite would
// call between steps instead of sleeping.
import type { FastifyInstance, InjectOptions } from 'fastify';

export interface ControlAnswer {
  status: number;
  body: any;
  headers: Record<string, unknown>;
}

/** Any control call: `path` is below /_emulator. */
export async function control(
  app: FastifyInstance,
  method: InjectOptions['method'],
  path: string,
  payload?: unknown,
  headers: Record<string, string> = {},
): Promise<ControlAnswer> {
  const res = await app.inject({
    method,
    url: `/_emulator${path}`,
    headers,
    ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }),
  });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined, headers: res.headers };
}

async function ok(answer: Promise<ControlAnswer>): Promise<any> {
  const { status, body } = await answer;
  if (status !== 200) throw new Error(`control call failed: ${status} ${JSON.stringify(body)}`);
  return body;
}

/** Completes every pending transition (or the one of `id`); answers the changes applied. */
export const settle = async (app: FastifyInstance, id?: string) =>
  (await ok(control(app, 'POST', `/settle${id === undefined ? '' : `?id=${id}`}`))).applied as any[];

/** Moves the emulator's clock forward; answers the clock and the changes applied. */
export const advance = (app: FastifyInstance, seconds: number) =>
  ok(control(app, 'POST', '/clock/advance', { seconds }));

export const reset = async (app: FastifyInstance, query = '') =>
  (await ok(control(app, 'POST', `/reset${query}`))).removed as Record<string, number>;

export const exportState = (app: FastifyInstance) => ok(control(app, 'GET', '/state'));

export const importState = (app: FastifyInstance, document: unknown) => control(app, 'PUT', '/state', document);

export const waitFor = (app: FastifyInstance, id: string, status: string, timeoutSeconds = 5) =>
  control(app, 'GET', `/wait?id=${id}&status=${status}&timeout=${timeoutSeconds}`);

/** The state changes published from now on, each as [kind, id, from, to, at], in order. */
export function recordChanges(app: FastifyInstance): unknown[][] {
  const heard: unknown[][] = [];
  app.emulator.changes.subscribe((c) => heard.push([c.kind, c.id, c.from, c.to, c.at]));
  return heard;
}
