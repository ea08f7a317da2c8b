// Builds the emulator as a Fastify instance: the domain from createEmulator(), with HTTP in front of it
// (hooks, the identity API under /v3, the resources under /v1, the test-control API under /_emulator).
// The server and the tests both start from here.
import fastifyCors from '@fastify/cors';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { connectionRoutes } from './connections/routes.js';
import { dashboardRoutes } from './control/dashboard-routes.js';
import { FaultRules } from './control/faults.js';
import { healthRoutes } from './control/health.js';
import { Journal } from './control/journal.js';
import { controlRoutes } from './control/routes.js';
import { createEmulator, type Emulator } from './emulator.js';
import { endpointServiceRoutes, endpointServiceV2Routes } from './endpoint-services/routes.js';
import { endpointRoutes, endpointV2Routes } from './endpoints/routes.js';
import { requireCredentials } from './http/auth.js';
import { answerClientError, answerFrameworkError } from './http/client-errors.js';
import { installErrorHandlers } from './http/errors.js';
import { installJsonBodyParser } from './http/json-body.js';
import { documentCredentials, registerOpenApi } from './http/openapi.js';
import { installRequestPipeline } from './http/pipeline.js';
import { publicUrlFrom } from './http/public-url.js';
import { compileSerializersOnFirstUse } from './http/serialization.js';
import { installDecimalQueryCheck, validatorCompiler } from './http/validation.js';
import { Authenticator } from './identity/credentials.js';
import { identityRoutes } from './identity/routes.js';
import { createLogger } from './logger.js';
import { permissionRoutes } from './permissions/routes.js';
import { publicServiceRoutes } from './public-services/routes.js';
import { quotaRoutes } from './quotas/routes.js';
import type { Clock } from './runtime/clock.js';
import type { Random } from './runtime/random.js';
import { tagRoutes } from './tags/routes.js';
import { versionRoutes } from './versions.js';
import { v2Routes } from './network/routes.js';
import { vpcApiRoutes } from './vpcs/routes.js';

export interface AppOptions {
  config: Config;
  /** Real time; the emulator's clock runs this plus what the test-control API adds. */
  clock?: Clock;
  logger?: Logger;
  random?: Random;
  /** How often an idle event stream gets a heartbeat comment. */
  heartbeatMs?: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    emulator: Emulator;
  }
}

const HEARTBEAT_MS = 15_000;
const REQUEST_TIMEOUT_MS = 60_000;
const HEADERS_TIMEOUT_MS = 20_000;

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config } = options;
  const logger = options.logger ?? (await createLogger(config));
  const emulator = createEmulator({ config, logger, clock: options.clock, random: options.random });
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // The request pipeline writes one line per request itself.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'request_id' }),
    genReqId: () => randomUUID(),
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
    bodyLimit: config.bodyLimit,
    // A request has a minute to arrive whole; an idle keep-alive connection is closed after 72 s (Fastify's
    // default). Long answers (the event stream, a wait) are not limited by these.
    requestTimeout: REQUEST_TIMEOUT_MS,
    requestIdHeader: 'x-request-id',
    // Our own validator (validation.ts): Fastify then need not load and set up its default one at all.
    schemaController: {
      // (Fastify types the factory for Ajv's compilers only; any FastifySchemaCompiler is accepted.)
      compilersFactory: { buildValidator: (() => validatorCompiler) as never, buildSerializer: compileSerializersOnFirstUse },
    },
  });
  // A client has this long to send its headers (slow senders hold a socket, nothing more).
  app.server.headersTimeout = HEADERS_TIMEOUT_MS;
  app.decorate('emulator', emulator);
  app.decorateRequest('caller', null);
  app.decorateRequest('project', null);
  installJsonBodyParser(app);
  installDecimalQueryCheck(app);
  installErrorHandlers(app);
  const journal = new Journal(config.journalSize);
  const faults = new FaultRules(emulator.random);
  installRequestPipeline(app, { journal, faults, realTime: emulator.clock.base });

  const authenticator = new Authenticator(emulator.identity, config.auth, config.accessKeys);
  const publicUrl = publicUrlFrom(config.publicUrl);
  app.addHook('onReady', async () => emulator.start());
  app.addHook('onClose', async () => emulator.close());

  if (config.corsOrigins.length > 0) await app.register(fastifyCors, corsOptions(config.corsOrigins));
  await registerOpenApi(app, { publicUrl });
  await app.register(healthRoutes, { db: emulator.db, region: config.region });
  if (config.control) {
    await app.register(controlRoutes, {
      prefix: '/_emulator',
      emulator,
      journal,
      faults,
      token: config.controlToken,
      heartbeatMs: options.heartbeatMs ?? HEARTBEAT_MS,
    });
    // Outside the control plugin: the page loads without the token, then asks for it.
    await app.register(dashboardRoutes);
  }
  await app.register(versionRoutes, { publicUrl });
  await app.register(identityRoutes, { prefix: '/v3', ctx: emulator.identity, authenticator, publicUrl });
  await app.register(
    async (v1) => {
      v1.addHook('preParsing', requireCredentials(authenticator));
      documentCredentials(v1);
      await v1.register(endpointServiceRoutes, emulator.services);
      await v1.register(publicServiceRoutes, emulator.directory);
      await v1.register(connectionRoutes, emulator.connections);
      await v1.register(permissionRoutes, emulator.permissions);
      await v1.register(endpointRoutes, emulator.endpoints);
      await v1.register(quotaRoutes, emulator.quotas);
      await v1.register(tagRoutes, emulator.tags);
    },
    { prefix: '/v1/:project_id' },
  );
  // The companion APIs a VPCEP setup refers to: the VPC API v1 beside VPCEP under /v1/{project_id}, and
  // Neutron's /v2.0 (load balancers, their ports, networks and subnets, and the tags of all three).
  await app.register(vpcApiRoutes, { prefix: '/v1/:project_id', ctx: emulator.vpcs, authenticator });
  await app.register(v2Routes, {
    prefix: '/v2.0',
    db: emulator.db,
    vpcs: emulator.vpcs,
    loadbalancers: emulator.loadbalancers,
    authenticator,
  });
  // The three v2 operations the Huawei SDKs call.
  await app.register(
    async (v2) => {
      v2.addHook('preParsing', requireCredentials(authenticator));
      await v2.register(endpointServiceV2Routes, emulator.services);
      await v2.register(endpointV2Routes, emulator.endpoints);
    },
    { prefix: '/v2/:project_id' },
  );
  return app;
}

/** CORS for browser-based tools (VPCEP_CORS_ORIGINS); preflight requests are answered with 204. */
function corsOptions(origins: string[]) {
  return {
    origin: origins.includes('*') ? '*' : origins,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH'],
    // A browser script reads the issued token and the request id from these headers.
    exposedHeaders: ['X-Subject-Token', 'X-Request-Id'],
    maxAge: 600,
  };
}
