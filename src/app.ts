// Builds the emulator as a Fastify instance. The server and the tests both start from here.
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { pino, type Logger } from 'pino';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import { openDatabase } from './db/database.js';
import { registerServiceTransitions, type ServiceContext } from './endpoint-services/operations.js';
import { endpointServiceRoutes } from './endpoint-services/routes.js';
import { ServiceStore } from './endpoint-services/store.js';
import { healthRoutes } from './health.js';
import { requireCredentials } from './http/auth.js';
import { installErrorHandlers } from './http/errors.js';
import { installJsonBodyParser } from './http/json-body.js';
import { registerOpenApi } from './http/openapi.js';
import { installRequestPipeline } from './http/pipeline.js';
import { validatorCompiler } from './http/validation.js';
import { Scheduler } from './scheduler.js';

export interface AppOptions {
  config: Config;
  clock?: Clock;
  logger?: Logger;
  /** Source of randomness for delays within a range. */
  random?: () => number;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config, clock = systemClock } = options;
  const logger = options.logger ?? pino({ level: config.logLevel });
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // The request pipeline writes one line per request itself.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'request_id' }),
    genReqId: () => randomUUID(),
    requestIdHeader: 'x-request-id',
  });
  app.setValidatorCompiler(validatorCompiler);
  installJsonBodyParser(app);
  installErrorHandlers(app);
  installRequestPipeline(app);

  const db = openDatabase(config.db);
  const scheduler = new Scheduler(db, clock, config.delay, logger, options.random);
  const services: ServiceContext = {
    db,
    store: new ServiceStore(db),
    scheduler,
    clock,
    region: config.region,
  };
  registerServiceTransitions(services);

  app.addHook('onReady', async () => scheduler.start());
  app.addHook('onClose', async () => {
    scheduler.stop();
    db.close();
  });

  await registerOpenApi(app);
  await app.register(healthRoutes, { db, region: config.region });
  await app.register(
    async (v1) => {
      v1.addHook('onRequest', requireCredentials);
      await v1.register(endpointServiceRoutes, services);
    },
    { prefix: '/v1/:project_id' },
  );
  return app;
}
