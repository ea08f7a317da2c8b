#!/usr/bin/env node
// The process: read the configuration, start the emulator, say where it is in one line, and stop cleanly on
// SIGTERM or SIGINT. A problem at start-up is one line on stderr and exit code 2, never a stack trace.
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { ConfigError, formatDelay, helpText, loadConfig, wantsInfo, type Config } from './config.js';
import { EMULATOR_NAME, EMULATOR_VERSION } from './package-info.js';
import { collectWhenIdle } from './idle-collector.js';
import { StartupError } from './startup-error.js';

const SHUTDOWN_GRACE_MS = 5000;

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  let config;
  try {
    const info = wantsInfo(argv);
    if (info === 'help') return void process.stdout.write(helpText());
    if (info === 'version') return void process.stdout.write(`${EMULATOR_VERSION}\n`);
    config = loadConfig(argv, process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${EMULATOR_NAME}: invalid configuration: ${err.message}\n\n${helpText()}`);
    process.exitCode = 2;
    return;
  }

  let app: FastifyInstance | undefined;
  try {
    app = await buildApp({ config });
    await listen(app, config);
  } catch (err) {
    if (!(err instanceof StartupError)) throw err;
    await app?.close();
    process.stderr.write(`${EMULATOR_NAME}: cannot start: ${err.message}\n`);
    process.exitCode = 2;
    return;
  }
  const running = app;
  const stopCollector = collectWhenIdle(running);
  const stop = async (signal: string) => {
    running.log.info({ signal }, 'shutting down');
    stopCollector();
    // Requests in flight finish; if one hangs, the process still ends.
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
    await running.close();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/** Listens, and logs the one start-up line: where it is, its docs, and the settings people ask about first. */
async function listen(app: FastifyInstance, config: Config): Promise<void> {
  // Fastify logs one "Server listening" line per network interface; the banner below replaces them.
  const level = app.log.level;
  app.log.level = 'warn';
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    throw listenProblem(err, config) ?? err;
  } finally {
    app.log.level = level;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = config.publicUrl ?? `http://${reachableHost(config.host)}:${port}`;
  const banner = {
    url,
    docs: `${url}/docs`,
    listen: `${config.host}:${port}`,
    db: config.db,
    delay: formatDelay(config.delay),
    auth: config.auth,
    region: config.region,
    version: EMULATOR_VERSION,
  };
  app.log.info(
    banner,
    `${EMULATOR_NAME} ${EMULATOR_VERSION} ready at ${url} (docs ${banner.docs}), database ${config.db}, ` +
      `delay ${banner.delay}, auth ${config.auth}, region ${config.region}`,
  );
}

/** A wildcard address is not one a browser can open: show the loopback address instead. */
function reachableHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::' || host === '[::]') return '[::1]';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** The reasons a listen fails that a user can fix, as one line naming the setting. */
function listenProblem(err: unknown, config: Config): StartupError | undefined {
  const where = `${config.host}:${config.port}`;
  switch ((err as NodeJS.ErrnoException).code) {
    case 'EADDRINUSE':
      return new StartupError(
        `port ${config.port} on ${config.host} is already in use (another emulator?); ` +
          `choose another with --port ${config.port + 1} or PORT=${config.port + 1}, or PORT=0 for any free port`,
      );
    case 'EACCES':
      return new StartupError(
        `not allowed to listen on ${where} (ports below 1024 need privileges); choose a port from 1024 up with --port or PORT`,
      );
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return new StartupError(
        `HOST=${config.host} is not an address of this machine; use 127.0.0.1, or 0.0.0.0 for every interface (--host or HOST)`,
      );
    default:
      return undefined;
  }
}

main().catch((err) => {
  process.stderr.write(`${EMULATOR_NAME} failed to start: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
