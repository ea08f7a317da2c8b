// Requests and responses of the test-control API under /_emulator. Like every other route, these
// schemas validate the requests, type the handlers and describe the API in the OpenAPI document.
import { Type, type Static, type TSchema } from 'typebox';
import { ErrorBody, ProjectId } from '../common/schemas.js';
import { Connection } from '../connections/schemas.js';
import { EndpointService } from '../endpoint-services/schemas.js';
import { Endpoint } from '../endpoints/schemas.js';
import { Permission } from '../permissions/schemas.js';
import { PublicServiceOut } from '../public-services/schemas.js';

export const CONTROL_TAG = 'Test control';

const Errors = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, ErrorBody]));

const Counts = Type.Record(Type.String(), Type.Integer(), { description: 'Records by kind' });

/** Any JSON object: a resource as its owner sees it in a GET. */
const ResourceView = Type.Object({}, { additionalProperties: true, description: 'The resource as GET shows it' });

export const StateChangeOut = Type.Object({
  seq: Type.Integer(),
  kind: Type.String({ description: 'endpoint_service, endpoint, or state (a reset or an import)' }),
  id: Type.String(),
  project: Type.String(),
  from: Type.Union([Type.String(), Type.Null()], { description: 'null: it did not exist' }),
  to: Type.String({ description: 'deleted: it is gone' }),
  at: Type.String({ description: "The emulator's clock, ISO 8601" }),
});

const Applied = Type.Array(StateChangeOut, { description: 'The state changes that happened, in order' });

const ClockView = Type.Object({
  now: Type.String({ description: "The emulator's clock, ISO 8601" }),
  real_now: Type.String({ description: 'The real time, ISO 8601' }),
  offset_seconds: Type.Number({ description: 'How far the clock is ahead of real time' }),
});

const MaybeProject = Type.Optional({ ...ProjectId, description: 'Only this project' });

export const FaultRule = Type.Object({
  method: Type.Optional(Type.Enum(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD'])),
  path: Type.Optional(
    Type.String({
      pattern: '^/',
      'x-rule': 'a path glob starting with / (* matches one segment, ** any)',
      description: 'e.g. /v1/*/vpc-endpoint-services/**',
    }),
  ),
  operation: Type.Optional(Type.String({ minLength: 1, description: 'An operationId, e.g. CreateEndpointService' })),
  project: MaybeProject,
  probability: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'Chance it fires; default 1' })),
  times: Type.Optional(Type.Integer({ minimum: 1, description: 'How often it fires; default: every time' })),
  status: Type.Optional(Type.Integer({ minimum: 400, maximum: 599, description: 'The HTTP status to answer' })),
  error_code: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'e.g. EndPoint.0001' })),
  error_msg: Type.Optional(Type.String({ maxLength: 1000 })),
  latency_ms: Type.Optional(
    Type.Integer({ minimum: 0, maximum: 60_000, description: 'Delay first; alone, the request is then served' }),
  ),
});

const FaultRuleOut = Type.Object({
  ...FaultRule.properties,
  remaining: Type.Union([Type.Integer(), Type.Null()], { description: 'Times left; null: unlimited' }),
  fired: Type.Integer(),
});

const FaultRules = Type.Object({ rules: Type.Array(FaultRuleOut) });

const JournalEntryOut = Type.Object({
  seq: Type.Integer(),
  time: Type.String({ description: 'Real time it arrived, ISO 8601' }),
  method: Type.String(),
  path: Type.String({ description: 'With the query string' }),
  operation: Type.Union([Type.String(), Type.Null()]),
  project: Type.Union([Type.String(), Type.Null()]),
  status: Type.Integer(),
  error_code: Type.Union([Type.String(), Type.Null()]),
  error_msg: Type.Union([Type.String(), Type.Null()]),
  duration_ms: Type.Number(),
  request_id: Type.String(),
  fault: Type.Boolean({ description: 'A fault rule answered or delayed it' }),
});

const Found = Type.Object({
  kind: Type.String(),
  id: Type.String(),
  project_id: Type.String(),
  status: Type.String(),
  resource: ResourceView,
});

const Pending = Type.Union(
  [
    Type.Object({
      action: Type.String({ description: 'e.g. endpoint_service.available' }),
      becomes: Type.String({ description: 'What the resource becomes, e.g. available or deleted' }),
      due_at: Type.Union([Type.String(), Type.Null()], {
        description: "When, on the emulator's clock, ISO 8601; null: waits for /_emulator/settle (manual)",
      }),
      setting: Type.String({ description: 'The setting its delay comes from, e.g. VPCEP_DELAY' }),
    }),
    Type.Null(),
  ],
  { description: 'The transition pending for the resource; null: none' },
);

const Overview = Type.Object({
  clock: ClockView,
  projects: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.Union([Type.String(), Type.Null()], { description: 'null: only ever used by id' }),
      domain: Type.Object({
        id: Type.String({ description: 'The account: a project used only by id is an account of its own' }),
        name: Type.Union([Type.String(), Type.Null()]),
      }),
    }),
    { description: 'Every project that owns a resource or that the identity API registered' },
  ),
  endpoint_services: Type.Array(
    Type.Object({
      service: EndpointService,
      connections: Type.Array(Connection, { description: 'As the owner lists them' }),
      permissions: Type.Array(Permission, { description: 'The whitelist records' }),
      pending: Pending,
    }),
  ),
  endpoints: Type.Array(Type.Object({ endpoint: Endpoint, pending: Pending })),
  public_services: Type.Array(PublicServiceOut),
});

export type FaultRuleInput = Static<typeof FaultRule>;
export type FaultRuleView = Static<typeof FaultRuleOut>;

const schema = <S extends { summary: string; operationId: string; response: Record<number, TSchema> }>(s: S) => ({
  tags: [CONTROL_TAG],
  ...s,
  response: { ...s.response, ...Errors(401, 500) },
});

export const controlSchemas = {
  reset: schema({
    operationId: 'ResetState',
    summary: 'Delete every resource, whitelist record, tag and pending transition (public services stay)',
    description:
      'Deletes every resource, whitelist record, tag and pending transition, or only those of one project; with identity=true also domains, projects, users and tokens. For test set-up.',
    querystring: Type.Object({
      project: MaybeProject,
      identity: Type.Optional(
        Type.Boolean({ default: false, description: 'Also domains, projects, users and tokens' }),
      ),
    }),
    response: { 200: Type.Object({ removed: Counts }), ...Errors(400) },
  }),
  settle: schema({
    operationId: 'SettleTransitions',
    summary: 'Complete every pending transition now, in due order, whatever the delay (manual too)',
    description:
      'Completes every pending asynchronous transition now (or only those of one resource), whatever VPCEP_DELAY says, and answers the state changes in order.',
    querystring: Type.Object({ id: Type.Optional(Type.String({ minLength: 1, description: 'Only this resource' })) }),
    response: { 200: Type.Object({ applied: Applied }), ...Errors(400, 404) },
  }),
  getClock: schema({
    operationId: 'ShowClock',
    summary: "The emulator's clock",
    description:
      "The emulator's clock (real time plus what AdvanceClock added), which drives token expiry and due transitions.",
    response: { 200: ClockView },
  }),
  advanceClock: schema({
    operationId: 'AdvanceClock',
    summary: 'Move the clock forward; every transition due on the way happens at its due time, in order',
    description:
      'Moves the clock forward by a number of seconds; every transition that falls due on the way happens at its due time, in order. Tokens age too.',
    body: Type.Object(
      {
        // A millisecond at least; said as a minimum, which OpenAPI 3.0 tools read (not exclusiveMinimum).
        seconds: Type.Number({ minimum: 0.001, maximum: 10 * 365 * 86_400, description: 'How far (at most 10 years)' }),
      },
      { examples: [{ seconds: 120 }] },
    ),
    response: { 200: Type.Object({ ...ClockView.properties, applied: Applied }), ...Errors(400) },
  }),
  exportState: schema({
    operationId: 'ExportState',
    summary: 'Everything as one JSON document: resources, whitelists, tags, identity, pending transitions',
    description:
      'The whole state as one JSON document (resources, whitelists, tags, identity, pending transitions), which ImportState or VPCEP_SEED load back.',
    response: { 200: Type.Object({}, { additionalProperties: true, description: 'A state document' }) },
  }),
  // The body schema is the state document's, which the emulator composes from its sections (see routes.ts).
  importState: schema({
    operationId: 'ImportState',
    summary: 'Replace the whole state with a document, in one transaction: all of it or nothing',
    description:
      'Replaces the whole state with an exported document, checked first and applied in one transaction: all of it or nothing.',
    response: { 200: Type.Object({ imported: Counts }), ...Errors(400) },
  }),
  fail: schema({
    operationId: 'FailResource',
    summary: 'End a resource in its failed status, with this error; what was pending is cancelled',
    description:
      "Ends a service or endpoint of any project in status failed with this error (its error field shows it), or a VPC, subnet or load balancer in status ERROR (the error shows in wait and the state export); whatever was pending for it is cancelled. For testing a client's error handling.",
    params: Type.Object({
      id: Type.String({ description: 'A service, endpoint, VPC, subnet or load balancer id, of any project' }),
    }),
    body: Type.Object(
      {
        error_code: Type.String({ minLength: 1, maxLength: 64, default: 'EndPoint.0001' }),
        error_message: Type.String({ maxLength: 1000, default: 'System error. Please retry.' }),
      },
      { examples: [{ error_code: 'EndPoint.0001', error_message: 'System error. Please retry.' }] },
    ),
    response: { 200: Found, ...Errors(400, 404) },
  }),
  listResources: schema({
    operationId: 'ListAllResources',
    summary:
      "Every project's services (with connections and whitelist) and endpoints as their owners' GET shows " +
      'them, with what is pending for each, and the public services; not journaled, no fault rules',
    description:
      "What the dashboard reads: every project (or ?project=) with its account, its services (each with its connections and whitelist) and endpoints as their owners' GETs show them, what is pending for each and when it is due, the public services and the clock. Reading it leaves no trace in the journal and no fault rule applies.",
    querystring: Type.Object({ project: MaybeProject }),
    response: { 200: Overview, ...Errors(400) },
  }),
  getFaults: schema({
    operationId: 'ListFaultRules',
    summary: 'The fault rules, with how often each fired and has left',
    description:
      'The fault rules in order, with how often each has fired and how many times it has left.',
    response: { 200: FaultRules },
  }),
  putFaults: schema({
    operationId: 'ReplaceFaultRules',
    summary: 'Replace the fault rules (tried in order; the first that matches and fires answers)',
    description:
      'Replaces the fault rules: a rule matches by method, path glob, operation id or project and answers with an error status and body, adds latency, or both, with a probability and a number of times.',
    body: Type.Object(
      { rules: Type.Array(FaultRule, { maxItems: 100 }) },
      {
        examples: [
          { rules: [{ method: 'POST', path: '/v1/*/vpc-endpoint-services', status: 500, error_code: 'EndPoint.0001', times: 1 }] },
        ],
      },
    ),
    response: { 200: FaultRules, ...Errors(400) },
  }),
  deleteFaults: schema({
    operationId: 'DeleteFaultRules',
    summary: 'Remove every fault rule',
    description:
      'Removes every fault rule: requests are served normally again.',
    response: { 200: Type.Object({ removed: Type.Integer() }) },
  }),
  listRequests: schema({
    operationId: 'ListRequests',
    summary: 'The last requests to the cloud APIs, newest first',
    description:
      'The journal of requests to the cloud APIs (/v1, /v3, /), newest first, with status, error code, operation and duration; filterable by status, project, path and operation.',
    querystring: Type.Object({
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 100 })),
      status: Type.Optional(
        Type.String({ pattern: '^([1-5][0-9][0-9]|[1-5]xx)$', 'x-rule': 'a status such as 404 or a class such as 4xx' }),
      ),
      project: Type.Optional(Type.String()),
      path: Type.Optional(Type.String({ description: 'A path glob, as in fault rules' })),
      operation: Type.Optional(Type.String()),
    }),
    response: { 200: Type.Object({ requests: Type.Array(JournalEntryOut) }), ...Errors(400) },
  }),
  clearRequests: schema({
    operationId: 'ClearRequests',
    summary: 'Forget the journal',
    description:
      'Empties the request journal, for example between the tests of one run.',
    response: { 200: Type.Object({ removed: Type.Integer() }) },
  }),
  events: schema({
    operationId: 'StreamEvents',
    summary: 'Server-Sent Events: one "change" event per state change; Last-Event-ID resumes',
    description:
      'A Server-Sent Events stream with one change event per state change (kind, id, project, from, to, time), filterable by kind, project and id; Last-Event-ID resumes after a reconnect.',
    querystring: Type.Object({
      project: Type.Optional(Type.String()),
      kind: Type.Optional(Type.String()),
      id: Type.Optional(Type.String()),
    }),
    response: { 200: Type.String({ description: 'text/event-stream; data is a state change as JSON' }) },
  }),
  wait: schema({
    operationId: 'WaitForStatus',
    summary: 'Answer once the resource reaches the status (deleted: gone), or 408 saying why it has not',
    description:
      'Answers once the resource with this id reaches the status (deleted: once it is gone), or 408 after the timeout saying why it has not (for example, waiting for the owner to accept the connection).',
    querystring: Type.Object({
      id: Type.String({ minLength: 1 }),
      status: Type.String({
        minLength: 1,
        description: 'e.g. available, accepted, pendingAcceptance, deleted; OK (VPC), ACTIVE (subnet, load balancer)',
      }),
      timeout: Type.Optional(Type.Number({ minimum: 0, maximum: 300, default: 30, description: 'Seconds' })),
    }),
    response: {
      200: Type.Object({
        kind: Type.String(),
        id: Type.String(),
        project_id: Type.Optional(Type.String()),
        status: Type.String(),
        resource: Type.Optional(ResourceView),
      }),
      ...Errors(400, 404, 408, 503),
    },
  }),
  info: schema({
    operationId: 'ShowInfo',
    summary: 'Version, region, configuration (secrets masked), database, counts and the clock',
    description:
      "The emulator's version, region, settings (secrets masked), database, record counts and clock.",
    response: {
      200: Type.Object({
        emulator: Type.Object({ name: Type.String(), version: Type.String() }),
        api: Type.Object({ service: Type.String(), version: Type.String() }),
        region: Type.String(),
        config: Type.Record(Type.String(), Type.String(), { description: 'Every setting by its variable' }),
        database: Type.String(),
        counts: Counts,
        clock: ClockView,
      }),
    },
  }),
};

export type WaitQuery = Static<typeof controlSchemas.wait.querystring>;
