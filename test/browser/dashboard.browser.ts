// The dashboard in a real browser (npm run test:browser, not part of npm test): Debian's chromium, driven by
// playwright-core, against an emulator listening on a free port. What a user does: watch a service
// appear and settle, accept a connection with a click, read the journal, all without reloading.
import t from 'tap';
import type { Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Config } from '../../src/config.js';
import { OTHER_PROJECT, PROJECT, build, serviceBody } from '../helper.js';
import { endpointBody } from '../endpoints/helper.js';
import { projectToken, usersOf } from '../identity/helper.js';
import { launchBrowser, openPage } from '../support/browser.js';

// Every wait in the page has this deadline; none depends on how fast anything is within it.
const STEP_MS = 20_000;
// VPCEP_UI_SCREENSHOT=docs/dashboard.png npm run test:browser refreshes the README's picture.
const SCREENSHOT = resolve(process.env.VPCEP_UI_SCREENSHOT ?? join(tmpdir(), 'vpcep-dashboard.png'));

/** An emulator on a free port, a browser with the dashboard open, and what the page reported as errors. */
async function openDashboard(t: Parameters<typeof build>[0], config: Partial<Config> = {}, viewport?: { width: number; height: number }) {
  const app = await build(t, config);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const { page, errors } = await openPage(await launchBrowser(t, viewport), STEP_MS);
  await page.goto(`${base}/_emulator/ui`, { timeout: STEP_MS });
  return { app, base, page, errors };
}

/** Waits for something on the page; a timeout names what did not happen. */
async function until(what: string, wait: Promise<unknown>): Promise<void> {
  try {
    await wait;
  } catch (err) {
    throw new Error(`${what} (within ${STEP_MS / 1000} s): ${(err as Error).message.split('\n')[0]}`);
  }
}

/** Clicks a button named so (the first, where several are); a button that never shows fails with its name. */
const press = (page: Page, name: string | RegExp, exact = false) =>
  until(`a button "${name}" to press`, page.getByRole('button', { name, exact }).first().click({ timeout: STEP_MS }));

const visible = (page: Page, selector: string, hasText?: string | RegExp) =>
  page.locator(selector, hasText === undefined ? {} : { hasText }).first().waitFor({ state: 'visible', timeout: STEP_MS });

/** A cloud call as a client makes it, through the network (any token will do, but in strict mode). */
async function cloudCall(base: string, method: string, path: string, body: unknown, project = PROJECT, token = 'any'): Promise<any> {
  const res = await fetch(`${base}/v1/${project}${path}`, {
    method,
    headers: { 'x-auth-token': token, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(answer)}`);
  return answer;
}

t.test('the dashboard follows the state live and performs the control actions', async (t) => {
  // Services take ten minutes (unless settled), so that a due time shows and counts down.
  const { base, page, errors } = await openDashboard(t, { delayServiceCreate: { kind: 'fixed', ms: 600_000 } });
  await until('the page follows the event stream', visible(page, '#live', 'Live'));
  await until('an empty emulator says so', visible(page, '#projects', 'No project has any resources yet'));
  // A reload would lose this; it must survive to the end.
  await page.evaluate('window.stillTheSamePage = true');

  const service = await cloudCall(base, 'POST', '/vpc-endpoint-services', serviceBody());
  const card = `article[data-service-id="${service.id}"]`;
  await until('a service created through the API appears', visible(page, `${card} .card-head .badge`, /^creating$/));

  await press(page, 'Settle all');
  await until('"Settle all" makes it available on screen', visible(page, `${card} .card-head .badge`, /^available$/));
  await until('the call it made is shown', visible(page, '#last-call', 'POST /_emulator/settle'));

  await cloudCall(base, 'POST', `/vpc-endpoint-services/${service.id}/permissions/action`, {
    action: 'add',
    permissions: [`iam:domain::${OTHER_PROJECT}`],
  });
  const endpoint = await cloudCall(base, 'POST', '/vpc-endpoints', endpointBody(service.id), OTHER_PROJECT);
  const endpointStatus = `tr[data-endpoint-id="${endpoint.id}"] td.status .badge`;
  await until("the consumer's endpoint appears", visible(page, endpointStatus, /^creating$/));
  await press(page, `Settle endpoint ${endpoint.id}`);
  await until('settling one endpoint brings it to the owner', visible(page, endpointStatus, /^pendingAcceptance$/));

  await press(page, `Accept endpoint ${endpoint.id}`);
  await until("a click on Accept makes the consumer's endpoint accepted", visible(page, endpointStatus, /^accepted$/));
  await until(
    'the accept call is shown with its body',
    visible(page, '#last-call', `POST /v1/${PROJECT}/vpc-endpoint-services/${service.id}/connections/action`),
  );
  const served: any = await (await fetch(`${base}/v1/${OTHER_PROJECT}/vpc-endpoints/${endpoint.id}`, { headers: { 'x-auth-token': 'x' } })).json();
  t.equal(served.status, 'accepted', 'the cloud API agrees');

  const journalRow = (path: string) => page.locator('#journal tr', { hasText: path }).first();
  const acceptPath = `/v1/${PROJECT}/vpc-endpoint-services/${service.id}/connections/action`;
  await until('the journal lists the accept call', journalRow(acceptPath).waitFor({ timeout: STEP_MS }));
  await until('the journal lists the creates', visible(page, '#journal tr', `/v1/${OTHER_PROJECT}/vpc-endpoints`));
  t.match(await journalRow(acceptPath).innerText(), /POST[\s\S]*200/);
  await journalRow(acceptPath).getByRole('button').focus();
  await page.keyboard.press('Enter');
  await until('Enter on a journal row shows the request in detail', visible(page, '#journal-detail', 'AcceptOrRejectEndpoint'));

  await page.selectOption('#journal-project', OTHER_PROJECT);
  const otherRows = page.locator('#journal tbody tr', { hasNotText: OTHER_PROJECT });
  await until('the journal filters by project', otherRows.first().waitFor({ state: 'detached', timeout: STEP_MS }));
  t.ok((await page.locator('#journal tbody tr').count()) > 0, "the consumer's requests remain");
  await page.selectOption('#journal-project', '');
  await until('the whole journal is back', visible(page, '#journal tr', acceptPath));

  const later = await cloudCall(base, 'POST', '/vpc-endpoint-services', serviceBody({ port_id: '5189d3c2-8882-4871-a3c2-d380272eed88' }));
  const countdown = `tr[data-pending-id="${later.id}"] .countdown`;
  await until('a pending transition counts down to its due time', visible(page, countdown, /^\(in (9|10) min/));
  await page.getByLabel('Advance the clock by').fill('300');
  await press(page, 'Advance');
  await until('advancing the clock brings the due time closer', visible(page, countdown, /^\(in [45] min/));
  await until('the clock shows its offset', visible(page, '#info', '+5 min'));

  t.equal(await page.evaluate('window.stillTheSamePage'), true, 'everything happened without a reload');
  mkdirSync(dirname(SCREENSHOT), { recursive: true });
  await page.screenshot({ path: SCREENSHOT, fullPage: true });
  t.comment(`screenshot: ${SCREENSHOT}`);
  t.same(errors, [], 'no console errors');
});

t.test('destructive actions ask first and show the call they will make', async (t) => {
  const { base, page, errors } = await openDashboard(t);
  const service = await cloudCall(base, 'POST', '/vpc-endpoint-services', serviceBody());
  const badge = `article[data-service-id="${service.id}"] .card-head .badge`;
  await until('the service appears', visible(page, badge, /^creating$/));

  await press(page, `Fail service ${service.service_name}…`);
  await until('the dialog shows the call', visible(page, '#confirm-call', `POST /_emulator/resources/${service.id}/fail`));
  await page.getByLabel('Error code').fill('EndPoint.0099');
  await until('the call follows the fields', visible(page, '#confirm-call', 'EndPoint.0099'));
  await press(page, 'Cancel');
  t.equal((await page.locator(badge).innerText()).trim(), 'creating', 'cancelled: nothing happened');

  await press(page, `Fail service ${service.service_name}…`);
  await press(page, 'Fail it');
  await until('confirmed: the service failed', visible(page, badge, /^failed$/));
  await until('the failed list shows its error', visible(page, '#failed', 'System error. Please retry.'));

  await press(page, 'Reset…');
  await until('the reset dialog shows its call', visible(page, '#confirm-call', 'POST /_emulator/reset'));
  await press(page, 'Reset', true);
  await until('after a reset the projects are gone', visible(page, '#projects', 'No project has any resources yet'));
  t.same(errors, [], 'no console errors');
});

t.test('with VPCEP_CONTROL_TOKEN the page asks for the token and then works; it fits a narrow window', async (t) => {
  const { base, page, errors } = await openDashboard(t, { controlToken: 'let-me-in' }, { width: 420, height: 900 });
  await until('the page asks for the token', visible(page, '#token-input'));
  await page.getByLabel('Token', { exact: true }).fill('let-me-in');
  await press(page, 'Use this token');
  await until('with the token it follows the event stream', visible(page, '#live', 'Live'));
  const service = await cloudCall(base, 'POST', '/vpc-endpoint-services', serviceBody());
  await until('a new service appears through the token-protected stream', visible(page, `article[data-service-id="${service.id}"]`));
  const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
  t.ok(overflow <= 0, `nothing sticks out sideways at 420 px (by ${overflow} px)`);
  // The browser reports the refused first attempt itself; nothing else may go wrong.
  t.same(errors.filter((e) => !e.includes('401')), [], 'no other console errors');
});

t.test('in strict mode it shows everything without cloud credentials and asks for a token to accept', async (t) => {
  const { base, page, errors, app } = await openDashboard(t, { auth: 'strict', users: usersOf('owner', 'consumer') });
  await until('strict mode is explained', visible(page, '#note', 'Strict mode'));
  const owner = await projectToken(app, 'owner', 'eu-de_owner');
  const consumer = await projectToken(app, 'consumer', 'eu-de_consumer');
  const [ownerProject, consumerProject] = [owner.token.project.id, consumer.token.project.id];
  const service = await cloudCall(base, 'POST', '/vpc-endpoint-services', serviceBody(), ownerProject, owner.id);
  await press(page, 'Settle all');
  await until('the service shows and settles', visible(page, `article[data-service-id="${service.id}"] .badge`, /^available$/));
  await cloudCall(base, 'POST', `/vpc-endpoint-services/${service.id}/permissions/action`, {
    action: 'add',
    permissions: [`iam:domain::${consumer.token.project.domain.id}`],
  }, ownerProject, owner.id);
  const endpoint = await cloudCall(base, 'POST', '/vpc-endpoints', endpointBody(service.id), consumerProject, consumer.id);
  await until("the consumer's endpoint shows", visible(page, `tr[data-endpoint-id="${endpoint.id}"]`));
  await press(page, 'Settle all');

  await press(page, `Accept endpoint ${endpoint.id}`);
  await until('Accept asks for a token of the owner', visible(page, '#confirm', `X-Auth-Token for project ${ownerProject}`));
  await page.getByLabel(`X-Auth-Token for project ${ownerProject}`).fill(owner.id);
  await until('the dialog has an Accept button', page.locator('#confirm').getByRole('button', { name: 'Accept' }).click({ timeout: STEP_MS }));
  const status = `tr[data-endpoint-id="${endpoint.id}"] td.status .badge`;
  await until("with the owner's token the endpoint is accepted", visible(page, status, /^accepted$/));
  t.notMatch(await page.locator('#last-call').innerText(), owner.id, 'the token itself is not shown');
  t.same(errors, [], 'no console errors');
});
