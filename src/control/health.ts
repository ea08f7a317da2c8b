// GET /_emulator/health: 200 once the database is open and migrated, for docker-compose and CI waits.
// It stays when the test-control API is switched off and never needs its token.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Db } from '../db/database.js';
import { CONTROL_TAG } from './schemas.js';

const Health = Type.Object({ status: Type.Literal('ok'), region: Type.String() });

export async function healthRoutes(app: FastifyInstance, opts: { db: Db; region: string }): Promise<void> {
  const ping = opts.db.prepare('SELECT 1').pluck();
  app.get(
    '/_emulator/health',
    {
      schema: {
        tags: [CONTROL_TAG],
        operationId: 'ShowHealth',
        summary: 'Readiness of the emulator (no token needed)',
        response: { 200: Health },
      },
    },
    async () => {
      ping.get();
      return { status: 'ok' as const, region: opts.region };
    },
  );
}
