// The process: read the configuration, start the emulator, and stop cleanly on SIGTERM or SIGINT.
// A problem at start-up is one line on stderr and exit code 2, never a stack trace.
import { buildApp } from './app.js';
import { ConfigError, helpText, loadConfig, wantsInfo } from './config.js';
import { StartupError } from './emulator.js';
import { EMULATOR_VERSION } from './package-info.js';

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
    process.stderr.write(`vpcep-emulator: invalid configuration: ${err.message}\n\n${helpText()}`);
    process.exitCode = 2;
    return;
  }

  let app;
  try {
    app = await buildApp({ config });
  } catch (err) {
    if (!(err instanceof StartupError)) throw err;
    process.stderr.write(`vpcep-emulator: cannot start: ${err.message}\n`);
    process.exitCode = 2;
    return;
  }
  const stop = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    // Requests in flight finish; if one hangs, the process still ends.
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
    await app.close();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  await app.listen({ port: config.port, host: config.host });
}

main().catch((err) => {
  process.stderr.write(`vpcep-emulator failed to start: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
