// Every statement the emulator prepares is found by index: SQLite's EXPLAIN QUERY PLAN of each must not
// scan a table, except for the few statements whose job is to read every row (a state export, a count
// for /_emulator/info, a full reset), named below with the reason. The statements are collected where
// they are made, in better-sqlite3's prepare, so a new statement is checked without being listed here;
// lists prepare a statement per combination of filters and order, so each filter and order is requested.
import Database from 'better-sqlite3';
import t from 'tap';
import { AUTH, build, PROJECT, serviceBody } from '../helper.js';
import { settle } from '../support/control.js';

const prepared = new Set<string>();
const prepare = Database.prototype.prepare;
Database.prototype.prepare = function (this: Database.Database, source: string) {
  prepared.add(source);
  return prepare.call(this, source);
} as typeof prepare;
t.teardown(() => {
  Database.prototype.prepare = prepare;
});

// Statements that read or change every row of a table on purpose, each with why. Besides these, a
// statement without a WHERE of its own (outside its subqueries) reads every row by what it is: a state
// export, settling everything, a count for /_emulator/info, the list of every project.
const WHOLE_TABLE: Array<{ sql: RegExp; why: string }> = [
  { sql: /@project IS NULL/, why: 'a reset without a project removes every record' },
  { sql: /FROM sqlite_master/, why: 'the schema itself, at start-up' },
  { sql: /FROM endpoints e WHERE e\.status != 'creating' ORDER BY e\.service_id/, why: 'the state export of every connection' },
];

/** The statement without its parenthesised parts (subqueries, column lists). */
function outerStatement(sql: string): string {
  let outer = sql;
  for (let inner = outer.replace(/\([^()]*\)/g, ''); inner !== outer; inner = outer.replace(/\([^()]*\)/g, '')) outer = inner;
  return outer;
}

interface PlanRow {
  detail: string;
}

/** Dummy values for the statement's parameters: positional ? and named @name. */
function dummyParameters(sql: string): unknown[] {
  const outsideQuotes = sql.replace(/'(?:[^']|'')*'/g, "''");
  const named = [...outsideQuotes.matchAll(/[@:$](\w+)/g)].map((m) => m[1]);
  const positional = (outsideQuotes.match(/\?/g) ?? []).map(() => null);
  return named.length > 0 ? [...positional, Object.fromEntries(named.map((name) => [name, null]))] : positional;
}

/** The plan's full scans of real tables (co-routines, materialised subqueries and json_each are not tables). */
function tableScans(db: Database.Database, sql: string): string[] {
  const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...dummyParameters(sql)) as PlanRow[];
  const derived = new Set(
    plan.map((row) => /^(?:CO-ROUTINE|MATERIALIZE) (\S+)/.exec(row.detail)?.[1]).filter((name) => name !== undefined),
  );
  return plan
    .map((row) => row.detail)
    .filter((detail) => {
      const scanned = /^SCAN (\S+)/.exec(detail)?.[1];
      return scanned !== undefined && !derived.has(scanned) && scanned !== 'CONSTANT' && !/VIRTUAL TABLE/.test(detail);
    });
}

t.test('no list or lookup scans a table', async (t) => {
  const app = await build(t);
  // A service with a whitelist and an endpoint, so that every list has rows and every path a real id.
  const service = (await app.inject({ method: 'POST', url: `/v1/${PROJECT}/vpc-endpoint-services`, headers: AUTH, payload: serviceBody({ tags: [{ key: 'k', value: 'v' }] }) })).json();
  await settle(app);
  const base = `/v1/${PROJECT}`;
  const lists = [
    ...['', 'id=x', 'status=available', 'endpoint_service_name=x', 'sort_key=updated_at', 'sort_dir=asc', 'status=available&sort_key=updated_at']
      .map((query) => `${base}/vpc-endpoint-services?${query}`),
    ...['', 'id=x', 'vpc_id=4189d3c2-8882-4871-a3c2-d380272eed80', 'endpoint_service_name=x', 'sort_key=updated_at', 'sort_dir=asc']
      .map((query) => `${base}/vpc-endpoints?${query}`),
    ...['', 'id=x', 'marker_id=1', 'status=accepted', 'sort_key=updated_at', 'sort_dir=asc']
      .map((query) => `${base}/vpc-endpoint-services/${service.id}/connections?${query}`),
    ...['', 'permission=x', 'sort_key=updated_at', 'sort_dir=asc'].map((query) => `${base}/vpc-endpoint-services/${service.id}/permissions?${query}`),
    `${base}/vpc-endpoint-services/describe?id=${service.id}`,
    `${base}/vpcs`,
    `${base}/subnets`,
    '/v2.0/lbaas/loadbalancers',
  ];
  for (const url of lists) {
    const res = await app.inject({ method: 'GET', url, headers: { ...AUTH, 'x-project-id': PROJECT } });
    t.ok(res.statusCode < 500, `${url} answers`);
  }

  const db = app.emulator.db;
  t.ok(prepared.size > 100, `every statement is collected (${prepared.size})`);
  const scanning: string[] = [];
  for (const sql of prepared) {
    const oneLine = sql.replace(/\s+/g, ' ').trim();
    if (/^(EXPLAIN|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|PRAGMA|CREATE|INSERT INTO \w+ \([^)]*\) VALUES)/i.test(oneLine)) continue;
    if (!/\bWHERE\b/i.test(outerStatement(oneLine))) continue;
    if (WHOLE_TABLE.some(({ sql: pattern }) => pattern.test(oneLine))) continue;
    const scans = tableScans(db, sql);
    if (scans.length > 0) scanning.push(`${oneLine}\n    ${scans.join('\n    ')}`);
  }
  t.same(scanning, [], 'statements that scan a table');
});
