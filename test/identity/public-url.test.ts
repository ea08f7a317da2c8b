// VPCEP_PUBLIC_URL: the base URL in the catalog and in every version link; without it, the Host header.
import t from 'tap';
import { loadConfig } from '../../src/config.js';
import { build } from '../helper.js';
import { passwordBody, projectScope, requestToken } from './helper.js';

const links = async (app: Awaited<ReturnType<typeof build>>, host: string) => {
  const headers = { host };
  const [root, v1, v3, token] = await Promise.all([
    app.inject({ method: 'GET', url: '/', headers }),
    app.inject({ method: 'GET', url: '/v1', headers }),
    app.inject({ method: 'GET', url: '/v3', headers }),
    requestToken(app, passwordBody('u', { name: 'd' }, projectScope('eu-de', { name: 'd' })), headers),
  ]);
  const catalog = token.body.token.catalog.map((entry: { endpoints: { url: string }[] }) => entry.endpoints[0].url);
  return {
    root: root.json().versions[0].links[0].href,
    v1: v1.json().version.links[0].href,
    v3: v3.json().version.links[0].href,
    catalog: catalog.map((url: string) => url.replace(token.body.token.project.id, '{project_id}')),
  };
};

t.test('without VPCEP_PUBLIC_URL every link follows the Host header', async (t) => {
  const app = await build(t);
  t.same(await links(app, 'vpcep:9600'), {
    root: 'http://vpcep:9600/v1',
    v1: 'http://vpcep:9600/v1',
    v3: 'http://vpcep:9600/v3/',
    catalog: [
      'http://vpcep:9600/v3',
      'http://vpcep:9600/v1/{project_id}',
      'http://vpcep:9600',
      'http://vpcep:9600',
      'http://vpcep:9600/v1/{project_id}',
    ],
  });
});

t.test('VPCEP_PUBLIC_URL wins over the Host header, everywhere', async (t) => {
  const app = await build(t, { publicUrl: 'https://vpcep.example.test:8443' });
  t.same(await links(app, '127.0.0.1:9600'), {
    root: 'https://vpcep.example.test:8443/v1',
    v1: 'https://vpcep.example.test:8443/v1',
    v3: 'https://vpcep.example.test:8443/v3/',
    catalog: [
      'https://vpcep.example.test:8443/v3',
      'https://vpcep.example.test:8443/v1/{project_id}',
      'https://vpcep.example.test:8443',
      'https://vpcep.example.test:8443',
      'https://vpcep.example.test:8443/v1/{project_id}',
    ],
  });
});

t.test('VPCEP_PUBLIC_URL and --public-url: an http(s) URL, kept without a trailing slash', async (t) => {
  const publicUrl = (env: Record<string, string>, argv: string[] = []) => loadConfig(argv, env).publicUrl;
  t.equal(publicUrl({}), undefined);
  t.equal(publicUrl({ VPCEP_PUBLIC_URL: '' }), undefined);
  t.equal(publicUrl({ VPCEP_PUBLIC_URL: 'http://vpcep:9600' }), 'http://vpcep:9600');
  t.equal(publicUrl({ VPCEP_PUBLIC_URL: 'http://vpcep:9600/' }), 'http://vpcep:9600');
  t.equal(publicUrl({ VPCEP_PUBLIC_URL: 'HTTPS://Proxy.Example/vpcep//' }), 'https://proxy.example/vpcep');
  t.equal(publicUrl({ VPCEP_PUBLIC_URL: 'http://a:1' }, ['--public-url', 'http://b:2/']), 'http://b:2', 'the flag wins');
  for (const bad of ['vpcep:9600', 'ftp://vpcep', 'http://vpcep:9600/?x=1', 'http://vpcep#top', 'http://user:pw@vpcep', 'not a url']) {
    t.throws(
      () => loadConfig([], { VPCEP_PUBLIC_URL: bad }),
      { name: 'ConfigError', message: /VPCEP_PUBLIC_URL must be an http or https URL/ },
      bad,
    );
  }
});
