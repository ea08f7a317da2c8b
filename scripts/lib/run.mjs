// Running programs from the project's suite scripts (compat, container): each in its own process group, so that
// a deadline or an interruption ends it with everything it started; output inherited, prefixed or captured.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** The children still running, for an interruption handler. */
export const active = new Set();

/**
 * Runs a program to completion. Options: env, prefix (each output line prefixed), capture (stdout and stderr
 * collected and returned), deadline (epoch ms; the group is killed then). Rejects naming the program and how it ended.
 */
export function run(program, args, cwd, { env = process.env, prefix, capture = false, deadline } = {}) {
  return new Promise((resolveRun, rejectRun) => {
    const piped = prefix !== undefined || capture;
    const child = spawn(program, args, {
      cwd,
      env,
      stdio: piped ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
      detached: true, // its own process group, so a timeout ends its children too
    });
    active.add(child);
    const output = { stdout: '', stderr: '' };
    if (piped) {
      for (const stream of ['stdout', 'stderr']) {
        createInterface({ input: child[stream] }).on('line', (line) => {
          if (capture) output[stream] += `${line}\n`;
          else process[stream].write(`${prefix}${line}\n`);
        });
      }
    }
    let timedOut = false;
    const timer =
      deadline &&
      setTimeout(() => {
        timedOut = true;
        killGroup(child, 'SIGKILL');
      }, Math.max(0, deadline - Date.now()));
    child.once('error', (err) => {
      clearTimeout(timer);
      active.delete(child);
      rejectRun(new Error(`${program} could not be started: ${err.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      active.delete(child);
      const said = capture && output.stderr.trim() ? `: ${output.stderr.trim().split('\n').slice(-5).join(' | ')}` : '';
      if (timedOut) rejectRun(new Error(`${program} ${args.join(' ')} timed out${said}`));
      else if (code === 0) resolveRun(output);
      else rejectRun(Object.assign(new Error(`${program} ${args.join(' ')} ended with ${describeExit({ code, signal })}${said}`), { code, output }));
    });
  });
}

export function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

export function describeExit({ code, signal }) {
  return signal ? `signal ${signal}` : `exit code ${code}`;
}

/**
 * On SIGINT or SIGTERM: ends the programs still running (their process groups), says so, and fails the run.
 * Returns a check the suite asks before each next step.
 */
export function stopOnInterrupt(log) {
  let interrupted = false;
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      interrupted = true;
      for (const child of active) killGroup(child, 'SIGTERM');
      log(`interrupted by ${signal}`);
      process.exitCode = 1;
    });
  }
  return () => interrupted;
}
