// Real processes in tests: each is started in its own process group and always stopped, with everything it
// started, when its test ends, when its own deadline passes (a hung test must not leave a server listening),
// and when the test process exits. Every wait has an explicit timeout that holds on a loaded 2-core machine.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Started {
  child: ChildProcess;
  exited: Promise<Exit>;
  /** Everything written so far. */
  stdout(): string;
  stderr(): string;
  /** Sends the signal to the process group and waits for the exit (SIGKILL after waitMs). */
  stop(signal?: NodeJS.Signals, waitMs?: number): Promise<Exit>;
}

interface TestLike {
  teardown(fn: () => unknown): void;
}

export interface StartOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Killed (the whole group) after this long, whatever the test does. */
  lifetimeMs?: number;
  uid?: number;
  gid?: number;
  /**
   * false: no coverage is recorded for it (and what it starts). tap adds its coverage loader to every child's
   * NODE_OPTIONS, which writes into .tap/ when the child ends (a child running as another user cannot), and
   * counts the project's tooling scripts as if they were the emulator; env(1) removes it (POSIX only).
   */
  coverage?: boolean;
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) killGroup(child, 'SIGKILL');
});

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}

/** Starts a program in its own process group, stopped with the test at the latest. */
export function startProcess(t: TestLike, argv: string[], options: StartOptions = {}): Started {
  const spawnOptions: SpawnOptions = {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.gid ?? options.uid }),
  };
  // Without tap's coverage loader and V8 coverage, which tap passes to every child in the environment.
  const command = options.coverage === false ? ['env', '-u', 'NODE_OPTIONS', '-u', 'NODE_V8_COVERAGE', ...argv] : argv;
  const child = spawn(command[0], command.slice(1), spawnOptions);
  running.add(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk) => (out += chunk));
  child.stderr!.on('data', (chunk) => (err += chunk));
  const exited = new Promise<Exit>((resolve) => {
    child.once('error', () => resolve({ code: null, signal: null }));
    child.once('close', (code, signal) => resolve({ code, signal }));
  }).finally(() => {
    running.delete(child);
    clearTimeout(deadline);
  });
  const deadline = setTimeout(() => killGroup(child, 'SIGKILL'), options.lifetimeMs ?? 120_000);
  deadline.unref();
  const stop = async (signal: NodeJS.Signals = 'SIGTERM', waitMs = 15_000): Promise<Exit> => {
    if (!running.has(child)) return exited;
    killGroup(child, signal);
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), waitMs);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  };
  t.teardown(() => stop('SIGKILL'));
  return { child, exited, stdout: () => out, stderr: () => err, stop };
}

/** Runs a program to its end; its output and exit, or a failure after timeoutMs (the group is killed). */
export async function runToEnd(
  t: TestLike,
  argv: string[],
  options: StartOptions & { timeoutMs: number },
): Promise<Exit & { stdout: string; stderr: string }> {
  const started = startProcess(t, argv, { ...options, lifetimeMs: options.timeoutMs });
  const exit = await started.exited;
  if (exit.signal === 'SIGKILL') {
    throw new Error(`${argv.join(' ')} did not finish within ${options.timeoutMs / 1000} s:\n${started.stderr()}`);
  }
  return { ...exit, stdout: started.stdout(), stderr: started.stderr() };
}

/** The emulator from its TypeScript source, with the loader flags tap gave this process (coverage: false drops its own). */
export function serverCommand(args: string[], options: { coverage?: boolean } = {}): string[] {
  const loaders = process.execArgv.filter((flag) => options.coverage !== false || !flag.includes('processinfo'));
  return [process.execPath, ...loaders, join('src', 'server.ts'), ...args];
}

/**
 * The emulator as npm start runs it, from dist/ (built first when a source changed): for tests that start
 * it many times, which the TypeScript loader would make slow. Start it with `coverage: false`.
 */
export async function builtServerCommand(args: string[]): Promise<string[]> {
  // @ts-expect-error: a JavaScript module of the project's scripts, without type declarations
  const { buildIfStale } = await import('../../scripts/build-if-stale.mjs');
  (buildIfStale as () => boolean)();
  // @ts-expect-error: as above
  const { emulatorCommand } = await import('../../scripts/node-flags.mjs');
  return [...(emulatorCommand as () => string[])(), ...args];
}

export interface Server extends Started {
  /** http://127.0.0.1:PORT */
  base: string;
  /** The start-up line, parsed. */
  banner: Record<string, unknown>;
}

/** Starts the emulator and waits for its start-up line (at most readyMs). */
export async function startServer(
  t: TestLike,
  args: string[],
  options: StartOptions & { readyMs?: number; command?: string[] } = {},
): Promise<Server> {
  const argv = [...(options.command ?? serverCommand([])), ...args];
  const started = startProcess(t, argv, { ...options, env: { LOG_LEVEL: 'info', LOG_FORMAT: 'json', ...options.env } });
  const readyMs = options.readyMs ?? 60_000;
  const banner = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start-up line within ${readyMs / 1000} s:\n${started.stderr()}`)), readyMs);
    const lines = createInterface({ input: started.child.stdout! });
    lines.on('line', (line) => {
      const parsed = parseJson(line);
      if (parsed && typeof parsed.url === 'string' && typeof parsed.listen === 'string') {
        clearTimeout(timer);
        lines.close();
        // Closing readline pauses its input: without this, a server that logs more than a pipe holds blocks.
        started.child.stdout!.resume();
        resolve(parsed);
      }
    });
    started.exited.then((exit) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${JSON.stringify(exit)}) before it was ready:\n${started.stderr()}`));
    });
  });
  return { ...started, banner, base: banner.url as string };
}

function parseJson(line: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** The promise's value, or a failure naming what did not happen within ms. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
