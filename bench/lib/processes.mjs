// Servers under measurement: each in its own process group, so that its CPU time and memory are read
// for everything it started (npx, a Python interpreter and its threads), and so that stopping it stops all.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux: the unit of utime and stime in /proc/<pid>/stat
const PAGE_KB = 4;

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Every group started and not yet stopped: a run that fails stops them all (stopAll), since they outlive it. */
const running = new Set();

/** Stops every group startGroup started that is still running. */
export async function stopAll() {
  await Promise.all([...running].map((group) => group.stop()));
}

/** Starts argv in its own process group; answers the child, its base URL and a stop function. */
export function startGroup(argv, { env = {}, cwd, port, log }) {
  const child = spawn(argv[0], argv.slice(1), {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk).slice(-20_000);
    log?.write(chunk);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  const group = {
    child,
    pgid: child.pid,
    base: `http://127.0.0.1:${port}`,
    output: () => output,
    exited,
    async stop() {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        return;
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // gone
        }
      }, 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
  running.add(group);
  exited.then(() => running.delete(group));
  return group;
}

/** Polls `url` until it answers 2xx; answers the milliseconds from `since`. */
export async function waitUntilUp(url, { since = performance.now(), timeoutMs = 120_000, server } = {}) {
  for (;;) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return performance.now() - since;
    } catch {
      // not listening yet
    }
    if (performance.now() - since > timeoutMs) {
      throw new Error(`${url} did not answer within ${timeoutMs / 1000} s:\n${server?.output() ?? ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function groupStats(pgid) {
  let ticks = 0;
  let rssPages = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    // The command name may hold spaces and parentheses: the fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) !== pgid) continue; // field 5: the process group
    ticks += Number(fields[11]) + Number(fields[12]); // fields 14 and 15: utime, stime
    rssPages += Number(fields[21]); // field 24: rss
  }
  return { cpuMs: (ticks * 1000) / TICKS_PER_SECOND, rssMb: (rssPages * PAGE_KB) / 1024 };
}

/** CPU milliseconds used so far by every process of the group. */
export const groupCpuMs = (pgid) => groupStats(pgid).cpuMs;

/** Resident memory of every process of the group, in MB. */
export const groupRssMb = (pgid) => groupStats(pgid).rssMb;
