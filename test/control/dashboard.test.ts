// GET /_emulator/ui and its assets: served with the control API only, loadable without the token, every
// file the page and its modules refer to present, and nothing from elsewhere. test/browser/ drives the page
// itself in a real browser (npm run test:browser).
import t from 'tap';
import type { FastifyInstance } from 'fastify';
import Fastify from 'fastify';
import { readdirSync, readFileSync } from 'node:fs';
import { build } from '../helper.js';
import { control } from '../support/control.js';

const get = (app: FastifyInstance, url: string) => app.inject({ method: 'GET', url });

/** The files the page refers to (ui/x) and those each script imports (./x). */
function referencedAssets(files: Map<string, string>): string[] {
  const names = new Set<string>();
  for (const [name, text] of files) {
    const pattern = name.endsWith('.html') ? /(?:src|href)="ui\/([^"]+)"/g : /from '\.\/([^']+)'/g;
    for (const match of text.matchAll(pattern)) names.add(match[1]);
  }
  return [...names].sort();
}

t.test('the page and every asset it and its modules refer to are served, with their types', async (t) => {
  const app = await build(t);
  const page = await get(app, '/_emulator/ui');
  t.equal(page.statusCode, 200);
  t.match(page.headers['content-type'], 'text/html');
  t.match(page.headers['content-security-policy'], "default-src 'none'");
  t.match(page.headers['content-security-policy'], "connect-src 'self'");
  const files = new Map([['index.html', page.body]]);
  for (let round = 0; round < 3; round++) {
    for (const name of referencedAssets(files)) {
      if (files.has(name)) continue;
      const asset = await get(app, `/_emulator/ui/${name}`);
      t.equal(asset.statusCode, 200, `${name} is served`);
      t.match(asset.headers['content-type'], name.endsWith('.css') ? 'text/css' : 'text/javascript', name);
      files.set(name, asset.body);
    }
  }
  t.same(referencedAssets(files), ['api.js', 'dashboard.css', 'dashboard.js', 'dom.js', 'views.js']);
  for (const [name, text] of files) t.notMatch(text, /https?:\/\//, `${name} loads nothing from elsewhere`);
});

t.test('unknown assets are 404 in the API format; a trailing slash leads back to the page', async (t) => {
  const app = await build(t);
  const missing = await get(app, '/_emulator/ui/nothing.js');
  t.equal(missing.statusCode, 404);
  t.equal(missing.json().error_code, 'EndPoint.0005');
  t.equal((await get(app, '/_emulator/ui/..%2Fapp.js')).statusCode, 404, 'no way out of the folder');
  const slash = await get(app, '/_emulator/ui/');
  t.same([slash.statusCode, slash.headers.location], [308, '../ui']);
});

t.test('with VPCEP_CONTROL=off the page is gone too', async (t) => {
  const app = await build(t, { control: false });
  t.equal((await get(app, '/_emulator/ui')).statusCode, 404);
  t.equal((await get(app, '/_emulator/ui/dashboard.js')).statusCode, 404);
});

t.test('with a control token the page loads without it, while the calls it makes need it', async (t) => {
  const app = await build(t, { controlToken: 'secret' });
  t.equal((await get(app, '/_emulator/ui')).statusCode, 200);
  t.equal((await get(app, '/_emulator/ui/api.js')).statusCode, 200);
  t.equal((await control(app, 'GET', '/resources')).status, 401);
});

t.test('loading the page is not a cloud request: the journal does not list it', async (t) => {
  const app = await build(t);
  await get(app, '/_emulator/ui');
  await get(app, '/_emulator/ui/dashboard.js');
  t.same((await control(app, 'GET', '/requests')).body.requests, []);
});

t.test('without its files (a build that did not copy them) the emulator does not start', async (t) => {
  const { dashboardRoutes } = await t.mockImport<typeof import('../../src/control/dashboard-routes.js')>(
    '../../src/control/dashboard-routes.js',
    { 'node:fs': { readdirSync: () => [], readFileSync } },
  );
  const app = Fastify();
  t.teardown(() => app.close());
  await t.rejects(async () => app.register(dashboardRoutes).ready(), {
    name: 'StartupError',
    message: /the dashboard's files are missing from .*ui.*: build again with npm run build/,
  });
  t.ok(readdirSync(new URL('../../src/control/ui/', import.meta.url)).includes('index.html'), 'the real folder has them');
});
