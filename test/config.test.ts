// Configuration from environment variables and flags.
import t from 'tap';
import { DEFAULT_PORT, helpText, loadConfig, parseDelay, wantsInfo } from '../src/config.js';

// The identity settings; test/identity/config.test.ts covers them.
const IDENTITY_DEFAULTS = { publicUrl: undefined, auth: 'lenient', accessKeys: [], users: [] };
// The test-control settings; test/control/config.test.ts covers them.
const CONTROL_DEFAULTS = {
  delayServiceCreate: undefined,
  delayServiceDelete: undefined,
  delayEndpointCreate: undefined,
  delayEndpointDelete: undefined,
  control: true,
  controlToken: undefined,
  journalSize: 1000,
  seed: undefined,
};

// The log format and CORS; test/cors.test.ts and test/process.test.ts cover them.
const LOG_DEFAULTS = { logFormat: 'auto', corsOrigins: [], bodyLimit: 1024 * 1024 };
// The companion APIs' settings; their test is below.
const NETWORK_DEFAULTS = { delayNetwork: { kind: 'fixed', ms: 1000 }, references: 'any' };

t.test('defaults', async (t) => {
  t.same(loadConfig([], {}), {
    port: DEFAULT_PORT,
    host: '127.0.0.1',
    db: 'data/vpcep.db',
    region: 'eu-de',
    delay: { kind: 'range', minMs: 60_000, maxMs: 120_000 },
    logLevel: 'info',
    ...LOG_DEFAULTS,
    quotaServices: 20,
    quotaEndpoints: 50,
    maxServiceWhitelist: 1000,
    maxEndpointWhitelist: 20,
    ...IDENTITY_DEFAULTS,
    ...CONTROL_DEFAULTS,
    ...NETWORK_DEFAULTS,
  });
});

t.test('environment variables, and flags over them', async (t) => {
  const env = { PORT: '8080', HOST: '0.0.0.0', VPCEP_DB: ':memory:', VPCEP_REGION: 'eu-nl', VPCEP_DELAY: '2s', LOG_LEVEL: 'debug' };
  t.same(loadConfig([], env), {
    port: 8080,
    host: '0.0.0.0',
    db: ':memory:',
    region: 'eu-nl',
    delay: { kind: 'fixed', ms: 2000 },
    logLevel: 'debug',
    ...LOG_DEFAULTS,
    quotaServices: 20,
    quotaEndpoints: 50,
    maxServiceWhitelist: 1000,
    maxEndpointWhitelist: 20,
    ...IDENTITY_DEFAULTS,
    ...CONTROL_DEFAULTS,
    ...NETWORK_DEFAULTS,
  });
  const flags = ['--port', '9000', '--host=::1', '--db', '/tmp/x.db', '--region', 'eu-ch2', '--delay', 'manual', '--log-level', 'warn'];
  t.same(loadConfig(flags, env), {
    port: 9000,
    host: '::1',
    db: '/tmp/x.db',
    region: 'eu-ch2',
    delay: { kind: 'manual' },
    logLevel: 'warn',
    ...LOG_DEFAULTS,
    quotaServices: 20,
    quotaEndpoints: 50,
    maxServiceWhitelist: 1000,
    maxEndpointWhitelist: 20,
    ...IDENTITY_DEFAULTS,
    ...CONTROL_DEFAULTS,
    ...NETWORK_DEFAULTS,
  });
});

t.test('the companion APIs have a delay of their own and a reference mode', async (t) => {
  const config = loadConfig(['--references', 'known'], { VPCEP_DELAY_NETWORK: '250ms', VPCEP_DELAY: '2m' });
  t.same([config.delayNetwork, config.references], [{ kind: 'fixed', ms: 250 }, 'known']);
  t.same(loadConfig([], { VPCEP_DELAY_NETWORK: 'manual' }).delayNetwork, { kind: 'manual' }, 'not VPCEP_DELAY: 1 s unless set');
  t.throws(() => loadConfig([], { VPCEP_REFERENCES: 'strict' }), { message: 'VPCEP_REFERENCES must be one of any, known, got "strict"' });
  t.throws(() => loadConfig(['--delay-network', 'soon'], {}), { message: /--delay-network must be a duration/ });
});

t.test('the whitelist maxima are settings', async (t) => {
  const config = loadConfig(['--max-service-whitelist', '5'], { VPCEP_MAX_ENDPOINT_WHITELIST: '60' });
  t.equal(config.maxServiceWhitelist, 5);
  t.equal(config.maxEndpointWhitelist, 60);
});

t.test('VPCEP_DELAY forms', async (t) => {
  t.same(parseDelay('0'), { kind: 'fixed', ms: 0 });
  t.same(parseDelay('500ms'), { kind: 'fixed', ms: 500 });
  t.same(parseDelay('1.5s'), { kind: 'fixed', ms: 1500 });
  t.same(parseDelay('1m'), { kind: 'fixed', ms: 60_000 });
  t.same(parseDelay('1h'), { kind: 'fixed', ms: 3_600_000 });
  t.same(parseDelay('1m-1.5h'), { kind: 'range', minMs: 60_000, maxMs: 5_400_000 });
  t.same(parseDelay('250'), { kind: 'fixed', ms: 250 });
  t.same(parseDelay('60s-120s'), { kind: 'range', minMs: 60_000, maxMs: 120_000 });
  t.same(parseDelay('100ms-1s'), { kind: 'range', minMs: 100, maxMs: 1000 });
  t.same(parseDelay('manual'), { kind: 'manual' });
  for (const bad of ['', 'soon', '-1s', '2d', '1s-2s-3s', '5s-1s', 'ms', 'h']) {
    t.throws(() => parseDelay(bad), { name: 'ConfigError' }, `"${bad}" is refused`);
  }
});

t.test('invalid values are refused with a message naming the setting', async (t) => {
  const cases: [string[], Record<string, string>, RegExp][] = [
    [[], { PORT: '65536' }, /PORT must be an integer from 0 to 65535/],
    [[], { PORT: 'http' }, /PORT/],
    [['--port', '-5'], {}, /--port/],
    [[], { HOST: ' ' }, /HOST must not be empty/],
    [[], { VPCEP_REGION: 'EU DE' }, /VPCEP_REGION must look like a region name/],
    [[], { VPCEP_DELAY: 'later' }, /VPCEP_DELAY must be a duration/],
    [['--delay', 'x'], {}, /--delay must be a duration/],
    [[], { LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
    [['--unknown'], {}, /Unknown option '--unknown'/],
    [[], { VPCEP_MAX_SERVICE_WHITELIST: '0' }, /VPCEP_MAX_SERVICE_WHITELIST must be a whole number from 1/],
    [['--max-endpoint-whitelist', '1e3'], {}, /--max-endpoint-whitelist must be a whole number from 1/],
  ];
  for (const [argv, env, message] of cases) {
    t.throws(() => loadConfig(argv, env), { name: 'ConfigError', message }, `${argv.join(' ')} ${JSON.stringify(env)}`);
  }
});

t.test('--help lists every variable and flag; --version asks for the version', async (t) => {
  t.equal(wantsInfo(['--help']), 'help');
  t.equal(wantsInfo(['-h']), 'help');
  t.equal(wantsInfo(['--version']), 'version');
  t.equal(wantsInfo(['-v']), 'version');
  t.equal(wantsInfo([]), undefined);
  const text = helpText();
  for (const word of ['PORT', 'HOST', 'VPCEP_DB', 'VPCEP_REGION', 'VPCEP_DELAY', 'LOG_LEVEL', '--log-level', String(DEFAULT_PORT)]) {
    t.match(text, word);
  }
});
