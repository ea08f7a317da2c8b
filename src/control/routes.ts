// The test-control API under /_emulator: what a test suite needs besides the cloud API. Reset, settle,
// the clock, state export and import, every project's resources, failing a resource, fault rules, the
// request journal, the event stream, waiting for a status, and the emulator's info. No cloud credentials; VPCEP_CONTROL_TOKEN
// makes every call need a bearer token instead.
import type { FastifyInstance, onRequestAsyncHookHandler } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { isoTime } from '../common/schemas.js';
import { describeConfig } from '../config.js';
import { StateError } from '../db/state.js';
import type { Emulator } from '../emulator.js';
import { ApiError } from '../errors.js';
import { documentControlToken } from '../http/openapi.js';
import { EMULATOR_NAME, EMULATOR_VERSION } from '../package-info.js';
import type { StateChange } from '../runtime/changes.js';
import { eventStreams, type EventFilter } from './events.js';
import type { FaultRules } from './faults.js';
import type { Journal, JournalFilter } from './journal.js';
import { resourcesOverview } from './resources.js';
import { controlSchemas as schemas, type FaultRuleInput, type WaitQuery } from './schemas.js';
import { waits } from './wait.js';

export interface ControlOptions {
  emulator: Emulator;
  journal: Journal;
  faults: FaultRules;
  /** VPCEP_CONTROL_TOKEN */
  token: string | undefined;
  /** How often an idle event stream gets a comment line. */
  heartbeatMs: number;
}

// A whole state document can be large: 20,000 services are a few megabytes.
const STATE_BODY_LIMIT = 256 * 1024 * 1024;

export async function controlRoutes(app: FastifyInstance, options: ControlOptions): Promise<void> {
  const { emulator, journal, faults } = options;
  const { state, clock, scheduler } = emulator;
  if (options.token !== undefined) {
    app.addHook('onRequest', requireBearer(options.token));
    documentControlToken(app);
  }
  const waiting = waits(emulator);
  const streams = eventStreams(emulator.changes, options.heartbeatMs);
  app.addHook('preClose', async () => {
    waiting.abandonAll('shutting down');
    streams.closeAll();
  });

  const clockView = () => ({
    now: isoTime(clock.now()),
    real_now: isoTime(clock.base.now()),
    offset_seconds: clock.offset / 1000,
  });

  app.post<{ Querystring: { project?: string; identity: boolean } }>(
    '/reset',
    { schema: schemas.reset },
    async (request) => ({
      removed: state.reset({ project: request.query.project, identity: request.query.identity }),
    }),
  );

  app.post<{ Querystring: { id?: string } }>('/settle', { schema: schemas.settle }, async (request) => {
    const { id } = request.query;
    if (id !== undefined && !emulator.findAny(id) && !scheduler.pendingFor(id)) {
      throw new ApiError('EndPoint.0005', `no resource has id ${id}`);
    }
    return { applied: await changesOf(emulator, () => scheduler.settle(id)) };
  });

  app.get('/clock', { schema: schemas.getClock }, async () => clockView());

  app.post<{ Body: { seconds: number } }>('/clock/advance', { schema: schemas.advanceClock }, async (request) => {
    const applied = await changesOf(emulator, () => scheduler.advanceBy(Math.round(request.body.seconds * 1000)));
    return { ...clockView(), applied };
  });

  app.get('/state', { schema: schemas.exportState }, async () => state.export());

  app.put<{ Body: Record<string, unknown> }>(
    '/state',
    { schema: { ...schemas.importState, body: state.documentSchema }, bodyLimit: STATE_BODY_LIMIT },
    async (request) => {
      try {
        return { imported: state.import(request.body) };
      } catch (err) {
        if (err instanceof StateError) throw new ApiError('EndPoint.0002', err.message);
        throw err;
      }
    },
  );

  app.post<{ Params: { id: string }; Body: { error_code: string; error_message: string } }>(
    '/resources/:id/fail',
    { schema: schemas.fail },
    async (request) => {
      const { id } = request.params;
      const found = emulator.findAny(id);
      if (!found) throw new ApiError('EndPoint.0005', `no resource has id ${id}`);
      emulator.kinds.find((k) => k.kind === found.kind)!.fail(id, request.body);
      const failed = emulator.findAny(id)!;
      return { kind: failed.kind, id, project_id: failed.project_id, status: failed.status, resource: failed.view };
    },
  );

  app.get<{ Querystring: { project?: string } }>(
    '/resources',
    { schema: schemas.listResources },
    async (request) => ({ clock: clockView(), ...resourcesOverview(emulator, request.query.project) }),
  );

  app.get('/faults', { schema: schemas.getFaults }, async () => ({ rules: faults.list() }));

  app.put<{ Body: { rules: FaultRuleInput[] } }>('/faults', { schema: schemas.putFaults }, async (request) => {
    request.body.rules.forEach(checkFaultRule);
    return { rules: faults.replace(request.body.rules) };
  });

  app.delete('/faults', { schema: schemas.deleteFaults }, async () => ({ removed: faults.clear() }));

  app.get<{ Querystring: JournalFilter }>('/requests', { schema: schemas.listRequests }, async (request) => ({
    requests: journal.list(request.query),
  }));

  app.delete('/requests', { schema: schemas.clearRequests }, async () => ({ removed: journal.clear() }));

  app.get<{ Querystring: EventFilter }>('/events', { schema: schemas.events }, async (request, reply) =>
    streams.serve(request, reply, request.query),
  );

  app.get<{ Querystring: WaitQuery }>('/wait', { schema: schemas.wait }, async (request, reply) => {
    const { id, status, timeout = 30 } = request.query;
    const found = emulator.findAny(id);
    if (found && !emulator.kinds.find((k) => k.kind === found.kind)!.statuses.includes(status) && status !== 'deleted') {
      throw new ApiError('EndPoint.0019', `a ${found.kind} never has status ${status}`);
    }
    if (!found && status !== 'deleted') throw new ApiError('EndPoint.0005', `no resource has id ${id}`);
    const outcome = await waiting.waitFor(id, status, timeout * 1000);
    if (!outcome.reached) {
      throw new ApiError(outcome.why === 'shutting down' ? 'Emulator.0002' : 'Emulator.0001', outcome.why);
    }
    const now = outcome.found;
    reply.header('cache-control', 'no-store');
    return now
      ? { kind: now.kind, id, project_id: now.project_id, status: now.status, resource: now.view }
      : { kind: found?.kind ?? 'resource', id, status: 'deleted' };
  });

  app.get('/info', { schema: schemas.info }, async () => ({
    emulator: { name: EMULATOR_NAME, version: EMULATOR_VERSION },
    api: { service: 'vpcep', version: 'v1' },
    region: emulator.config.region,
    config: describeConfig(emulator.config),
    database: emulator.config.db,
    counts: state.count(),
    clock: clockView(),
  }));
}

/** The changes a scheduler run made to the resources it moved, in order. */
async function changesOf(emulator: Emulator, run: () => Promise<string[]>): Promise<StateChange[]> {
  const seen: StateChange[] = [];
  const stop = emulator.changes.subscribe((change) => seen.push(change));
  try {
    const moved = new Set(await run());
    return seen.filter((change) => moved.has(change.id));
  } finally {
    stop();
  }
}

/** A rule answers with an error (status, error_code and error_msg together), delays (latency_ms), or both. */
function checkFaultRule(rule: FaultRuleInput, index: number): void {
  const answer = [rule.status, rule.error_code, rule.error_msg].filter((v) => v !== undefined).length;
  if (answer !== 0 && answer !== 3) {
    throw new ApiError('EndPoint.0002', `rules[${index}]: status, error_code and error_msg go together`);
  }
  if (answer === 0 && rule.latency_ms === undefined) {
    throw new ApiError('EndPoint.0002', `rules[${index}]: give status, error_code and error_msg, or latency_ms`);
  }
}

function requireBearer(token: string): onRequestAsyncHookHandler {
  const expected = Buffer.from(`Bearer ${token}`);
  return async (request, reply) => {
    const given = Buffer.from(request.headers.authorization ?? '');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return;
    reply.header('www-authenticate', 'Bearer realm="vpcep-emulator test control"');
    throw new ApiError('EndPoint.0003', 'the test-control API needs Authorization: Bearer <VPCEP_CONTROL_TOKEN>');
  };
}
