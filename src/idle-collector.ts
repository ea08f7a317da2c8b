// Memory given back when the emulator goes quiet. After a burst of requests the heap keeps the pages the burst
// filled with garbage until V8's memory reducer runs, some 20 s later. An emulator spends most of its life
// waiting between the phases of a test run, so it collects at the first quiet moment after its heap has grown:
// no new request for QUIET_MS (checked every QUIET_MS, so it runs between one and two of them after the last),
// and the heap at least GROWTH_BYTES larger than the last collection (or the start) left it. Growth is not
// counted from a smaller heap V8 left meanwhile: its own collections keep a burst's pages. It runs while no
// request arrives, but a request in flight then (an event stream, a long wait) is paused for it, 15-35 ms.
// A client that asks more often than every QUIET_MS keeps it from running at all; V8 collects as it always does.
import type { FastifyInstance } from 'fastify';
import type { EventEmitter } from 'node:events';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const QUIET_MS = 250;
const GROWTH_BYTES = 16 * 1024 * 1024;

export interface IdleCollectorOptions {
  quietMs?: number;
  growthBytes?: number;
  /** Bytes the heap holds from the system now. */
  heapBytes?: () => number;
  /** A full collection. */
  collect?: () => void;
  /** Told what a collection did. */
  onCollected?: (report: { beforeBytes: number; afterBytes: number; ms: number }) => void;
  /** Told when a collection failed; the collector then stops (the emulator goes on without it). */
  onFailed?: (err: unknown) => void;
}

/** Collects when the requests to an HTTP `server` stop for a while after the heap grew. Answers a stop function. */
export function startIdleCollector(server: Pick<EventEmitter, 'on' | 'off'>, options: IdleCollectorOptions = {}): () => void {
  const { quietMs = QUIET_MS, growthBytes = GROWTH_BYTES, heapBytes = committedHeapBytes, collect = collectFully } = options;
  let requests = 0;
  let requestsSeen = 0;
  let timer: NodeJS.Timeout | undefined;
  let baseline = heapBytes();

  const check = () => {
    timer = undefined;
    if (requests !== requestsSeen) return arm(); // a request came since: still busy
    const beforeBytes = heapBytes();
    if (beforeBytes - baseline < growthBytes) return;
    const started = performance.now();
    try {
      collect();
    } catch (err) {
      stop();
      return options.onFailed?.(err);
    }
    baseline = heapBytes();
    options.onCollected?.({ beforeBytes, afterBytes: baseline, ms: performance.now() - started });
  };
  const arm = () => {
    requestsSeen = requests;
    timer = setTimeout(check, quietMs);
    timer.unref();
  };
  const onRequest = () => {
    requests++;
    if (timer === undefined) arm();
  };
  const stop = () => {
    server.off('request', onRequest);
    clearTimeout(timer);
  };
  server.on('request', onRequest);
  return stop;
}

/** Collects when `app`'s HTTP server goes quiet after the heap grew; says so at debug, a failure at warn. */
export function collectWhenIdle(app: FastifyInstance, options: IdleCollectorOptions = {}): () => void {
  return startIdleCollector(app.server, {
    onCollected: ({ beforeBytes, afterBytes, ms }) =>
      app.log.debug({ heap_mb_before: toMb(beforeBytes), heap_mb_after: toMb(afterBytes), ms: Math.round(ms) }, 'idle: memory collected'),
    onFailed: (err) => app.log.warn({ err }, 'idle: memory collection failed; the emulator goes on without it'),
    ...options,
  });
}

const toMb = (bytes: number) => Math.round(bytes / 2 ** 20);

const committedHeapBytes = () => getHeapStatistics().total_heap_size;

/**
 * V8's own full collection, which a process gets only when started with --expose-gc; the flag still makes
 * `gc` available to contexts created after it is set (made on first use: start-up does not pay for it). Run
 * twice: after 20,000 creates, one collection left the process at 120 MB a second later, two at 105 (the
 * second releases the pages the first emptied).
 */
export function collectFully(): void {
  exposedGc ??= exposeGc();
  exposedGc();
  exposedGc();
}

let exposedGc: (() => void) | undefined;

function exposeGc(): () => void {
  if (typeof globalThis.gc === 'function') return globalThis.gc; // started with --expose-gc
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
