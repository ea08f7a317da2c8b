// The emulator's configuration: every setting is an environment variable and a command-line flag
// of the same meaning. This module is the only place that reads, defaults and validates them.
import { parseArgs } from 'node:util';
import { PROJECT_ID_PATTERN } from './common/schemas.js';
import type { AccessKey, AuthMode } from './identity/credentials.js';

/** How long an asynchronous transition (creating → available, deleting → gone) takes. */
export type DelaySpec =
  | { kind: 'fixed'; ms: number }
  | { kind: 'range'; minMs: number; maxMs: number }
  | { kind: 'manual' };

export interface Config {
  port: number;
  host: string;
  db: string;
  region: string;
  delay: DelaySpec;
  logLevel: string;
  /** Endpoint services a project may have. */
  quotaServices: number;
  /** Endpoints a project may have. */
  quotaEndpoints: number;
  /** Base URL clients reach the emulator at; undefined: each request's scheme and Host header. */
  publicUrl: string | undefined;
  /** Which credentials /v1 accepts (see identity/credentials.ts). */
  auth: AuthMode;
  /** Key pairs whose SDK-HMAC-SHA256 signatures strict mode verifies. */
  accessKeys: AccessKey[];
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export const DEFAULT_PORT = 9600;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

interface Setting<K extends keyof Config> {
  key: K;
  env: string;
  flag: string;
  fallback: string;
  help: string;
  parse: (raw: string, name: string) => Config[K];
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
    help: 'Time a transition takes: a duration (0, 500ms, 2s, 1m), a range (60s-120s) or manual',
    parse: parseDelay,
  }),
  setting({
    key: 'logLevel',
    env: 'LOG_LEVEL',
    flag: 'log-level',
    fallback: 'info',
    help: `Log level: ${LOG_LEVELS.join(', ')}`,
    parse: parseLogLevel,
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
    key: 'publicUrl',
    env: 'VPCEP_PUBLIC_URL',
    flag: 'public-url',
    fallback: '',
    help: 'Base URL clients reach the emulator at, for the catalog and version links (default: from the Host header)',
    parse: parsePublicUrl,
  }),
  setting({
    key: 'auth',
    env: 'VPCEP_AUTH',
    flag: 'auth',
    fallback: 'lenient',
    help: 'Credentials /v1 accepts: lenient (any token or signature) or strict (issued tokens, verified signatures)',
    parse: parseAuthMode,
  }),
  setting({
    key: 'accessKeys',
    env: 'VPCEP_ACCESS_KEYS',
    flag: 'access-keys',
    fallback: '',
    help: 'AK/SK pairs strict mode verifies: AK:SK or AK:SK:PROJECT_ID, comma-separated',
    parse: parseAccessKeys,
  }),
];

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

function parseLogLevel(raw: string, name: string): string {
  if (!LOG_LEVELS.includes(raw)) {
    throw new ConfigError(`${name} must be one of ${LOG_LEVELS.join(', ')}, got "${raw}"`);
  }
  return raw;
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

const AUTH_MODES: AuthMode[] = ['lenient', 'strict'];

function parseAuthMode(raw: string, name: string): AuthMode {
  if (!(AUTH_MODES as string[]).includes(raw)) {
    throw new ConfigError(`${name} must be one of ${AUTH_MODES.join(', ')}, got "${raw}"`);
  }
  return raw as AuthMode;
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

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };

/** Parses `0`, `500ms`, `2s`, `1m`; a bare number is milliseconds. Returns undefined when malformed. */
export function parseDuration(raw: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(raw.trim());
  if (!match) return undefined;
  return Math.round(Number(match[1]) * UNIT_MS[match[2] ?? 'ms']);
}

export function parseDelay(raw: string, name = 'VPCEP_DELAY'): DelaySpec {
  const value = raw.trim();
  if (value === 'manual') return { kind: 'manual' };
  const bounds = value.split('-');
  const durations = bounds.map(parseDuration);
  const invalid = new ConfigError(
    `${name} must be a duration (0, 500ms, 2s, 1m), a range (60s-120s) or manual, got "${raw}"`,
  );
  if (durations.some((d) => d === undefined) || durations.length > 2) throw invalid;
  if (durations.length === 1) return { kind: 'fixed', ms: durations[0]! };
  const [minMs, maxMs] = durations as [number, number];
  if (minMs > maxMs) throw new ConfigError(`${name} range must not end before it starts, got "${raw}"`);
  return { kind: 'range', minMs, maxMs };
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

export function wantsHelp(argv: string[]): boolean {
  return parseFlags(argv).values.help === true;
}

function parseFlags(argv: string[]) {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {
    help: { type: 'boolean', short: 'h' },
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
    'Usage: npm start -- [flags]      (every flag is also an environment variable)',
    '',
    `  ${'flag'.padEnd(flagWidth + 2)} ${'variable'.padEnd(envWidth)} meaning`,
    ...rows,
    `  ${'--help'.padEnd(flagWidth + 2)} ${''.padEnd(envWidth)} Show this text`,
    '',
  ].join('\n');
}
