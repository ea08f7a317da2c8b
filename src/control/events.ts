// GET /_emulator/events: the state changes as Server-Sent Events, so a test can wait without polling.
// Each is an event named "change" whose id is its sequence number; a client that reconnects with
// Last-Event-ID gets the changes it missed (of the last thousand). Comment lines keep an idle stream
// alive through proxies.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ChangeFeed, StateChange } from '../runtime/changes.js';

export interface EventFilter {
  project?: string;
  kind?: string;
  id?: string;
}

// A client that reads slower than changes come is cut off rather than buffered without bound.
const MAX_BUFFERED_BYTES = 1 << 20;

export interface EventStreams {
  serve(request: FastifyRequest, reply: FastifyReply, filter: EventFilter): void;
  closeAll(): void;
}

export function eventStreams(feed: ChangeFeed, heartbeatMs: number): EventStreams {
  const open = new Set<() => void>();
  return {
    serve(request, reply, filter) {
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        ...(reply.getHeaders() as Record<string, string>),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'x-request-id': request.id,
      });
      res.write(': state changes of vpcep-emulator\n\n');
      const wanted = (c: StateChange) =>
        (filter.project === undefined || c.project === filter.project) &&
        (filter.kind === undefined || c.kind === filter.kind) &&
        (filter.id === undefined || c.id === filter.id);
      const send = (change: StateChange) => {
        if (!wanted(change)) return;
        res.write(`id: ${change.seq}\nevent: change\ndata: ${JSON.stringify(change)}\n\n`);
        if (res.writableLength > MAX_BUFFERED_BYTES) close();
      };
      const lastSeen = Number(request.headers['last-event-id']);
      if (Number.isInteger(lastSeen)) feed.since(lastSeen).forEach(send);
      const unsubscribe = feed.subscribe(send);
      const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), heartbeatMs);
      const close = () => {
        if (!open.delete(close)) return;
        clearInterval(heartbeat);
        unsubscribe();
        res.end();
      };
      open.add(close);
      request.raw.socket.on('close', close);
    },
    closeAll() {
      for (const close of [...open]) close();
    },
  };
}
