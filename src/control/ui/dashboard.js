// @ts-check
// The dashboard: reads the emulator's state from the test-control API (GET /_emulator/resources, info,
// requests), follows the event stream to update without a reload, and performs the control actions
// through the same calls a test would make, showing each call it made.
import { NeedsToken, cloud, cloudPath, control, controlPath, controlToken, followEvents, setControlToken } from './api.js';
import { byId, countdown, h, setTime, show } from './dom.js';
import { failedList, infoFields, journalDetail, journalTable, pendingTable, projectSections, publicTable } from './views.js';

/**
 * @typedef {import('./api.js').Answer} Answer
 * @typedef {import('./api.js').Call} Call
 * @typedef {import('./views.js').Overview} Overview
 * @typedef {import('./views.js').Info} Info
 * @typedef {import('./views.js').JournalEntry} JournalEntry
 * @typedef {import('./views.js').ResourceRef} ResourceRef
 * @typedef {import('./views.js').Service} Service
 */

// In lenient mode the cloud API takes any token; this one names the dashboard in the emulator's log.
const LENIENT_TOKEN = 'vpcep-emulator-dashboard';
const JOURNAL_LIMIT = 100;
const JOURNAL_POLL_MS = 2000;

const model = {
  /** @type {Info | undefined} */
  info: undefined,
  /** @type {Overview | undefined} */
  overview: undefined,
  /** performance.now() when the overview arrived: the clock runs on from there. */
  overviewAt: 0,
  /** @type {JournalEntry[]} */
  journal: [],
  /** The newest request the journal has, filtered or not: a newer one means something may have changed. */
  newestSeq: 0,
  /** @type {JournalEntry | undefined} */
  selected: undefined,
  /** Strict mode: the X-Auth-Token given for each project, for this page's lifetime only. */
  cloudTokens: /** @type {Map<string, string>} */ (new Map()),
  /** @type {AbortController | undefined} */
  stream: undefined,
};

const strict = () => model.info?.config.VPCEP_AUTH === 'strict';

/**
 * Runs `task` now; a call while it runs makes it run once more afterwards, so that bursts of events
 * become at most two reads and the last read always comes after the last event.
 * @param {() => Promise<void>} task
 */
function coalesced(task) {
  /** @type {Promise<void> | undefined} */
  let running;
  let again = false;
  return () => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await task();
      } while (again);
    })().finally(() => {
      running = undefined;
    });
    return running;
  };
}

const loadResources = coalesced(async () => {
  const answer = await control('GET', 'resources');
  expectOk(answer);
  model.overview = answer.body;
  model.overviewAt = performance.now();
  renderState();
});

const loadJournal = coalesced(async () => {
  const filters = new URLSearchParams({ limit: String(JOURNAL_LIMIT) });
  const form = new FormData(byId('journal-filters'));
  let filtered = false;
  for (const name of ['project', 'status']) {
    const value = String(form.get(name) ?? '');
    if (value) filters.set(name, value);
    filtered ||= value !== '';
  }
  const answer = await control('GET', `requests?${filters}`);
  expectOk(answer);
  model.journal = answer.body.requests;
  const newest = filtered ? (await control('GET', 'requests?limit=1')).body.requests[0] : model.journal[0];
  // A cloud request that changed no status (tags, say) still shows in the state: read it again.
  if (newest && newest.seq !== model.newestSeq) {
    if (model.newestSeq !== 0) void loadResources().catch(failed);
    model.newestSeq = newest.seq;
  }
  renderJournal();
});

/**
 * Throws unless the read answered 200; once one does, the emulator is back and the warning goes.
 * @param {Answer} answer
 */
function expectOk(answer) {
  if (answer.status !== 200) throw new Error(`${answer.call.method} ${answer.call.path} answered ${answer.status}`);
  byId('banner').hidden = true;
}

function renderState() {
  const overview = model.overview;
  if (!overview || !model.info) return;
  show(byId('info'), infoFields(model.info, overview.clock));
  show(byId('projects'), projectSections(overview, handlers));
  show(byId('pending'), [pendingTable(overview, handlers)]);
  show(byId('failed'), [failedList(overview)]);
  show(byId('public'), [publicTable(overview.public_services)]);
  fillProjectChoices(byId('reset-scope'), overview.projects.map((p) => p.id), 'every project');
  fillProjectChoices(byId('journal-project'), projectsSeen(), 'any');
  tick();
}

/** Projects with resources, and those the journal names. */
function projectsSeen() {
  const ids = new Set(model.overview?.projects.map((p) => p.id));
  for (const entry of model.journal) if (entry.project) ids.add(entry.project);
  return [...ids].sort();
}

/**
 * Replaces a select's project options, keeping the choice.
 * @param {HTMLSelectElement} select
 * @param {string[]} projects
 * @param {string} anyLabel
 */
function fillProjectChoices(select, projects, anyLabel) {
  const chosen = select.value;
  select.replaceChildren(
    h('option', { value: '' }, anyLabel),
    ...projects.map((id) => h('option', { value: id, selected: id === chosen }, id)),
  );
}

function renderJournal() {
  show(byId('journal'), [journalTable(model.journal, model.selected?.seq, handlers)]);
  fillProjectChoices(byId('journal-project'), projectsSeen(), 'any');
  const selected = model.selected;
  show(byId('journal-detail'), selected ? [journalDetail(selected, () => selectRequest(undefined))] : []);
}

/** @param {JournalEntry | undefined} entry */
function selectRequest(entry) {
  model.selected = entry;
  renderJournal();
  const target = entry ? document.querySelector('[data-key="close-detail"]') : document.querySelector('#journal-heading');
  if (target instanceof HTMLElement) target.focus();
}

/** Runs the emulator's clock on from the last read, and counts down to each due time on it. */
function tick() {
  const overview = model.overview;
  if (!overview) return;
  const now = Date.parse(overview.clock.now) + (performance.now() - model.overviewAt);
  const clock = document.querySelector('[data-clock] time');
  if (clock instanceof HTMLElement) setTime(clock, new Date(now));
  for (const el of document.querySelectorAll('[data-due]')) {
    if (el instanceof HTMLElement) el.textContent = `(${countdown(Date.parse(el.dataset.due ?? '') - now)})`;
  }
}

/**
 * Shows the call an action made and what it answered, with the same call as curl.
 * @param {Answer} answer
 */
function showCall(answer) {
  const { call, status, body } = answer;
  const failed = status >= 400;
  show(byId('last-call'), [
    h(
      'p',
      { class: 'call-line' },
      h('span', { class: `method method-${call.method}` }, call.method),
      ' ',
      h('code', null, call.path),
      ' → ',
      h('span', { class: `code code-${String(status)[0]}xx` }, status),
      failed && body?.error_code ? h('span', null, ' ', h('code', null, body.error_code), ` ${body.error_msg ?? ''}`) : '',
    ),
    call.body === undefined ? '' : h('pre', { 'aria-label': 'Request body' }, JSON.stringify(call.body, null, 2)),
    h('details', null, h('summary', null, 'Answer'), h('pre', null, body === undefined ? '(empty)' : JSON.stringify(body, null, 2))),
    h('details', null, h('summary', null, 'As curl'), h('pre', null, curlOf(call))),
  ]);
}

/**
 * The call as a curl command; tokens stay out of it.
 * @param {Call} call
 */
function curlOf(call) {
  const url = new URL(call.path, location.origin).href;
  const parts = [`curl -s -X ${call.method} '${url}'`];
  for (const [name, value] of Object.entries(call.headers)) {
    if (name === 'authorization') parts.push(`-H "Authorization: Bearer $VPCEP_CONTROL_TOKEN"`);
    else if (name === 'x-auth-token') parts.push(strict() ? `-H "X-Auth-Token: $TOKEN"` : `-H 'X-Auth-Token: ${value}'`);
    else parts.push(`-H '${name}: ${value}'`);
  }
  if (call.body !== undefined) parts.push(`-d '${JSON.stringify(call.body).replaceAll("'", "'\\''")}'`);
  return parts.join(' \\\n  ');
}

/**
 * Makes an action's call, shows it, and reads the state again.
 * @param {() => Promise<Answer>} makeCall
 */
async function act(makeCall) {
  try {
    const answer = await makeCall();
    showCall(answer);
    await Promise.all([loadResources(), loadJournal()]);
  } catch (err) {
    failed(err);
  }
}

/**
 * What a dialog asks for besides yes or no.
 * @typedef {{ name: string, label: string, value: string, type?: string, hint?: string }} Field
 */

/**
 * Asks before an action, showing the call it will make (which follows the fields as they are edited).
 * Answers the fields' values, or undefined when cancelled.
 * @param {{ title: string, text: string, confirm: string, danger: boolean, fields?: Field[],
 *   call: (values: Record<string, string>) => { method: string, path: string, body?: unknown } }} ask
 * @returns {Promise<Record<string, string> | undefined>}
 */
function confirmCall(ask) {
  const dialog = /** @type {HTMLDialogElement} */ (byId('confirm'));
  const fields = ask.fields ?? [];
  byId('confirm-title').textContent = ask.title;
  byId('confirm-text').textContent = ask.text;
  const button = byId('confirm-button');
  button.textContent = ask.confirm;
  button.className = ask.danger ? 'danger' : '';
  const values = () => Object.fromEntries(fields.map((f) => [f.name, /** @type {HTMLInputElement} */ (byId(`confirm-${f.name}`)).value]));
  const preview = () => {
    const call = ask.call(values());
    byId('confirm-call').textContent = `${call.method} ${call.path}${call.body === undefined ? '' : `\n${JSON.stringify(call.body, null, 2)}`}`;
  };
  show(
    byId('confirm-fields'),
    fields.map((f) =>
      h(
        'p',
        { class: 'field-input' },
        h('label', { for: `confirm-${f.name}` }, f.label),
        h('input', { id: `confirm-${f.name}`, name: f.name, type: f.type ?? 'text', value: f.value, required: true, oninput: preview, autocomplete: 'off' }),
        f.hint ? h('span', { class: 'muted block' }, f.hint) : '',
      ),
    ),
  );
  preview();
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'confirm' ? values() : undefined), { once: true });
  });
}

/**
 * The X-Auth-Token field strict mode needs for a cloud call in the project.
 * @param {string} projectId
 * @returns {Field[]}
 */
function cloudTokenFields(projectId) {
  if (!strict()) return [];
  return [
    {
      name: 'token',
      label: `X-Auth-Token for project ${projectId}`,
      value: model.cloudTokens.get(projectId) ?? '',
      type: 'password',
      hint: 'Strict mode: a token scoped to this project, from POST /v3/auth/tokens.',
    },
  ];
}

/** @type {import('./views.js').Handlers} */
const handlers = {
  settle(ref) {
    void act(() => control('POST', `settle?id=${encodeURIComponent(ref.id)}`));
  },
  async fail(ref) {
    const path = `resources/${encodeURIComponent(ref.id)}/fail`;
    const values = await confirmCall({
      title: `Fail ${ref.kind} ${ref.name}?`,
      text: `The ${ref.kind} ends in status failed with this error; whatever was pending for it is cancelled. Only deleting it ends that.`,
      confirm: 'Fail it',
      danger: true,
      fields: [
        { name: 'error_code', label: 'Error code', value: 'EndPoint.0001' },
        { name: 'error_message', label: 'Error message', value: 'System error. Please retry.' },
      ],
      call: (v) => ({ method: 'POST', path: controlPath(path), body: v }),
    });
    if (values) void act(() => control('POST', path, values));
  },
  async resetProject(projectId) {
    await reset(projectId);
  },
  async connection(action, service, endpointId) {
    const path = `v1/${service.project_id}/vpc-endpoint-services/${service.id}/connections/action`;
    const body = { action, endpoints: [endpointId] };
    const fields = cloudTokenFields(service.project_id);
    let token = LENIENT_TOKEN;
    if (action === 'reject' || fields.length > 0) {
      const verb = action === 'receive' ? 'Accept' : 'Reject';
      const values = await confirmCall({
        title: `${verb} endpoint ${endpointId}?`,
        text:
          action === 'receive'
            ? `The owner of ${service.service_name} lets the endpoint in: it becomes accepted.`
            : `The owner of ${service.service_name} refuses the endpoint: it becomes rejected.`,
        confirm: verb,
        danger: action === 'reject',
        fields,
        call: () => ({ method: 'POST', path: cloudPath(path), body }),
      });
      if (!values) return;
      if (values.token) {
        model.cloudTokens.set(service.project_id, values.token);
        token = values.token;
      }
    }
    void act(() => cloud('POST', path, token, body));
  },
  select(entry) {
    selectRequest(model.selected?.seq === entry.seq ? undefined : entry);
  },
};

/** @param {string} projectId '' for every project */
async function reset(projectId) {
  const path = projectId ? `reset?project=${encodeURIComponent(projectId)}` : 'reset';
  const values = await confirmCall({
    title: projectId ? `Reset project ${projectId}?` : 'Reset every project?',
    text:
      `Deletes every resource, whitelist record, tag and pending transition ${projectId ? 'of this project' : 'of every project'}. ` +
      'Public services and identity records (so logged-in clients) stay.',
    confirm: 'Reset',
    danger: true,
    call: () => ({ method: 'POST', path: controlPath(path) }),
  });
  if (values) void act(() => control('POST', path));
}

/** @param {unknown} err */
function failed(err) {
  if (err instanceof NeedsToken) return void askForToken(err.message);
  const banner = byId('banner');
  banner.textContent = `The emulator did not answer as expected: ${err instanceof Error ? err.message : String(err)}`;
  banner.hidden = false;
}

let asking = false;

/** @param {string} why */
function askForToken(why) {
  if (asking) return;
  asking = true;
  model.stream?.abort();
  setLive('Needs the control token');
  const dialog = /** @type {HTMLDialogElement} */ (byId('token'));
  byId('token-error').textContent = controlToken() ? `The token was refused: ${why}` : '';
  /** @type {HTMLInputElement} */ (byId('token-input')).value = controlToken();
  dialog.addEventListener(
    'close',
    () => {
      asking = false;
      setControlToken(/** @type {HTMLInputElement} */ (byId('token-input')).value);
      void start();
    },
    { once: true },
  );
  dialog.showModal();
}

/** @param {string} text */
function setLive(text) {
  byId('live').textContent = text;
}

/** Reads everything, then follows the event stream. */
async function start() {
  try {
    const info = await control('GET', 'info');
    expectOk(info);
    model.info = info.body;
    await Promise.all([loadResources(), loadJournal()]);
    if (strict()) showStrictNote();
  } catch (err) {
    return failed(err);
  }
  model.stream?.abort();
  const stream = new AbortController();
  model.stream = stream;
  void followEvents(
    () => void loadResources().catch(failed),
    (status) => {
      if (status === 'needs-token') return failed(new NeedsToken('the event stream needs the control token'));
      setLive(status === 'live' ? 'Live: following state changes' : 'Reconnecting…');
      // After a break, what was missed may include a reset: read everything again.
      if (status === 'live') void loadResources().catch(failed);
    },
    stream.signal,
  );
}

function showStrictNote() {
  const note = byId('note');
  note.textContent =
    'Strict mode: everything shows without cloud credentials; accepting or rejecting a connection asks for an ' +
    "X-Auth-Token scoped to the service owner's project.";
  note.hidden = false;
}

function wire() {
  byId('settle-all').addEventListener('click', () => void act(() => control('POST', 'settle')));
  byId('advance-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const seconds = Number(/** @type {HTMLInputElement} */ (byId('advance-seconds')).value);
    void act(() => control('POST', 'clock/advance', { seconds }));
  });
  byId('reset-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void reset(/** @type {HTMLSelectElement} */ (byId('reset-scope')).value);
  });
  byId('reload').addEventListener('click', () => void start());
  byId('journal-filters').addEventListener('change', () => void loadJournal().catch(failed));
  byId('clear-journal').addEventListener('click', async () => {
    const values = await confirmCall({
      title: 'Clear the request journal?',
      text: 'Forgets every request it holds. Resources are not touched.',
      confirm: 'Clear',
      danger: true,
      call: () => ({ method: 'DELETE', path: controlPath('requests') }),
    });
    if (values) {
      model.selected = undefined;
      void act(() => control('DELETE', 'requests'));
    }
  });
  setInterval(tick, 1000);
  setInterval(() => {
    if (!document.hidden && model.info && !asking) void loadJournal().catch(failed);
  }, JOURNAL_POLL_MS);
}

wire();
void start();
