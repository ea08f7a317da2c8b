// The floor: the emulator's own create and GET operations (from dist/) behind a bare Fastify server with the
// emulator's validator and the routes' schemas, and nothing else: no request log, journal, credentials,
// fault hook, request id or error formats. What this costs over bare Fastify is what the operations
// themselves cost (SQLite, the view, the scheduler) with their validation and response schemas; what the
// emulator costs over this is its pipeline.
import Fastify from 'fastify';
import { pino } from 'pino';
import { createEmulator } from '../dist/emulator.js';
import { loadConfig } from '../dist/config.js';
import { createService, findService } from '../dist/endpoint-services/operations.js';
import { routeSchemas } from '../dist/endpoint-services/schemas.js';
import { validatorCompiler } from '../dist/http/validation.js';

const config = loadConfig([], { VPCEP_DB: ':memory:', VPCEP_DELAY: '0' });
const emulator = createEmulator({ config, logger: pino({ level: 'silent' }) });
const app = Fastify({ logger: false });
app.setValidatorCompiler(validatorCompiler);
app.addHook('onReady', async () => emulator.start());
app.get('/_emulator/health', async () => ({ status: 'ok', region: config.region }));
app.post('/v1/:project_id/vpc-endpoint-services', { schema: routeSchemas.create }, async (request) =>
  createService(emulator.services, request.params.project_id, request.body),
);
app.get('/v1/:project_id/vpc-endpoint-services/:vpc_endpoint_service_id', { schema: routeSchemas.get }, async (request) =>
  findService(emulator.services, request.params.project_id, request.params.vpc_endpoint_service_id),
);
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
