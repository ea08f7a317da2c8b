// The path every request takes through the emulator, in one place: it is tagged with a request id,
// which is echoed in X-Request-Id; a fault rule may answer or delay it first (cloud APIs only); and when
// the response is done it is logged as one line (health checks at debug level) and, for the cloud APIs, kept in the journal.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { FaultRules } from '../control/faults.js';
import { HEALTH_PATH } from '../control/health.js';
import type { Journal, JournalRecord } from '../control/journal.js';
import type { FaultRuleInput } from '../control/schemas.js';
import type { Clock } from '../runtime/clock.js';
import { errorBody, errorFormatOf, readErrorBody } from './error-formats.js';
import { pathOf } from './request-path.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Whether a fault rule answered or delayed the request. */
    faulted: boolean;
    /** error_code and error_msg of an error answer, for the journal. */
    answeredError: { code: string | null; message: string | null } | null;
  }
}

export interface PipelineOptions {
  journal: Journal;
  faults: FaultRules;
  /** Real time, for the journal. */
  realTime: Clock;
}

// The emulator's own pages and the test-control API are not part of the emulated cloud.
const NOT_CLOUD = /^\/(_emulator|docs|openapi\.json)(\/|\?|$)/;

export function installRequestPipeline(app: FastifyInstance, options: PipelineOptions): void {
  const { journal, faults, realTime } = options;
  app.decorateRequest('faulted', false);
  app.decorateRequest('answeredError', null);

  // A callback hook: with no fault rule set (nearly always) it costs a test, not a promise.
  app.addHook('onRequest', (request, reply, done) => {
    if (!faults.active || NOT_CLOUD.test(request.url)) return done();
    const rule = faults.fire({
      method: request.method,
      path: pathOf(request.url),
      operation: operationOf(request),
      project: projectOf(request),
    });
    if (!rule) return done();
    request.faulted = true;
    const answer = () => (rule.status === undefined ? done() : reply.code(rule.status).send(faultBody(request, rule)));
    if (rule.latency_ms) setTimeout(answer, rule.latency_ms);
    else answer();
  });

  // The two hooks below take a callback rather than answering a promise: they run for every request.
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id);
    // Older Huawei SDK cores look at the content type even of an empty 204 answer.
    if (reply.statusCode === 204) reply.header('content-type', 'application/json');
    if (journal.size > 0 && reply.statusCode >= 400 && typeof payload === 'string') {
      request.answeredError = readErrorBody(payload);
    }
    done(null, payload);
  });

  app.addHook('onResponse', (request, reply, done) => {
    const path = pathOf(request.url);
    const durationMs = Math.round(reply.elapsedTime * 100) / 100;
    // Health checks come every few seconds from orchestrators and would drown the requests that matter.
    const level = path === HEALTH_PATH ? 'debug' : 'info';
    // Above the level, the line is not even put together.
    if ((request.log as Logger).isLevelEnabled(level)) {
      request.log[level](
        { method: request.method, path, status: reply.statusCode, duration_ms: durationMs, project: projectOf(request) ?? undefined },
        'request completed',
      );
    }
    if (journal.size > 0 && !NOT_CLOUD.test(request.url)) journal.add(journalRecord(request, reply, durationMs, realTime));
    done();
  });
}

function journalRecord(request: FastifyRequest, reply: FastifyReply, durationMs: number, realTime: Clock): JournalRecord {
  return {
    seq: 0,
    at: realTime.now() - durationMs,
    method: request.method,
    path: request.url,
    operation: operationOf(request),
    project: projectOf(request),
    status: reply.statusCode,
    error_code: request.answeredError?.code ?? null,
    error_msg: request.answeredError?.message ?? null,
    duration_ms: durationMs,
    request_id: request.id,
    fault: request.faulted,
  };
}

/** A fault's answer in the format of the API it is for. */
function faultBody(request: FastifyRequest, rule: FaultRuleInput): object {
  return errorBody(errorFormatOf(request.url), rule.status!, rule.error_code!, rule.error_msg!);
}

function operationOf(request: FastifyRequest): string | null {
  return ((request.routeOptions.schema as { operationId?: string } | undefined)?.operationId) ?? null;
}

/** The project in the path, or the one the credential is for where the path has none (Neutron's /v2.0). */
function projectOf(request: FastifyRequest): string | null {
  return (request.params as { project_id?: string } | undefined)?.project_id ?? request.project ?? null;
}
