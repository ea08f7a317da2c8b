// One load figure: autocannon against one server, with the server's CPU time read before and after, so
// that the CPU per request holds on a machine that is busy with other things.
import autocannon from 'autocannon';
import { groupCpuMs } from './processes.mjs';

/**
 * Runs the load and answers requests/s, latency percentiles (ms), errors (failed connections, timeouts
 * and non-2xx answers) and the server's CPU milliseconds per request.
 */
export async function measure(server, { title, requests, seconds, connections = 32, amount, headers = {} }) {
  const before = groupCpuMs(server.pgid);
  const result = await autocannon({
    url: server.base,
    connections,
    ...(amount === undefined ? { duration: seconds } : { amount }),
    requests,
    headers,
    timeout: 30,
  });
  const cpuMs = groupCpuMs(server.pgid) - before;
  const done = result.requests.total;
  return {
    title,
    rps: round(done / (amount === undefined ? seconds : result.duration), 1),
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    requests: done,
    errors: result.errors + result.timeouts + result.non2xx,
    cpu_ms_per_request: done > 0 ? round(cpuMs / done, 4) : null,
  };
}

export function round(value, digits = 2) {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
