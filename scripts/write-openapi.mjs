// Writes openapi/openapi.json from the route schemas of the built emulator (npm run openapi).
import { mkdirSync, writeFileSync } from 'node:fs';
import { pino } from 'pino';
import { buildApp } from '../dist/app.js';
import { renderOpenApi } from '../dist/http/openapi.js';

const app = await buildApp({
  config: { port: 0, host: '127.0.0.1', db: ':memory:', region: 'eu-de', delay: { kind: 'manual' }, logLevel: 'silent' },
  logger: pino({ level: 'silent' }),
});
await app.ready();
mkdirSync('openapi', { recursive: true });
writeFileSync('openapi/openapi.json', renderOpenApi(app));
await app.close();
console.log('wrote openapi/openapi.json');
