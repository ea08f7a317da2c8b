// GET /_emulator/health: 200 once the database is open, migrated and accepts writes, for docker-compose and
// CI waits; 503 with the reason when it cannot be written (a read-only file, a full disk), so that a broken
// emulator is not reported healthy only to answer every write with a 500. It stays when the test-control API
// is switched off and never needs its token. Logged at debug level: orchestrators call it every few seconds.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { writeProbe, type Db } from '../db/database.js';
import { CONTROL_TAG } from './schemas.js';

const Health = Type.Object({ status: Type.Literal('ok'), region: Type.String() });
const Unhealthy = Type.Object({
  status: Type.Literal('unavailable'),
  region: Type.String(),
  reason: Type.String({ description: 'Why the database cannot be written' }),
});

export const HEALTH_PATH = '/_emulator/health';

export async function healthRoutes(app: FastifyInstance, opts: { db: Db; region: string }): Promise<void> {
  const unwritable = writeProbe(opts.db);
  app.get(
    HEALTH_PATH,
    {
      schema: {
        tags: [CONTROL_TAG],
        operationId: 'ShowHealth',
        summary: 'Readiness of the emulator (no token needed)',
        description:
          'Answers 200 when the database is open, migrated and accepts writes (a write is tried and rolled back), ' +
          'and 503 with the reason when it cannot be written. Docker health checks and CI waits call it.',
        response: { 200: Health, 503: Unhealthy },
      },
    },
    async (_request, reply) => {
      const reason = unwritable();
      if (reason) return reply.code(503).send({ status: 'unavailable' as const, region: opts.region, reason });
      return { status: 'ok' as const, region: opts.region };
    },
  );
}
