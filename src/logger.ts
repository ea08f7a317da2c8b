// The process's logger: pino JSON lines by default, or readable lines through pino's own pretty printer
// (pino-pretty) when LOG_FORMAT=pretty, or when LOG_FORMAT=auto and stdout is a terminal.
import { pino, type Logger } from 'pino';
import type { Config } from './config.js';

export function usesPrettyLogs(config: Pick<Config, 'logFormat'>, stdoutIsTerminal: boolean): boolean {
  return config.logFormat === 'pretty' || (config.logFormat === 'auto' && stdoutIsTerminal);
}

export async function createLogger(config: Pick<Config, 'logFormat' | 'logLevel'>): Promise<Logger> {
  const options = { level: config.logLevel };
  if (!usesPrettyLogs(config, process.stdout.isTTY === true)) return pino(options, (stdoutLines ??= linesPerTurn(pino.destination({ dest: 1, sync: true }))));
  // Loaded only when wanted, so that the JSON default starts without it. Synchronous, so that the last lines
  // before an exit are written; on the main thread, not in a transport worker, which would slow the start.
  const { default: pretty } = await import('pino-pretty');
  return pino(
    options,
    pretty({
      sync: true,
      colorize: process.stdout.isTTY === true,
      translateTime: 'SYS:HH:MM:ss.l',
      singleLine: true,
      // Shown in the message already (the start-up banner says its settings in words).
      ignore: ['pid', 'hostname', ...REQUEST_FIELDS, 'url', 'docs', 'listen', 'db', 'delay', 'auth', 'region', 'version'].join(','),
      messageFormat: (log, messageKey) => (log[messageKey] === 'request completed' ? requestLine(log) : String(log[messageKey])),
    }),
  );
}

/** Standard output, shared by every logger of the process (tests build many apps). */
let stdoutLines: { write(line: string): void } | undefined;

const REQUEST_FIELDS = ['method', 'path', 'status', 'duration_ms', 'project'];

/** "POST /v1/…/vpc-endpoint-services 200 12.5 ms" */
function requestLine(log: Record<string, unknown>): string {
  return `${log.method} ${log.path} ${log.status} ${log.duration_ms} ms`;
}

/**
 * The lines logged in one turn of the event loop, written to `out` in one write at the end of the turn. Under
 * load a turn answers many requests, and a request line then costs a string append instead of a system call of
 * its own (a third of the CPU of a GET at `info`). A line still leaves within the turn it was logged in, and the
 * last ones before the process exits are written on the way out.
 */
export function linesPerTurn(out: { write(chunk: string): unknown }): { write(line: string): void } {
  let batch = '';
  const flush = () => {
    const lines = batch;
    batch = '';
    if (lines !== '') out.write(lines);
  };
  process.on('exit', flush);
  return {
    write(line) {
      if (batch === '') setImmediate(flush);
      batch += line;
    },
  };
}
