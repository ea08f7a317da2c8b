// The event stream over real HTTP: a test hears about a state change without polling.
import t from 'tap';
import { once } from 'node:events';
import { request, type IncomingMessage } from 'node:http';
import { PROJECT, build, createService } from '../helper.js';
import { settle } from '../support/control.js';

/** Opens the stream and collects what it sends: events (parsed) and comment lines. */
async function listen(base: string, path = '/_emulator/events', headers: Record<string, string> = {}) {
  const req = request(`${base}${path}`, { headers });
  req.end();
  const [res] = (await once(req, 'response')) as [IncomingMessage];
  const seen = { events: [] as any[], ids: [] as string[], comments: [] as string[] };
  let buffer = '';
  const waiters: (() => void)[] = [];
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    buffer += chunk;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) seen.comments.push(line);
        if (line.startsWith('id: ')) seen.ids.push(line.slice(4));
        if (line.startsWith('data: ')) seen.events.push(JSON.parse(line.slice(6)));
      }
      waiters.splice(0).forEach((wake) => wake());
    }
  });
  /** Resolves once `check` holds, or fails after 10 s saying what it waited for. */
  const until = (what: string, check: () => boolean) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${what} within 10 s: ${JSON.stringify(seen)}`)), 10_000);
      const test = () => (check() ? (clearTimeout(timer), resolve()) : waiters.push(test));
      test();
    });
  return { res, seen, until, close: () => req.destroy() };
}

t.test('events arrive for create and for creating → available', async (t) => {
  const app = await build(t, {}, { heartbeatMs: 50 });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const stream = await listen(base);
  t.teardown(stream.close);
  t.equal(stream.res.statusCode, 200);
  t.match(stream.res.headers['content-type'], 'text/event-stream');
  const service = await createService(app);
  await settle(app);
  await stream.until('two events', () => stream.seen.events.length >= 2);
  t.match(stream.seen.events, [
    { kind: 'endpoint_service', id: service.id, project: PROJECT, from: null, to: 'creating' },
    { kind: 'endpoint_service', id: service.id, project: PROJECT, from: 'creating', to: 'available' },
  ]);
  t.same(stream.seen.ids, stream.seen.events.map((e) => String(e.seq)), 'each event carries its sequence number as id');
  await stream.until('a heartbeat', () => stream.seen.comments.some((c) => c === ': heartbeat'));
  t.pass('an idle stream gets heartbeat comments');
});

t.test('a filtered stream, and one that resumes after Last-Event-ID', async (t) => {
  const app = await build(t);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const first = await createService(app, { port_id: '11111111-1111-4111-8111-111111111111' });
  const second = await createService(app, { port_id: '22222222-2222-4222-8222-222222222222' });
  const onlySecond = await listen(base, `/_emulator/events?id=${second.id}`);
  t.teardown(onlySecond.close);
  const resumed = await listen(base, '/_emulator/events', { 'last-event-id': '1' });
  t.teardown(resumed.close);
  await resumed.until('the missed event', () => resumed.seen.events.length >= 1);
  t.same(resumed.seen.events.map((e) => [e.id, e.to]), [[second.id, 'creating']], 'what came after event 1');
  await settle(app);
  await onlySecond.until('the second service', () => onlySecond.seen.events.length >= 1);
  await resumed.until('both transitions', () => resumed.seen.events.length >= 3);
  t.same(onlySecond.seen.events.map((e) => [e.id, e.to]), [[second.id, 'available']]);
  t.same(resumed.seen.events.slice(1).map((e) => e.id), [first.id, second.id]);
});

t.test('closing the emulator ends open streams', async (t) => {
  const app = await build(t);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const stream = await listen(base);
  const ended = once(stream.res, 'end');
  await app.close();
  await ended;
  t.pass('the stream ended and close() returned');
});
