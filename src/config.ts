// The emulator's configuration: every setting is an environment variable and a command-line flag
// of the same meaning. This module is the only place that reads, defaults and validates them.
import { parseArgs } from 'node:util';
import { PROJECT_ID_PATTERN } from './common/schemas.js';
import type { AccessKey, AuthMode } from './identity/credentials.js';
import type { ConfiguredUser } from './identity/users.js';
import type { Delay, DelaySpec } from './runtime/scheduler.js';

export type { DelaySpec };

/** The asynchronous transitions whose delay can be set apart from VPCEP_DELAY. */
export const TRANSITION_KINDS = ['serviceCreate', 'serviceDelete', 'endpointCreate', 'endpointDelete'] as const;
export type TransitionKind = (typeof TRANSITION_KINDS)[number];

export interface Config {
  port: number;
  host: string;
  db: string;
  region: string;
  /** How long an asynchronous transition takes (creating → available, deleting → gone). */
  delay: DelaySpec;
  /** Per kind of transition; undefined: the same as delay. */
  delayServiceCreate?: DelaySpec;
  delayServiceDelete?: DelaySpec;
  delayEndpointCreate?: DelaySpec;
  delayEndpointDelete?: DelaySpec;
  /** How long the companion resources (VPCs, subnets, load balancers) take to become ready or to go. */
  delayNetwork: DelaySpec;
  /** any: VPCEP accepts any well-formed VPC, subnet and port id; known: only those of the companion APIs. */
  references: ReferenceMode;
  logLevel: string;
  /** json: one pino JSON object a line; pretty: readable lines; auto: pretty when stdout is a terminal. */
  logFormat: LogFormat;
  /** Origins whose browser scripts may call the emulator (CORS); '*' any; empty: no CORS headers. */
  corsOrigins: string[];
  /** The largest request body, in bytes (a state import may be larger: see control/routes.ts). */
  bodyLimit: number;
  /** Endpoint services a project may have. */
  quotaServices: number;
  /** Endpoints a project may have. */
  quotaEndpoints: number;
  /** Whitelist records an endpoint service may have (EndPoint.3049 beyond). */
  maxServiceWhitelist: number;
  /** Addresses an interface endpoint's whitelist may hold (EndPoint.2045 beyond). */
  maxEndpointWhitelist: number;
  /** Base URL clients reach the emulator at; undefined: each request's scheme and Host header. */
  publicUrl: string | undefined;
  /** Which credentials /v1 accepts (see identity/credentials.ts). */
  auth: AuthMode;
  /** Key pairs whose SDK-HMAC-SHA256 signatures strict mode verifies. */
  accessKeys: AccessKey[];
  /** The users strict mode issues password tokens to. */
  users: ConfiguredUser[];
  /** Whether the test-control API under /_emulator is served (health always is). */
  control: boolean;
  /** When set, every control call needs `Authorization: Bearer <token>`. */
  controlToken: string | undefined;
  /** How many requests the journal keeps; 0 keeps none. */
  journalSize: number;
  /** A state document loaded at start when the database is empty. */
  seed: string | undefined;
}

export const REFERENCE_MODES = ['any', 'known'] as const;
export type ReferenceMode = (typeof REFERENCE_MODES)[number];

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export const DEFAULT_PORT = 9600;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;
const AUTH_MODES: readonly AuthMode[] = ['lenient', 'strict'];
export type LogFormat = (typeof LOG_FORMATS)[number];

interface Setting<K extends keyof Config> {
  key: K;
  env: string;
  flag: string;
  fallback: string;
  help: string;
  parse: (raw: string, name: string) => Config[K];
  /** The value as the emulator's info shows it, secrets masked; default: as text. */
  show?: (value: Config[K], config: Config) => string;
}

function setting<K extends keyof Config>(s: Setting<K>): Setting<K> {
  return s;
}

const SETTINGS = [
  setting({
    key: 'port',
    env: 'PORT',
    flag: 'port',
    fallback: String(DEFAULT_PORT),
    help: 'TCP port to listen on (0 picks a free port)',
    parse: parsePort,
  }),
  setting({
    key: 'host',
    env: 'HOST',
    flag: 'host',
    fallback: '127.0.0.1',
    help: 'Interface to bind (0.0.0.0 inside containers)',
    parse: parseNonEmpty,
  }),
  setting({
    key: 'db',
    env: 'VPCEP_DB',
    flag: 'db',
    fallback: 'data/vpcep.db',
    help: 'SQLite file (its folder is created) or :memory:',
    parse: parseNonEmpty,
  }),
  setting({
    key: 'region',
    env: 'VPCEP_REGION',
    flag: 'region',
    fallback: 'eu-de',
    help: 'Region name used in service names and the catalog',
    parse: parseRegion,
  }),
  setting({
    key: 'delay',
    env: 'VPCEP_DELAY',
    flag: 'delay',
    fallback: '60s-120s',
    help: 'Time a transition takes: a duration (0, 500ms, 2s, 1m, 1h), a range (60s-120s) or manual',
    parse: parseDelay,
    show: formatDelay,
  }),
  transitionDelay('serviceCreate', 'an endpoint service takes to become available'),
  transitionDelay('serviceDelete', 'an endpoint service takes to be deleted'),
  transitionDelay('endpointCreate', 'an endpoint takes to reach its service'),
  transitionDelay('endpointDelete', 'an endpoint takes to be deleted'),
  setting({
    key: 'delayNetwork',
    env: 'VPCEP_DELAY_NETWORK',
    flag: 'delay-network',
    fallback: '1s',
    help: 'Time a VPC, subnet or load balancer takes to become ready, and a load balancer to go (same syntax as VPCEP_DELAY)',
    parse: parseDelay,
    show: formatDelay,
  }),
  setting({
    key: 'references',
    env: 'VPCEP_REFERENCES',
    flag: 'references',
    fallback: 'any',
    help: 'VPC, subnet and port ids in VPCEP requests: any (any well-formed id) or known (only those of the VPC and ELB APIs)',
    parse: oneOf(REFERENCE_MODES),
  }),
  setting({
    key: 'logLevel',
    env: 'LOG_LEVEL',
    flag: 'log-level',
    fallback: 'info',
    help: `Log level: ${LOG_LEVELS.join(', ')}`,
    parse: oneOf(LOG_LEVELS),
  }),
  setting({
    key: 'logFormat',
    env: 'LOG_FORMAT',
    flag: 'log-format',
    fallback: 'auto',
    help: 'Log lines: json (pino), pretty (readable), or auto (pretty when stdout is a terminal)',
    parse: oneOf(LOG_FORMATS),
  }),
  setting({
    key: 'quotaServices',
    env: 'VPCEP_QUOTA_SERVICES',
    flag: 'quota-services',
    fallback: '20',
    help: 'Endpoint services a project may have',
    parse: parseCount,
  }),
  setting({
    key: 'quotaEndpoints',
    env: 'VPCEP_QUOTA_ENDPOINTS',
    flag: 'quota-endpoints',
    fallback: '50',
    help: 'Endpoints a project may have',
    parse: parseCount,
  }),
  setting({
    key: 'maxServiceWhitelist',
    env: 'VPCEP_MAX_SERVICE_WHITELIST',
    flag: 'max-service-whitelist',
    fallback: '1000',
    help: 'Whitelist records an endpoint service may have (the documents give no number)',
    parse: parseLimit,
  }),
  setting({
    key: 'maxEndpointWhitelist',
    env: 'VPCEP_MAX_ENDPOINT_WHITELIST',
    flag: 'max-endpoint-whitelist',
    fallback: '20',
    help: "Addresses an interface endpoint's whitelist may hold (the user guide's 20)",
    parse: parseLimit,
  }),
  setting({
    key: 'publicUrl',
    env: 'VPCEP_PUBLIC_URL',
    flag: 'public-url',
    fallback: '',
    help: 'Base URL clients reach the emulator at, for the catalog and version links (default: from the Host header)',
    parse: parsePublicUrl,
  }),
  setting({
    key: 'corsOrigins',
    env: 'VPCEP_CORS_ORIGINS',
    flag: 'cors-origins',
    fallback: '',
    help: 'Origins whose browser scripts may call the emulator (CORS): comma-separated, or * for any',
    parse: parseOrigins,
    show: (origins) => origins.join(','),
  }),
  setting({
    key: 'auth',
    env: 'VPCEP_AUTH',
    flag: 'auth',
    fallback: 'lenient',
    help: 'Credentials /v1 accepts: lenient (any token or signature) or strict (issued tokens, verified signatures)',
    parse: oneOf(AUTH_MODES),
  }),
  setting({
    key: 'accessKeys',
    env: 'VPCEP_ACCESS_KEYS',
    flag: 'access-keys',
    fallback: '',
    help: 'AK/SK pairs strict mode verifies: AK:SK or AK:SK:PROJECT_ID, comma-separated',
    parse: parseAccessKeys,
    show: (keys) => keys.map((k) => [k.accessKey, '***', ...(k.projectId ? [k.projectId] : [])].join(':')).join(','),
  }),
  setting({
    key: 'users',
    env: 'VPCEP_USERS',
    flag: 'users',
    fallback: '',
    help: 'Users strict mode gives tokens to: NAME:PASSWORD:DOMAIN, comma-separated',
    parse: parseUsers,
    show: (users) => users.map((u) => `${u.name}:***:${u.domain}`).join(','),
  }),
  setting({
    key: 'control',
    env: 'VPCEP_CONTROL',
    flag: 'control',
    fallback: 'on',
    help: 'The test-control API under /_emulator: on or off (health stays)',
    parse: parseSwitch,
    show: (on) => (on ? 'on' : 'off'),
  }),
  setting({
    key: 'controlToken',
    env: 'VPCEP_CONTROL_TOKEN',
    flag: 'control-token',
    fallback: '',
    help: 'When set, control calls need Authorization: Bearer <token>',
    parse: parseOptional,
    show: (token) => (token === undefined ? '' : '***'),
  }),
  setting({
    key: 'bodyLimit',
    env: 'VPCEP_BODY_LIMIT',
    flag: 'body-limit',
    fallback: '1m',
    help: 'Largest request body: bytes, or with k or m (1024-based); larger ones are answered 413',
    parse: parseSize,
  }),
  setting({
    key: 'journalSize',
    env: 'VPCEP_JOURNAL_SIZE',
    flag: 'journal-size',
    fallback: '1000',
    help: 'Requests the journal (/_emulator/requests) keeps; 0 keeps none',
    parse: parseCount,
  }),
  setting({
    key: 'seed',
    env: 'VPCEP_SEED',
    flag: 'seed',
    fallback: '',
    help: 'State document (as GET /_emulator/state exports) loaded at start when the database is empty',
    parse: parseOptional,
  }),
];

/** VPCEP_DELAY_SERVICE_CREATE and its siblings: the same syntax as VPCEP_DELAY, which they default to. */
function transitionDelay(kind: TransitionKind, what: string) {
  const words = kind.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`); // serviceCreate → service-create
  return setting({
    key: delayKey(kind),
    env: delayEnv(kind),
    flag: `delay-${words}`,
    fallback: '',
    help: `Time ${what} (default: VPCEP_DELAY)`,
    parse: (raw, name) => (raw.trim() === '' ? undefined : parseDelay(raw, name)),
    // The effective delay: its own, or VPCEP_DELAY's.
    show: (spec, config) => formatDelay(spec ?? config.delay),
  });
}

function delayKey(kind: TransitionKind) {
  return `delay${kind[0].toUpperCase()}${kind.slice(1)}` as `delay${Capitalize<TransitionKind>}`;
}

function delayEnv(kind: TransitionKind): string {
  return `VPCEP_DELAY_${kind.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

/** The delay of a kind of transition, and the setting it comes from (to explain a wait). */
export function delayOf(config: Config, kind: TransitionKind): Delay {
  const own = config[delayKey(kind)];
  return own === undefined ? { spec: config.delay, setting: 'VPCEP_DELAY' } : { spec: own, setting: delayEnv(kind) };
}

/** Every setting by its environment variable, as the emulator's info shows them (secrets masked). */
export function describeConfig(config: Config): Record<string, string> {
  return Object.fromEntries(
    SETTINGS.map((s) => {
      const value = config[s.key];
      const show = s.show as ((v: typeof value, c: Config) => string) | undefined;
      return [s.env, show ? show(value, config) : value === undefined ? '' : String(value)];
    }),
  );
}

function parsePort(raw: string, name: string): number {
  if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65535) {
    throw new ConfigError(`${name} must be an integer from 0 to 65535, got "${raw}"`);
  }
  return Number(raw);
}

function parseCount(raw: string, name: string): number {
  if (!/^\d{1,9}$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  return Number(raw);
}

function parseLimit(raw: string, name: string): number {
  if (!/^\d{1,7}$/.test(raw) || Number(raw) < 1) {
    throw new ConfigError(`${name} must be a whole number from 1 to 9999999, got "${raw}"`);
  }
  return Number(raw);
}

/** A parser that takes one of the values as it is written. */
function oneOf<T extends string>(values: readonly T[]) {
  return (raw: string, name: string): T => {
    if (!(values as readonly string[]).includes(raw)) {
      throw new ConfigError(`${name} must be one of ${values.join(', ')}, got "${raw}"`);
    }
    return raw as T;
  };
}

function parseOptional(raw: string): string | undefined {
  return raw.trim() === '' ? undefined : raw.trim();
}

const SIZE_UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 * 1024 };

/** `1048576`, `512k`, `1m` */
function parseSize(raw: string, name: string): number {
  const match = /^(\d{1,9})([km]?)$/i.exec(raw.trim());
  const bytes = match ? Number(match[1]) * SIZE_UNITS[match[2].toLowerCase()] : 0;
  if (bytes < 1) throw new ConfigError(`${name} must be a size in bytes such as 1048576, 512k or 1m, got "${raw}"`);
  return bytes;
}

function parseSwitch(raw: string, name: string): boolean {
  if (raw === 'on' || raw === 'off') return raw === 'on';
  throw new ConfigError(`${name} must be on or off, got "${raw}"`);
}

function parseNonEmpty(raw: string, name: string): string {
  if (raw.trim() === '') throw new ConfigError(`${name} must not be empty`);
  return raw;
}

function parseRegion(raw: string, name: string): string {
  if (!/^[a-z0-9]+(-[a-z0-9]+)+$/.test(raw)) {
    throw new ConfigError(`${name} must look like a region name such as eu-de, got "${raw}"`);
  }
  return raw;
}



/** "*" or origins such as http://localhost:3000, comma-separated; each is scheme, host and port only. */
function parseOrigins(raw: string, name: string): string[] {
  const entries = raw.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  if (entries.includes('*')) {
    if (entries.length > 1) throw new ConfigError(`${name} is either * or a list of origins, not both`);
    return ['*'];
  }
  return entries.map((entry) => {
    let url: URL | undefined;
    try {
      url = new URL(entry);
    } catch {
      // reported below
    }
    // An origin has no path: "http://localhost:3000/" is not what a browser sends in its Origin header.
    if (!url || !['http:', 'https:'].includes(url.protocol) || url.origin !== entry) {
      throw new ConfigError(`${name} entries must be origins such as http://localhost:3000 (no path), got "${entry}"`);
    }
    return entry;
  });
}

function parsePublicUrl(raw: string, name: string): string | undefined {
  if (raw.trim() === '') return undefined;
  const invalid = new ConfigError(`${name} must be an http or https URL such as http://vpcep:9600, got "${raw}"`);
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw invalid;
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.search || url.hash || url.username) throw invalid;
  // Links are built by appending "/v3/..." and "/v1/...", so the base never ends in a slash.
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}




const ACCESS_KEY = /^[A-Za-z0-9_-]{1,128}$/;
const SECRET_KEY = /^[^\s:,]{1,256}$/;
const PROJECT_ID = new RegExp(PROJECT_ID_PATTERN);

/** "AK:SK" or "AK:SK:PROJECT_ID", comma-separated. Messages never repeat a secret key. */
function parseAccessKeys(raw: string, name: string): AccessKey[] {
  if (raw.trim() === '') return [];
  const keys = raw.split(',').map((entry, index) => {
    const [accessKey = '', secretKey = '', projectId, ...rest] = entry.trim().split(':');
    const valid =
      ACCESS_KEY.test(accessKey) && SECRET_KEY.test(secretKey) && rest.length === 0 &&
      (projectId === undefined || PROJECT_ID.test(projectId));
    if (!valid) {
      throw new ConfigError(
        `${name} entry ${index + 1} must be AK:SK or AK:SK:PROJECT_ID (AK: letters, digits, _ or -; ` +
          'SK: no spaces, colons or commas; PROJECT_ID: a project id)',
      );
    }
    return projectId === undefined ? { accessKey, secretKey } : { accessKey, secretKey, projectId };
  });
  const seen = new Set<string>();
  for (const { accessKey } of keys) {
    if (seen.has(accessKey)) throw new ConfigError(`${name} names access key ${accessKey} twice`);
    seen.add(accessKey);
  }
  return keys;
}

/** "NAME:PASSWORD:DOMAIN", comma-separated; a password may hold colons. Messages never repeat a password. */
function parseUsers(raw: string, name: string): ConfiguredUser[] {
  if (raw.trim() === '') return [];
  const users = raw.split(',').map((entry, index) => {
    const parts = entry.trim().split(':');
    const [user, domain] = [parts[0], parts[parts.length - 1]];
    const password = parts.slice(1, -1).join(':');
    if (parts.length < 3 || !user || !domain || !password) {
      throw new ConfigError(`${name} entry ${index + 1} must be NAME:PASSWORD:DOMAIN (none of them empty)`);
    }
    return { name: user, password, domain };
  });
  const seen = new Set<string>();
  for (const { name: user, domain } of users) {
    if (seen.has(`${domain}/${user}`)) throw new ConfigError(`${name} names user ${user} of domain ${domain} twice`);
    seen.add(`${domain}/${user}`);
  }
  return users;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Parses `0`, `500ms`, `2s`, `1m`, `1h`; a bare number is milliseconds. Returns undefined when malformed. */
export function parseDuration(raw: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(raw.trim());
  if (!match) return undefined;
  return Math.round(Number(match[1]) * UNIT_MS[match[2] ?? 'ms']);
}

export function parseDelay(raw: string, name = 'VPCEP_DELAY'): DelaySpec {
  const value = raw.trim();
  if (value === 'manual') return { kind: 'manual' };
  const bounds = value.split('-');
  const durations = bounds.map(parseDuration);
  const invalid = new ConfigError(
    `${name} must be a duration (0, 500ms, 2s, 1m, 1h), a range (60s-120s) or manual, got "${raw}"`,
  );
  if (durations.some((d) => d === undefined) || durations.length > 2) throw invalid;
  if (durations.length === 1) return { kind: 'fixed', ms: durations[0]! };
  const [minMs, maxMs] = durations as [number, number];
  if (minMs > maxMs) throw new ConfigError(`${name} range must not end before it starts, got "${raw}"`);
  return { kind: 'range', minMs, maxMs };
}

/** The delay as VPCEP_DELAY would say it, in the largest unit that keeps it whole. */
export function formatDelay(spec: DelaySpec): string {
  switch (spec.kind) {
    case 'manual':
      return 'manual';
    case 'fixed':
      return formatDuration(spec.ms);
    case 'range':
      return `${formatDuration(spec.minMs)}-${formatDuration(spec.maxMs)}`;
  }
}

function formatDuration(ms: number): string {
  const unit = (['h', 'm', 's'] as const).find((u) => ms !== 0 && ms % UNIT_MS[u] === 0);
  return unit ? `${ms / UNIT_MS[unit]}${unit}` : ms === 0 ? '0' : `${ms}ms`;
}

/** Reads the configuration: a flag wins over its environment variable, which wins over the default. */
export function loadConfig(argv: string[], env: NodeJS.ProcessEnv): Config {
  const { values } = parseFlags(argv);
  const config: Partial<Record<keyof Config, unknown>> = {};
  for (const s of SETTINGS) {
    const flagValue = values[s.flag];
    const [raw, name] =
      typeof flagValue === 'string'
        ? [flagValue, `--${s.flag}`]
        : [env[s.env] ?? s.fallback, s.env];
    config[s.key] = s.parse(raw, name);
  }
  return config as Config;
}

/** --help or --version, which print their text and end the process before anything else. */
export function wantsInfo(argv: string[]): 'help' | 'version' | undefined {
  const { values } = parseFlags(argv);
  if (values.help === true) return 'help';
  if (values.version === true) return 'version';
  return undefined;
}

function parseFlags(argv: string[]) {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {
    help: { type: 'boolean', short: 'h' },
    version: { type: 'boolean', short: 'v' },
  };
  for (const s of SETTINGS) options[s.flag] = { type: 'string' };
  try {
    return parseArgs({ args: argv, options, allowPositionals: false, strict: true });
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
}

export function helpText(): string {
  const flagWidth = Math.max(...SETTINGS.map((s) => s.flag.length));
  const envWidth = Math.max(...SETTINGS.map((s) => s.env.length));
  const rows = SETTINGS.map((s) => {
    const fallback = s.fallback ? ` (default: ${s.fallback})` : '';
    return `  --${s.flag.padEnd(flagWidth)} ${s.env.padEnd(envWidth)} ${s.help}${fallback}`;
  });
  return [
    'vpcep-emulator: a local Open Telekom Cloud VPC Endpoint (VPCEP) API v1',
    '',
    'Usage: vpcep-emulator [flags]    (in a clone: npm start -- [flags]; every flag is also an environment variable)',
    '',
    `  ${'flag'.padEnd(flagWidth + 2)} ${'variable'.padEnd(envWidth)} meaning`,
    ...rows,
    `  ${'--help'.padEnd(flagWidth + 2)} ${''.padEnd(envWidth)} Show this text`,
    `  ${'--version'.padEnd(flagWidth + 2)} ${''.padEnd(envWidth)} Show the version`,
    '',
  ].join('\n');
}
