// The process's log output: the lines logged in one event-loop turn leave together, in one write.
import t from 'tap';
import { linesPerTurn } from '../src/logger.js';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

t.test('the lines of one event-loop turn leave in one write when the turn ends', async (t) => {
  const writes: string[] = [];
  const out = linesPerTurn({ write: (chunk) => writes.push(chunk) });
  out.write('{"msg":"a"}\n');
  out.write('{"msg":"b"}\n');
  t.same(writes, [], 'nothing is written within the turn');
  await nextTurn();
  t.same(writes, ['{"msg":"a"}\n{"msg":"b"}\n'], 'both, in order, in one write');
  out.write('{"msg":"c"}\n');
  await nextTurn();
  t.same(writes, ['{"msg":"a"}\n{"msg":"b"}\n', '{"msg":"c"}\n'], 'a later turn writes its own line');
  await nextTurn();
  t.equal(writes.length, 2, 'a turn that logged nothing writes nothing');
});
