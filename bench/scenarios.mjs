// What the figures are judged against (issue: "Fast enough to forget it is there"), and the databases
// some figures start from.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const TARGETS = [
  { figure: 'get_cpu_ratio', text: '<= 1.6', read: (f) => f.get_cpu_ratio, met: (v) => v <= 1.6 },
  { figure: 'get_ratio', text: '>= 0.6', read: (f) => f.get_ratio, met: (v) => v >= 0.6 },
  { figure: 'create_cpu_ratio', text: '<= 2.5', read: (f) => f.create_cpu_ratio, met: (v) => v <= 2.5 },
  { figure: 'create_ratio', text: '>= 0.4', read: (f) => f.create_ratio, met: (v) => v >= 0.4 },
  { figure: 'list_scale_ratio', text: '<= 1.2', read: (f) => f.list_scale_ratio, met: (v) => v <= 1.2 },
  { figure: 'list_scale_ratio_status', text: '<= 1.2', read: (f) => f.list_scale_ratio_status, met: (v) => v <= 1.2 },
  { figure: 'startup_ratio', text: '<= 1.5', read: (f) => f.startup_ratio, met: (v) => v <= 1.5 },
  { figure: 'rss_mb_20k', text: '<= 110', read: (f) => f.rss_mb_20k, met: (v) => v <= 110 },
  { figure: 'settle_100k_s', text: '<= 3', read: (f) => f.settle_100k_s, met: (v) => v <= 3 },
  {
    figure: 'idle_cpu_ms_per_s_100k_pending',
    text: 'about zero (< 5 ms of CPU per second)',
    read: (f) => f.idle_cpu_ms_per_s_100k_pending,
    met: (v) => v < 5,
  },
  {
    figure: 'parallel_suites',
    text: '0 errors',
    read: (f) => f.parallel_suites,
    met: (v) => v.errors === 0 && v.failed === 0,
  },
  { figure: 'moto_ratio', text: '>= 10 for GET and create', read: (f) => f.moto_ratio, met: (v) => v.get >= 10 && v.create >= 10 },
  { figure: 'prism_ratio', text: '>= 3 for GET and create', read: (f) => f.prism_ratio, met: (v) => v.get >= 3 && v.create >= 3 },
];

/**
 * A database (made with the emulator's own migrations) holding `count` services that are creating, each
 * with a transition to available due `dueInMs` from now: negative, it fell due while the emulator was down.
 */
export async function prepareOverdue(root, path, count, dueInMs) {
  const { openDatabase } = await import(pathToFileURL(join(root, 'dist', 'db', 'database.js')).href);
  const db = openDatabase(path);
  const now = Date.now();
  const insertService = db.prepare(`
    INSERT INTO endpoint_services (id, project_id, region, name, service_name, port_id, vpc_id, pool_id,
      service_type, server_type, approval_enabled, status, tcp_proxy, description, ip_version, enable_policy,
      payer, enterprise_project_id, supported_editions, created_at, updated_at)
    VALUES (@id, @project, 'eu-de', NULL, @name, @port, @port, @port, 'interface', 'LB', 1, 'creating', 'close', '',
      'ipv4', 0, 'endpoint', '0', '["basic"]', @now, @now)`);
  const insertPort = db.prepare(
    "INSERT INTO service_ports (service_id, position, port_id, client_port, server_port, protocol) VALUES (?, 0, ?, 80, 8080, 'TCP')",
  );
  const insertDue = db.prepare(
    "INSERT INTO pending_transitions (resource_id, action, due_at) VALUES (?, 'endpoint_service.available', ?)",
  );
  let last;
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const id = randomUUID();
      const port = randomUUID();
      insertService.run({ id, project: `bench${i % 1000}`, name: `eu-de.${id}`, port, now });
      insertPort.run(id, port);
      // In the order they were created, the last one due `dueInMs` from now.
      insertDue.run(id, now + dueInMs - count + i);
      last = id;
    }
  })();
  db.close();
  return last;
}
