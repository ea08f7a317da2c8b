// Writes openapi/openapi.json from the route schemas of the built emulator (npm run openapi).
import { mkdirSync, writeFileSync } from 'node:fs';
import { pino } from 'pino';
import { buildApp } from '../dist/app.js';
import { loadConfig } from '../dist/config.js';
import { renderOpenApi } from '../dist/http/openapi.js';

// Every setting at its default (so a new one needs no change here), but no file and no timers.
const config = { ...loadConfig([], {}), db: ':memory:', delay: { kind: 'manual' }, logLevel: 'silent' };
const app = await buildApp({ config, logger: pino({ level: 'silent' }) });
await app.ready();
mkdirSync('openapi', { recursive: true });
writeFileSync('openapi/openapi.json', renderOpenApi(app));
await app.close();
console.log('wrote openapi/openapi.json');
