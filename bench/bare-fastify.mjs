// The ceiling: a bare Fastify server (from our own node_modules) with the emulator's routes, each
// answering a fixed body of the same size as the emulator's answer, read from BENCH_BODIES.
import Fastify from 'fastify';
import { readFileSync } from 'node:fs';

const bodies = JSON.parse(readFileSync(process.env.BENCH_BODIES, 'utf8'));
const app = Fastify({ logger: false });
app.get('/_emulator/health', async () => ({ status: 'ok', region: 'eu-de' }));
app.get('/v1/:project_id/vpc-endpoint-services/:id', async () => bodies.service);
app.post('/v1/:project_id/vpc-endpoint-services', async () => bodies.service);
app.get('/v1/:project_id/vpc-endpoint-services', async () => bodies.list);
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
