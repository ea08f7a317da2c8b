// CORS for browser-based tools (VPCEP_CORS_ORIGINS), and the settings LOG_FORMAT and VPCEP_CORS_ORIGINS.
import t from 'tap';
import { loadConfig } from '../src/config.js';
import { usesPrettyLogs } from '../src/logger.js';
import { AUTH, PROJECT, build } from './helper.js';

const path = `/v1/${PROJECT}/vpc-endpoint-services`;
const preflight = (origin: string) => ({
  method: 'OPTIONS' as const,
  url: path,
  headers: {
    origin,
    'access-control-request-method': 'POST',
    'access-control-request-headers': 'x-auth-token,content-type',
  },
});

t.test('a listed origin gets preflights answered and may read the answers', async (t) => {
  const app = await build(t, { corsOrigins: ['http://localhost:3000'] });
  const answer = await app.inject(preflight('http://localhost:3000'));
  t.equal(answer.statusCode, 204, 'the preflight is answered, not 404 and not 401');
  t.equal(answer.headers['access-control-allow-origin'], 'http://localhost:3000');
  t.match(String(answer.headers['access-control-allow-methods']), 'POST');
  t.match(String(answer.headers['access-control-allow-headers']), 'x-auth-token');

  const list = await app.inject({ url: path, headers: { ...AUTH, origin: 'http://localhost:3000' } });
  t.equal(list.statusCode, 200);
  t.equal(list.headers['access-control-allow-origin'], 'http://localhost:3000');
  t.match(String(list.headers['access-control-expose-headers']), 'X-Subject-Token');

  const stranger = await app.inject({ url: path, headers: { ...AUTH, origin: 'http://evil.example' } });
  t.notOk(stranger.headers['access-control-allow-origin'], 'an origin not listed gets no CORS header');
});

t.test('* allows any origin', async (t) => {
  const app = await build(t, { corsOrigins: ['*'] });
  const answer = await app.inject(preflight('http://anything.example:8080'));
  t.equal(answer.statusCode, 204);
  t.equal(answer.headers['access-control-allow-origin'], '*');
});

t.test('by default there are no CORS headers', async (t) => {
  const app = await build(t);
  const list = await app.inject({ url: path, headers: { ...AUTH, origin: 'http://localhost:3000' } });
  t.notOk(list.headers['access-control-allow-origin']);
  const unanswered = await app.inject(preflight('http://localhost:3000'));
  t.equal(unanswered.statusCode, 405, 'no preflight is answered: the path has no OPTIONS');
  t.notOk(unanswered.headers['access-control-allow-origin']);
});

t.test('VPCEP_CORS_ORIGINS: a comma list of origins or *', async (t) => {
  t.same(loadConfig([], {}).corsOrigins, []);
  t.same(loadConfig([], { VPCEP_CORS_ORIGINS: ' http://a.test:3000, https://b.test ' }).corsOrigins, [
    'http://a.test:3000',
    'https://b.test',
  ]);
  t.same(loadConfig(['--cors-origins', '*'], {}).corsOrigins, ['*']);
  t.throws(() => loadConfig([], { VPCEP_CORS_ORIGINS: 'http://a.test/app' }), {
    name: 'ConfigError',
    message: 'VPCEP_CORS_ORIGINS entries must be origins such as http://localhost:3000 (no path), got "http://a.test/app"',
  });
  t.throws(() => loadConfig([], { VPCEP_CORS_ORIGINS: 'localhost:3000' }), { name: 'ConfigError' });
  t.throws(() => loadConfig([], { VPCEP_CORS_ORIGINS: '*,http://a.test' }), {
    message: 'VPCEP_CORS_ORIGINS is either * or a list of origins, not both',
  });
});

t.test('LOG_FORMAT: json, pretty, or auto (pretty on a terminal)', async (t) => {
  t.equal(loadConfig([], {}).logFormat, 'auto');
  t.equal(loadConfig(['--log-format', 'json'], { LOG_FORMAT: 'pretty' }).logFormat, 'json');
  t.throws(() => loadConfig([], { LOG_FORMAT: 'xml' }), {
    message: 'LOG_FORMAT must be one of auto, json, pretty, got "xml"',
  });
  t.equal(usesPrettyLogs({ logFormat: 'auto' }, true), true);
  t.equal(usesPrettyLogs({ logFormat: 'auto' }, false), false);
  t.equal(usesPrettyLogs({ logFormat: 'json' }, true), false);
  t.equal(usesPrettyLogs({ logFormat: 'pretty' }, false), true);
});
