// Swagger UI in a real browser, as a user tries the API: Authorize with a token, open "Create an endpoint
// service", Try it out with the prefilled example, Execute, and get 200 from the emulator. Run by
// `npm run test:browser` (scripts/browser-test.mjs), which makes sure chromium is there.
import t from 'tap';
import { build, PROJECT } from '../helper.js';
import { launchBrowser, openPage } from '../support/browser.js';

t.setTimeout(180_000);

const EXAMPLE_PROJECT = '6e9dfd51d1124e8d8498dce894923a0d';

t.test('a service is created through Authorize, Try it out and Execute', { timeout: 150_000 }, async (t) => {
  const app = await build(t);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await launchBrowser(t);
  const { page, errors } = await openPage(browser);

  await page.goto(`${base}/docs`);
  await page.locator('.swagger-ui .info .title').waitFor();

  await page.locator('.auth-wrapper button.authorize').click();
  const tokenScheme = page.locator('.modal-ux .auth-container', { hasText: 'X-Auth-Token' });
  await tokenScheme.locator('input').fill('browser-token');
  await tokenScheme.locator('button.authorize').click();
  await page.locator('.modal-ux button.btn-done').first().click();

  const create = page.locator('.opblock-post', { hasText: 'CreateEndpointService' });
  await create.locator('.opblock-summary').click();
  await create.locator('button.try-out__btn').click();
  const projectId = create.locator('tr[data-param-name="project_id"] input');
  t.equal(await projectId.inputValue(), EXAMPLE_PROJECT, 'project_id is prefilled with its example');
  const body = JSON.parse(await create.locator('textarea.body-param__text').inputValue());
  t.same(body.ports, [
    { client_port: 8080, server_port: 90, protocol: 'TCP' },
    { client_port: 8081, server_port: 80, protocol: 'TCP' },
  ], 'the body is prefilled with the API reference example');

  await create.locator('button.execute').click();
  const status = create.locator('.live-responses-table tr.response .response-col_status').first();
  await status.waitFor();
  t.match(await status.innerText(), /^\s*200\s*$/, 'the emulator answered 200');
  t.match(await create.locator('.live-responses-table .microlight').first().innerText(), '"status": "creating"');
  t.match(await create.locator('.curl-command').innerText(), "X-Auth-Token: browser-token", 'the token was sent');

  const list = await app.inject({ url: `/v1/${EXAMPLE_PROJECT}/vpc-endpoint-services`, headers: { 'x-auth-token': 't' } });
  t.equal(list.json().total_count, 1, 'the service exists');
  t.not(EXAMPLE_PROJECT, PROJECT);
  t.same(errors, [], 'no script errors on the page');
});

t.test('without Authorize, Try it out gets the 401 the API answers', { timeout: 150_000 }, async (t) => {
  const app = await build(t);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await launchBrowser(t);
  const { page } = await openPage(browser);
  await page.goto(`${base}/docs`);
  const list = page.locator('.opblock-get', { hasText: 'ListEndpointService' });
  await list.locator('.opblock-summary').click();
  await list.locator('button.try-out__btn').click();
  await list.locator('button.execute').click();
  const status = list.locator('.live-responses-table tr.response .response-col_status').first();
  await status.waitFor();
  t.match(await status.innerText(), /^\s*401\s*$/, 'the API answered 401');
});
