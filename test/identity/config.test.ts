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
