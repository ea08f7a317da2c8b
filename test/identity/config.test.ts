// VPCEP_AUTH and VPCEP_ACCESS_KEYS (and their flags).
import t from 'tap';
import { helpText, loadConfig } from '../../src/config.js';

t.test('VPCEP_AUTH: lenient by default, or strict', async (t) => {
  t.equal(loadConfig([], {}).auth, 'lenient');
  t.equal(loadConfig([], { VPCEP_AUTH: 'strict' }).auth, 'strict');
  t.equal(loadConfig(['--auth', 'lenient'], { VPCEP_AUTH: 'strict' }).auth, 'lenient');
  t.throws(() => loadConfig([], { VPCEP_AUTH: 'loose' }), {
    name: 'ConfigError',
    message: 'VPCEP_AUTH must be one of lenient, strict, got "loose"',
  });
});

t.test('VPCEP_ACCESS_KEYS: AK:SK or AK:SK:PROJECT_ID, comma-separated', async (t) => {
  t.same(loadConfig([], {}).accessKeys, []);
  t.same(loadConfig([], { VPCEP_ACCESS_KEYS: ' AK1:SK/1+x= , AK_2:sk2:a3c2d380272eed88a3c2d380272eed88' }).accessKeys, [
    { accessKey: 'AK1', secretKey: 'SK/1+x=' },
    { accessKey: 'AK_2', secretKey: 'sk2', projectId: 'a3c2d380272eed88a3c2d380272eed88' },
  ]);
  t.same(loadConfig(['--access-keys', 'FLAG:key'], { VPCEP_ACCESS_KEYS: 'ENV:key' }).accessKeys, [
    { accessKey: 'FLAG', secretKey: 'key' },
  ]);
  const bad: [string, RegExp][] = [
    ['AK1', /entry 1 must be AK:SK or AK:SK:PROJECT_ID/],
    ['AK1:', /entry 1 must be/],
    ['AK1:SK1,', /entry 2 must be/],
    ['A K:TopSecret', /entry 1 must be/],
    ['AK1:Top Secret', /entry 1 must be/],
    ['AK1:TopSecret:bad/project', /entry 1 must be/],
    ['AK1:TopSecret:p1:extra', /entry 1 must be/],
    ['AK1:TopSecret,AK1:Other', /names access key AK1 twice/],
  ];
  for (const [value, message] of bad) {
    t.throws(() => loadConfig([], { VPCEP_ACCESS_KEYS: value }), { name: 'ConfigError', message }, value);
    try {
      loadConfig([], { VPCEP_ACCESS_KEYS: value });
    } catch (err) {
      t.notMatch((err as Error).message, 'Secret', `${value}: the message does not repeat the secret key`);
    }
  }
});

t.test('--help lists the identity settings', async (t) => {
  const text = helpText();
  for (const word of ['VPCEP_PUBLIC_URL', '--public-url', 'VPCEP_AUTH', '--auth', 'VPCEP_ACCESS_KEYS', '--access-keys']) {
    t.match(text, word);
  }
  t.notMatch(text, '(default: )', 'settings without a default say none');
});

t.test('VPCEP_USERS: NAME:PASSWORD:DOMAIN, comma-separated; messages never repeat a password', async (t) => {
  t.same(loadConfig([], { VPCEP_USERS: 'alice:s3cr:et:acme, bob:pw:other' }).users, [
    { name: 'alice', password: 's3cr:et', domain: 'acme' },
    { name: 'bob', password: 'pw', domain: 'other' },
  ]);
  t.same(loadConfig(['--users', 'carol:pw:d'], {}).users, [{ name: 'carol', password: 'pw', domain: 'd' }]);
  for (const [value, message] of [
    ['alice:Hidden', /entry 1 must be NAME:PASSWORD:DOMAIN/],
    ['alice::acme', /entry 1 must be/],
    [':Hidden:acme', /entry 1 must be/],
    ['a:Hidden:d,a:Other:d', /names user a of domain d twice/],
  ] as const) {
    t.throws(() => loadConfig([], { VPCEP_USERS: value }), { name: 'ConfigError', message }, value);
    try {
      loadConfig([], { VPCEP_USERS: value });
    } catch (err) {
      t.notMatch((err as Error).message, 'Hidden', `${value}: the message does not repeat a password`);
    }
  }
});
