// Builds the emulator as a Fastify instance. The server and the tests both start from here.
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { pino, type Logger } from 'pino';
import { Accounts } from './accounts/domains.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import { connectionRoutes } from './connections/routes.js';
import { ConnectionStore } from './connections/store.js';
import { openDatabase } from './db/database.js';
import { registerServiceTransitions, type ServiceContext } from './endpoint-services/operations.js';
import { endpointServiceRoutes } from './endpoint-services/routes.js';
import { ServiceStore } from './endpoint-services/store.js';
import { registerEndpointTransitions, type EndpointContext } from './endpoints/operations.js';
import { endpointRoutes } from './endpoints/routes.js';
import { EndpointStore, taggableEndpoints } from './endpoints/store.js';
import { healthRoutes } from './health.js';
import { requireCredentials } from './http/auth.js';
import { answerFrameworkError, installErrorHandlers } from './http/errors.js';
import { installJsonBodyParser } from './http/json-body.js';
import { registerOpenApi } from './http/openapi.js';
import { installRequestPipeline } from './http/pipeline.js';
import { publicUrlFrom } from './http/public-url.js';
import { validatorCompiler } from './http/validation.js';
import { Authenticator } from './identity/credentials.js';
import { identityRoutes } from './identity/routes.js';
import { IdentityStore } from './identity/store.js';
import type { IdentityContext } from './identity/tokens.js';
import { permissionRoutes } from './permissions/routes.js';
import { PermissionStore } from './permissions/store.js';
import { publicCatalogue } from './public-services/catalogue.js';
import { ServiceDirectory } from './public-services/directory.js';
import { publicServiceRoutes } from './public-services/routes.js';
import { quotaRoutes } from './quotas/routes.js';
import { Scheduler } from './scheduler.js';
import type { TagContext } from './tags/operations.js';
import { endpointServiceResources } from './tags/resources.js';
import { tagRoutes } from './tags/routes.js';
import { TagStore } from './tags/store.js';
import { versionRoutes } from './versions.js';

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
    frameworkErrors: answerFrameworkError,
    requestIdHeader: 'x-request-id',
  });
  app.setValidatorCompiler(validatorCompiler);
  app.decorateRequest('caller', null);
  installJsonBodyParser(app);
  installErrorHandlers(app);
  installRequestPipeline(app);

  const db = openDatabase(config.db);
  const identity: IdentityContext = { db, store: new IdentityStore(db), clock, region: config.region };
  const authenticator = new Authenticator(identity, config.auth, config.accessKeys);
  const publicUrl = publicUrlFrom(config.publicUrl);
  const scheduler = new Scheduler(db, clock, config.delay, logger, options.random);
  const services: ServiceContext = {
    db,
    store: new ServiceStore(db),
    scheduler,
    clock,
    region: config.region,
    quota: config.quotaServices,
  };
  registerServiceTransitions(services);
  const directory = new ServiceDirectory(services.store, publicCatalogue(config.region));
  const permissions = new PermissionStore(db);
  const endpoints: EndpointContext = {
    db,
    store: new EndpointStore(db),
    directory,
    permissions,
    accounts: new Accounts(db),
    scheduler,
    clock,
    region: config.region,
    quota: config.quotaEndpoints,
  };
  registerEndpointTransitions(endpoints);
  const tags: TagContext = {
    db,
    store: new TagStore(db),
    // One entry per resource_type of the tag API.
    resources: {
      endpoint_service: endpointServiceResources(services.store),
      endpoint: taggableEndpoints(endpoints.store),
    },
  };

  app.addHook('onReady', async () => scheduler.start());
  app.addHook('onClose', async () => {
    scheduler.stop();
    db.close();
  });

  await registerOpenApi(app);
  await app.register(healthRoutes, { db, region: config.region });
  await app.register(versionRoutes, { publicUrl });
  await app.register(identityRoutes, { prefix: '/v3', ctx: identity, authenticator, publicUrl });
  await app.register(
    async (v1) => {
      v1.addHook('preParsing', requireCredentials(authenticator));
      await v1.register(endpointServiceRoutes, services);
      await v1.register(publicServiceRoutes, directory);
      await v1.register(connectionRoutes, {
        services,
        store: new ConnectionStore(db),
        endpoints: endpoints.store,
      });
      await v1.register(permissionRoutes, { services, store: permissions });
      await v1.register(endpointRoutes, endpoints);
      await v1.register(quotaRoutes, {
        quotas: { endpoint_service: config.quotaServices, endpoint: config.quotaEndpoints },
        used: {
          endpoint_service: (projectId) => services.store.countInProject(projectId),
          endpoint: (projectId) => endpoints.store.countInProject(projectId),
        },
      });
      await v1.register(tagRoutes, tags);
    },
    { prefix: '/v1/:project_id' },
  );
  return app;
}
