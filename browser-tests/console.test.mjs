// Drives the operator console in Debian's Chromium (never a downloaded browser): log in, run a search
// as a chosen principal, discard a dead letter that cannot be replayed, correct a file and replay its
// dead letter, start a reindex and follow its progress bar to the end, verify the audit chain.
// Screenshots go to ../target/console-screenshots/.
// Env: TRIBUTARY_URL, TRIBUTARY_KEY (all console roles), SOURCE (seeded over HTTP), FILES_SOURCE (a
// directory source whose file BROKEN_FILE was refused; FIXED_FILE is its corrected content),
// CHROMIUM (executable).
import { chromium } from 'playwright-core';
import { copyFileSync, mkdirSync } from 'node:fs';
import assert from 'node:assert/strict';

const base = process.env.TRIBUTARY_URL;
const key = process.env.TRIBUTARY_KEY;
const source = process.env.SOURCE;
const shots = new URL('../target/console-screenshots/', import.meta.url).pathname;
mkdirSync(shots, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const external = [];
let failures = 0;
async function step(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    failures++;
    console.log(`FAIL ${name}: ${e.message}`);
    await page.screenshot({ path: `${shots}FAIL-${name.replace(/\W+/g, '-')}.png`, fullPage: true });
  }
}
const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
const page = await context.newPage();
page.on('request', (r) => { if (!r.url().startsWith(base)) external.push(r.url()); });
const cspViolations = [];
page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text()); });

await step('anonymous is sent to login', async () => {
  await page.goto(`${base}/console/sources`);
  assert.match(page.url(), /\/console\/login$/);
  // the identity provider's login is offered exactly when the service has one configured
  assert.equal(await page.locator('#login-oidc').count(), process.env.KEYCLOAK_USER ? 1 : 0);
});

await step('a wrong key is refused', async () => {
  await page.fill('#key', 'trb_0000000000000000_wrong');
  await page.click('button[type=submit]');
  assert.match(await page.textContent('.error'), /Unknown, revoked or expired/);
});

await step('log in with an API key', async () => {
  await page.fill('#key', key);
  await Promise.all([page.waitForURL(`${base}/console`), page.click('button[type=submit]')]);
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === 'tributary_console');
  assert.ok(session, 'session cookie set');
  assert.equal(session.httpOnly, true);
  assert.equal(session.sameSite, 'Strict');
  assert.equal(session.secure, true);
  assert.equal(session.path, '/console');
});

await step('sources page lists the seeded source', async () => {
  await page.goto(`${base}/console/sources`);
  await page.waitForSelector(`#sources td:text-is("${source}")`);
  await page.screenshot({ path: `${shots}sources.png`, fullPage: true });
});

// The search playground's hits for a query, searched as the given principals.
async function searchAs(q, principals) {
  await page.goto(`${base}/console/search`);
  await page.fill('#q', q);
  await page.fill('#principals', principals);
  await page.click('#search-form button[type=submit]');
  await page.waitForSelector('#hits .hit');
  return page.locator('#hits .hit').allTextContents();
}

await step('search as a chosen principal', async () => {
  const hits = await searchAs('pump valve pressure', 'browser-alice');
  assert.ok(hits.some((h) => h.includes('B-1')), 'alice sees B-1');
  assert.ok(!hits.some((h) => h.includes('B-2')), 'alice does not see B-2 (bob only)');
  assert.ok(await page.locator('#hits .badge').count() > 0, 'redaction badge shown');
  assert.ok(!(await page.content()).includes('alice.liddell@example.com'), 'email redacted');
  assert.match(await page.textContent('#citations'), /\[1\]/);
  await page.locator('#hits details').first().evaluate((d) => { d.open = true; });
  await page.screenshot({ path: `${shots}search.png`, fullPage: true });
});

await step('an HTTP dead letter cannot be replayed: discard it with a reason', async () => {
  await page.goto(`${base}/console/dead-letters?source=${source}`);
  const row = page.locator('#dead-letters tr[data-letter]').first();
  const id = await row.getAttribute('data-letter');
  await row.locator('button.replay').click();
  // HTTP letters keep no payload: the console says so (409) and the letter stays open
  await page.waitForSelector('.error');
  assert.match(await page.textContent('.error'), new RegExp(`dead letter ${id} came over http`));
  const again = page.locator(`#dead-letters tr[data-letter="${id}"]`);
  await again.locator('input[name=reason]').fill('browser test: sender notified');
  await again.locator('button.discard').click();
  await page.waitForSelector('.ok');
  assert.match(await page.textContent('.ok'), new RegExp(`Dead letter ${id} discarded`));
  assert.equal(await page.locator(`#dead-letters tr[data-letter="${id}"]`).count(), 0);
});

await step('correct a refused file and replay its dead letter: indexed, letter gone', async () => {
  const files = process.env.FILES_SOURCE;
  await page.goto(`${base}/console/dead-letters?source=${files}`);
  const row = page.locator('#dead-letters tr[data-letter]');
  assert.equal(await row.count(), 1, 'the refused file is one open letter');
  assert.match(await row.textContent(), /manual\.pdf/);
  assert.match(await row.textContent(), /encrypted or password-protected/);
  const id = await row.getAttribute('data-letter');
  await page.screenshot({ path: `${shots}dead-letters.png`, fullPage: true });
  copyFileSync(process.env.FIXED_FILE, process.env.BROKEN_FILE); // the owner fixes the file
  await row.locator('button.replay').click();
  await page.waitForSelector('.ok, .error');
  assert.equal(await page.locator('.error').count(), 0, 'replay failed: ' + await page.textContent('main'));
  assert.match(await page.textContent('.ok'), new RegExp(`Dead letter ${id} replayed: indexed, resolved`));
  await page.goto(`${base}/console/dead-letters?source=${files}`);
  assert.equal(await page.locator(`#dead-letters tr[data-letter="${id}"]`).count(), 0, 'letter gone');
  // the document is found now, by who may read the folder
  const hits = await searchAs('toolkit for detecting and extracting metadata', 'browser-alice');
  assert.ok(hits.some((h) => h.includes(files) && h.includes('manual.pdf')), 'replayed file found');
});

await step('start a reindex and follow its progress bar to the end', async () => {
  await page.goto(`${base}/console/jobs`);
  await page.fill('#source', source);
  await Promise.all([page.waitForURL(/\/console\/jobs\/\d+$/), page.click('#start-reindex-button')]);
  await page.screenshot({ path: `${shots}job-running.png`, fullPage: true });
  // the page follows the job from queued through running to its end without a reload
  await page.waitForFunction(
    () => !['queued', 'running'].includes(document.querySelector('#job-status').textContent.trim()),
    null, { timeout: 60000 });
  const status = (await page.textContent('#job-status')).trim();
  assert.equal(status, 'succeeded');
  const v = await page.locator('#job-progress').evaluate((p) => [p.value, p.max]);
  assert.equal(v[0], v[1], 'progress bar full');
  await page.screenshot({ path: `${shots}job.png`, fullPage: true });
});

await step('start a sync of the directory source and follow it to the end', async () => {
  await page.goto(`${base}/console/jobs`);
  await page.fill('#source', process.env.FILES_SOURCE);
  await Promise.all([page.waitForURL(/\/console\/jobs\/\d+$/), page.click('#start-sync-button')]);
  assert.match(await page.textContent('h1'), /sync of/);
  await page.waitForFunction(
    () => !['queued', 'running'].includes(document.querySelector('#job-status').textContent.trim()),
    null, { timeout: 60000 });
  assert.equal((await page.textContent('#job-status')).trim(), 'succeeded');
  await page.screenshot({ path: `${shots}job-sync.png`, fullPage: true });
});

await step('verify the audit chain', async () => {
  await page.goto(`${base}/console/audit`);
  await page.click('#verify');
  await page.waitForSelector('#verdict');
  assert.match(await page.textContent('#verdict'), /Chain intact/);
  const actions = await page.locator('#audit td:nth-child(5)').allTextContents();
  assert.ok(actions.includes('audit.verify'), 'audit shows audit.verify');
  await page.screenshot({ path: `${shots}audit.png` });
  // every action of this run, through the page's action filter (the first page holds the newest 100)
  for (const a of ['job.started', 'deadletter.replay', 'deadletter.discard', 'console.search.as',
    'console.login']) {
    await page.goto(`${base}/console/audit?action=${encodeURIComponent(a)}`);
    const shown = await page.locator('#audit td:nth-child(5)').allTextContents();
    assert.ok(shown.includes(a), `audit shows ${a}`);
  }
});

await step('log in through the identity provider (Keycloak login page)', async () => {
  if (!process.env.KEYCLOAK_USER) {
    console.log('     (skipped: BROWSER_TEST_OIDC=0)');
    return;
  }
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const p = await ctx.newPage();
  try {
    await p.goto(`${base}/console/login`);
    await Promise.all([p.waitForURL(/\/realms\/tributary\/protocol\/openid-connect\/auth/), p.click('#login-oidc')]);
    await p.fill('#username', process.env.KEYCLOAK_USER);
    await p.fill('#password', process.env.KEYCLOAK_PASSWORD);
    await Promise.all([p.waitForURL(`${base}/console`, { timeout: 30000 }), p.click('#kc-login')]);
    const session = (await ctx.cookies()).find((c) => c.name === 'tributary_console');
    assert.ok(session, 'session cookie set');
    assert.equal(session.sameSite, 'Strict');
    assert.equal((await ctx.cookies()).filter((c) => c.name === 'tributary_console_login').length, 0,
      'login state cookie gone');
    // carol holds operator, search and auditor in the realm: every page opens, as the REST API maps roles
    await p.goto(`${base}/console/sources`);
    await p.waitForSelector(`#sources td:text-is("${source}")`);
    await p.goto(`${base}/console/audit?action=console.login`);
    const details = await p.locator('#audit tr').allTextContents();
    assert.ok(details.some((d) => d.includes('oidc')), 'audit shows the login through the provider');
    await p.screenshot({ path: `${shots}login-oidc.png`, fullPage: true });
    // the test client's access tokens live 10 s: past that the console refreshes them and stays logged in
    await p.waitForTimeout(11000);
    await p.goto(`${base}/console/jobs`);
    assert.match(p.url(), /\/console\/jobs$/, 'still logged in after the access token expired');
    await p.waitForSelector('#start-reindex');
    // a forged callback (a state this browser did not start) is refused
    await p.goto(`${base}/console/login/oidc/callback?state=forged&code=x`);
    assert.match(await p.textContent('.error'), /not started in this browser/);
  } finally {
    await ctx.close();
  }
});

await step('nothing fetched from outside, no CSP violation', async () => {
  assert.deepEqual(external, []);
  assert.deepEqual(cspViolations, []);
});

await browser.close();
console.log(failures ? `${failures} step(s) failed` : 'all steps passed');
process.exit(failures ? 1 : 0);
