// @ts-check
// What the dashboard shows, as functions from the emulator's answers to elements. They hold no state:
// the buttons call the handlers they are given (see dashboard.js).
import { badge, countdown, h, none, table, time } from './dom.js';

/**
 * @typedef {{ action: string, becomes: string, due_at: string | null, setting: string } | null} Pending
 * @typedef {{ error_code: string, error_message: string }} ResourceError
 * @typedef {{ id: string, service_name: string, status: string, project_id: string, domain_id: string,
 *   approval_enabled: boolean, connection_count: number, created_at: string, tags: { key: string, value: string }[],
 *   ports: { client_port: number, server_port: number, protocol: string }[], error?: ResourceError[] }} Service
 * @typedef {{ id: string, marker_id: number, status: string, domain_id: string, created_at: string,
 *   error?: ResourceError[] }} Connection
 * @typedef {{ id: string, permission: string, created_at: string }} Permission
 * @typedef {{ service: Service, connections: Connection[], permissions: Permission[], pending: Pending }} ServiceEntry
 * @typedef {{ id: string, status: string, project_id: string, endpoint_service_id: string,
 *   endpoint_service_name: string, ip?: string, dns_names?: string[], created_at: string, error?: ResourceError[] }} Endpoint
 * @typedef {{ endpoint: Endpoint, pending: Pending }} EndpointEntry
 * @typedef {{ id: string, name: string | null, domain: { id: string, name: string | null } }} Project
 * @typedef {{ id: string, owner: string, service_name: string, service_type: string, is_charge: boolean }} PublicService
 * @typedef {{ now: string, real_now: string, offset_seconds: number }} Clock
 * @typedef {{ clock: Clock, projects: Project[], endpoint_services: ServiceEntry[], endpoints: EndpointEntry[],
 *   public_services: PublicService[] }} Overview
 * @typedef {{ seq: number, time: string, method: string, path: string, operation: string | null,
 *   project: string | null, status: number, error_code: string | null, error_msg: string | null,
 *   duration_ms: number, request_id: string, fault: boolean }} JournalEntry
 * @typedef {{ emulator: { name: string, version: string }, region: string, config: Record<string, string>,
 *   clock: Clock }} Info
 * @typedef {{ kind: 'service' | 'endpoint', id: string, name: string }} ResourceRef
 * @typedef {{
 *   settle(ref: ResourceRef): void,
 *   fail(ref: ResourceRef): void,
 *   resetProject(projectId: string): void,
 *   connection(action: 'receive' | 'reject', service: Service, endpointId: string): void,
 *   select(entry: JournalEntry): void,
 * }} Handlers
 */

/**
 * Version, region, delays, credentials mode and the clock.
 * @param {Info} info
 * @param {Clock} clock
 */
export function infoFields(info, clock) {
  const config = info.config;
  const delay = config.VPCEP_DELAY;
  const overrides = ['SERVICE_CREATE', 'SERVICE_DELETE', 'ENDPOINT_CREATE', 'ENDPOINT_DELETE']
    .filter((kind) => config[`VPCEP_DELAY_${kind}`] !== delay)
    .map((kind) => `${kind.toLowerCase().replace('_', ' ')} ${config[`VPCEP_DELAY_${kind}`]}`);
  const offset = clock.offset_seconds;
  return [
    field('Version', `${info.emulator.name} ${info.emulator.version}`),
    field('Region', info.region),
    field('Delay', [delay, ...overrides].join('; ')),
    field('Auth', config.VPCEP_AUTH),
    field('Clock', h('span', { 'data-clock': '' }, time(clock.now)), offset ? ` (+${formatSeconds(offset)})` : ''),
  ];
}

/** @param {number} seconds */
function formatSeconds(seconds) {
  return countdown(seconds * 1000).replace(/^in /, '');
}

/**
 * One term and its description in a <dl>.
 * @param {string} term
 * @param {...(Node | string)} description
 */
function field(term, ...description) {
  return h('div', { class: 'field' }, h('dt', null, term), h('dd', null, ...description));
}

/**
 * Every project with its services (connections, whitelist) and endpoints.
 * @param {Overview} overview
 * @param {Handlers} on
 */
export function projectSections(overview, on) {
  if (overview.projects.length === 0) return [none('No project has any resources yet. Create one through the cloud API.')];
  return overview.projects.map((project) => {
    const services = overview.endpoint_services.filter((e) => e.service.project_id === project.id);
    const endpoints = overview.endpoints.filter((e) => e.endpoint.project_id === project.id);
    const headingId = `project-${project.id}`;
    return h(
      'section',
      { class: 'project', 'aria-labelledby': headingId, 'data-project-id': project.id },
      h(
        'div',
        { class: 'project-head' },
        h('h3', { id: headingId }, 'Project ', h('code', null, project.id), project.name ? ` (${project.name})` : ''),
        h(
          'button',
          { type: 'button', class: 'danger', 'data-key': `reset-${project.id}`, onclick: () => on.resetProject(project.id) },
          'Reset project…',
        ),
      ),
      h('p', { class: 'muted' }, 'Account ', h('code', null, project.domain.id), project.domain.name ? ` (${project.domain.name})` : ''),
      h('h4', null, `Endpoint services (${services.length})`),
      services.length ? services.map((entry) => serviceCard(entry, overview, on)) : none('No endpoint services.'),
      h('h4', null, `Endpoints (${endpoints.length})`),
      endpoints.length ? endpointTable(project.id, endpoints, on) : none('No endpoints.'),
    );
  });
}

/**
 * @param {ServiceEntry} entry
 * @param {Overview} overview
 * @param {Handlers} on
 */
function serviceCard(entry, overview, on) {
  const { service, connections, permissions, pending } = entry;
  const ref = serviceRef(service);
  const consumerOf = new Map(overview.endpoints.map((e) => [e.endpoint.id, e.endpoint.project_id]));
  return h(
    'article',
    { class: 'card', 'aria-labelledby': `service-${service.id}`, 'data-service-id': service.id },
    h('div', { class: 'card-head' }, h('h5', { id: `service-${service.id}` }, h('code', null, service.service_name)), badge(service.status)),
    h(
      'dl',
      { class: 'fields' },
      field('ID', h('code', null, service.id)),
      field('Ports', service.ports.map((p) => `${p.client_port} → ${p.server_port}/${p.protocol}`).join(', ')),
      field('Approval', service.approval_enabled ? 'required' : 'automatic'),
      field('Connections', String(service.connection_count)),
      field('Tags', service.tags.length ? service.tags.map((t) => `${t.key}=${t.value}`).join(', ') : '—'),
      field('Created', time(service.created_at)),
    ),
    errorList(service.error),
    pendingNote(pending),
    resourceActions(ref, pending, on),
    h('h6', null, `Connections (${connections.length})`),
    connections.length
      ? table(
          `Connections of ${service.service_name}`,
          ['Endpoint', 'Project', 'Account', 'Marker', 'Status', 'Actions'],
          connections.map((c) =>
            h(
              'tr',
              { 'data-connection-id': c.id },
              h('td', null, h('code', null, c.id)),
              h('td', null, h('code', null, consumerOf.get(c.id) ?? '—')),
              h('td', null, h('code', null, c.domain_id)),
              h('td', null, String(c.marker_id)),
              h('td', null, badge(c.status), errorList(c.error)),
              h('td', { class: 'actions' }, connectionButtons(service, c, on)),
            ),
          ),
        )
      : none('No endpoint has reached it yet.'),
    h('h6', null, `Whitelist (${permissions.length})`),
    permissions.length
      ? h('ul', { class: 'plain' }, permissions.map((p) => h('li', null, h('code', null, p.permission), ' since ', time(p.created_at))))
      : none('Only its own account may connect.'),
  );
}

/**
 * Accept while it waits for the owner; reject while it waits or is accepted.
 * @param {Service} service
 * @param {Connection} c
 * @param {Handlers} on
 */
function connectionButtons(service, c, on) {
  const button = (/** @type {'receive' | 'reject'} */ action, /** @type {string} */ label) =>
    h(
      'button',
      {
        type: 'button',
        class: action === 'reject' ? 'danger' : '',
        'data-key': `${action}-${c.id}`,
        'aria-label': `${label} endpoint ${c.id}`,
        onclick: () => on.connection(action, service, c.id),
      },
      action === 'reject' ? `${label}…` : label,
    );
  return [
    c.status === 'pendingAcceptance' && button('receive', 'Accept'),
    (c.status === 'pendingAcceptance' || c.status === 'accepted') && button('reject', 'Reject'),
  ];
}

/**
 * @param {string} projectId
 * @param {EndpointEntry[]} entries
 * @param {Handlers} on
 */
function endpointTable(projectId, entries, on) {
  return table(
    `Endpoints of project ${projectId}`,
    ['Endpoint', 'Service', 'Status', 'IP', 'DNS names', 'Created', 'Actions'],
    entries.map(({ endpoint, pending }) =>
      h(
        'tr',
        { 'data-endpoint-id': endpoint.id },
        h('td', null, h('code', null, endpoint.id)),
        h('td', null, h('code', null, endpoint.endpoint_service_name)),
        h('td', { class: 'status' }, badge(endpoint.status), errorList(endpoint.error), pendingNote(pending)),
        h('td', null, endpoint.ip ?? '—'),
        // Only interface endpoints with enable_dns have dns_names at all.
        h('td', null, endpoint.dns_names?.length ? endpoint.dns_names.map((n) => h('code', { class: 'block' }, n)) : '—'),
        h('td', null, time(endpoint.created_at)),
        h('td', { class: 'actions' }, resourceActions(endpointRef(endpoint), pending, on)),
      ),
    ),
  );
}

/** @param {Service} s @returns {ResourceRef} */
const serviceRef = (s) => ({ kind: 'service', id: s.id, name: s.service_name });
/** @param {Endpoint} e @returns {ResourceRef} */
const endpointRef = (e) => ({ kind: 'endpoint', id: e.id, name: e.id });

/**
 * Settle (when something is pending) and fail.
 * @param {ResourceRef} ref
 * @param {Pending} pending
 * @param {Handlers} on
 */
function resourceActions(ref, pending, on) {
  return h(
    'div',
    { class: 'buttons' },
    pending &&
      h(
        'button',
        { type: 'button', 'data-key': `settle-${ref.id}`, 'aria-label': `Settle ${ref.kind} ${ref.name}`, onclick: () => on.settle(ref) },
        'Settle',
      ),
    h(
      'button',
      { type: 'button', class: 'danger', 'data-key': `fail-${ref.id}`, 'aria-label': `Fail ${ref.kind} ${ref.name}…`, onclick: () => on.fail(ref) },
      'Fail…',
    ),
  );
}

/**
 * What the resource becomes, and when.
 * @param {Pending} pending
 */
function pendingNote(pending) {
  if (!pending) return null;
  return h('p', { class: 'pending' }, `becomes ${pending.becomes} `, due(pending));
}

/**
 * The due time in the user's locale with a countdown the page ticks, or why there is none.
 * @param {NonNullable<Pending>} pending
 */
function due(pending) {
  if (pending.due_at === null) return h('span', null, `when settled (${pending.setting} is manual)`);
  return h('span', null, 'at ', time(pending.due_at), ' ', h('span', { class: 'countdown', 'data-due': pending.due_at }, ''));
}

/** @param {ResourceError[] | undefined} errors */
function errorList(errors) {
  if (!errors?.length) return null;
  return h(
    'ul',
    { class: 'errors' },
    errors.map((e) => h('li', null, h('code', null, e.error_code), ' ', e.error_message)),
  );
}

/**
 * Everything pending, soonest first; what waits for settle last.
 * @param {Overview} overview
 * @param {Handlers} on
 */
export function pendingTable(overview, on) {
  const rows = [
    ...overview.endpoint_services.map((e) => ({ ref: serviceRef(e.service), project: e.service.project_id, status: e.service.status, pending: e.pending })),
    ...overview.endpoints.map((e) => ({ ref: endpointRef(e.endpoint), project: e.endpoint.project_id, status: e.endpoint.status, pending: e.pending })),
  ]
    .filter((row) => row.pending !== null)
    .sort((a, b) => dueOrder(a.pending) - dueOrder(b.pending));
  if (rows.length === 0) return none('Nothing is pending.');
  return table(
    'Pending transitions',
    ['Resource', 'Change', 'Due', ''],
    rows.map(({ ref, project, status, pending }) =>
      h(
        'tr',
        { 'data-pending-id': ref.id },
        h('td', null, `${ref.kind} `, h('code', null, ref.name), h('span', { class: 'muted block' }, 'project ', h('code', null, project))),
        h('td', null, badge(status), ' → ', pending?.becomes ?? ''),
        h('td', null, pending && due(pending)),
        h('td', { class: 'actions' }, h(
          'button',
          { type: 'button', 'data-key': `settle-pending-${ref.id}`, 'aria-label': `Settle ${ref.kind} ${ref.name}`, onclick: () => on.settle(ref) },
          'Settle',
        )),
      ),
    ),
  );
}

/** @param {Pending} pending */
function dueOrder(pending) {
  return pending?.due_at ? Date.parse(pending.due_at) : Number.MAX_SAFE_INTEGER;
}

/**
 * Services and endpoints in status failed, with their error list.
 * @param {Overview} overview
 */
export function failedList(overview) {
  const failed = [
    ...overview.endpoint_services.filter((e) => e.service.status === 'failed').map((e) => ({ ref: serviceRef(e.service), project: e.service.project_id, error: e.service.error })),
    ...overview.endpoints.filter((e) => e.endpoint.status === 'failed').map((e) => ({ ref: endpointRef(e.endpoint), project: e.endpoint.project_id, error: e.endpoint.error })),
  ];
  if (failed.length === 0) return none('No resource has failed.');
  return h(
    'ul',
    { class: 'plain' },
    failed.map(({ ref, project, error }) =>
      h('li', null, `${ref.kind} `, h('code', null, ref.name), ' of project ', h('code', null, project), errorList(error)),
    ),
  );
}

/** @param {PublicService[]} services */
export function publicTable(services) {
  return table(
    'Public services',
    ['Name', 'Type', 'Charged'],
    services.map((s) => h('tr', null, h('td', null, h('code', null, s.service_name)), h('td', null, s.service_type), h('td', null, s.is_charge ? 'yes' : 'no'))),
  );
}

/**
 * The journal, newest first; each row's button shows the entry in detail.
 * @param {JournalEntry[]} entries
 * @param {number | undefined} selected
 * @param {Handlers} on
 */
export function journalTable(entries, selected, on) {
  if (entries.length === 0) return none('No request matches.');
  return table(
    'Request journal',
    ['Time', 'Request', 'Status', 'Error', 'Duration', 'Project'],
    entries.map((entry) =>
      h(
        'tr',
        { class: entry.seq === selected ? 'selected' : '', 'data-seq': entry.seq },
        h('td', { class: 'nowrap' }, time(entry.time, 'clock')),
        h('td', null, h(
          'button',
          {
            type: 'button',
            class: 'link',
            'data-key': `request-${entry.seq}`,
            'aria-pressed': entry.seq === selected ? 'true' : 'false',
            'aria-controls': 'journal-detail',
            onclick: () => on.select(entry),
          },
          h('span', { class: `method method-${entry.method}` }, entry.method),
          ' ',
          entry.path,
        )),
        h('td', null, h('span', { class: `code code-${String(entry.status)[0]}xx` }, entry.status)),
        h('td', { class: 'nowrap' }, entry.error_code ? h('code', null, entry.error_code) : ''),
        h('td', { class: 'number' }, `${entry.duration_ms} ms`),
        h('td', null, entry.project ? h('code', null, entry.project) : '—'),
      ),
    ),
  );
}

/**
 * One journal entry in full.
 * @param {JournalEntry} entry
 * @param {() => void} close
 */
export function journalDetail(entry, close) {
  return h(
    'article',
    { class: 'card detail', 'aria-labelledby': 'journal-detail-title' },
    h('div', { class: 'card-head' },
      h('h3', { id: 'journal-detail-title' }, `Request ${entry.seq}: ${entry.method} `, h('code', null, entry.path)),
      h('button', { type: 'button', 'data-key': 'close-detail', onclick: close }, 'Close'),
    ),
    h(
      'dl',
      { class: 'fields' },
      field('Time', time(entry.time)),
      field('Operation', entry.operation ?? 'none (no such operation)'),
      field('Project', entry.project ?? '—'),
      field('Status', String(entry.status)),
      field('Error code', entry.error_code ?? '—'),
      field('Error message', entry.error_msg ?? '—'),
      field('Duration', `${entry.duration_ms} ms`),
      field('Request ID', h('code', null, entry.request_id)),
      field('Fault rule', entry.fault ? 'answered or delayed it' : 'none'),
    ),
    h('p', { class: 'muted' }, 'The journal keeps no bodies and no headers, so no secret is ever in it.'),
  );
}
