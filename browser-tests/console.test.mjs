// Drives the operator console in Debian's Chromium (never a downloaded browser): log in, run a search
// as a chosen principal, replay and discard a dead letter, start a reindex and follow its progress bar
// to the end, verify the audit chain. Screenshots go to ../target/console-screenshots/.
// Env: TRIBUTARY_URL, TRIBUTARY_KEY (all console roles), SOURCE (seeded), CHROMIUM (executable).
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
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

await step('search as a chosen principal', async () => {
  await page.goto(`${base}/console/search`);
  await page.fill('#q', 'pump valve pressure');
  await page.fill('#principals', 'browser-alice');
  await page.click('#search-form button[type=submit]');
  await page.waitForSelector('#hits .hit');
  const hits = await page.locator('#hits .hit').allTextContents();
  assert.ok(hits.some((h) => h.includes('B-1')), 'alice sees B-1');
  assert.ok(!hits.some((h) => h.includes('B-2')), 'alice does not see B-2 (bob only)');
  assert.ok(await page.locator('#hits .badge').count() > 0, 'redaction badge shown');
  assert.ok(!(await page.content()).includes('alice.liddell@example.com'), 'email redacted');
  assert.match(await page.textContent('#citations'), /\[1\]/);
  await page.locator('#hits details').first().evaluate((d) => { d.open = true; });
  await page.screenshot({ path: `${shots}search.png`, fullPage: true });
});

await step('replay and discard a dead letter', async () => {
  await page.goto(`${base}/console/dead-letters?source=${source}`);
  const row = page.locator('#dead-letters tr[data-letter]').first();
  const id = await row.getAttribute('data-letter');
  await row.locator('button.replay').click();
  // HTTP letters keep no payload: the console says so (409) and the letter stays open
  await page.waitForSelector('.error, .ok');
  const said = await page.textContent('main');
  assert.match(said, new RegExp(`dead letter ${id} (came over|replayed)|Dead letter ${id} replayed`));
  const again = page.locator(`#dead-letters tr[data-letter="${id}"]`);
  await again.locator('input[name=reason]').fill('browser test: sender notified');
  await again.locator('button.discard').click();
  await page.waitForSelector('.ok');
  assert.match(await page.textContent('.ok'), new RegExp(`Dead letter ${id} discarded`));
  assert.equal(await page.locator(`#dead-letters tr[data-letter="${id}"]`).count(), 0);
});

await step('start a reindex and follow its progress bar to the end', async () => {
  await page.goto(`${base}/console/jobs`);
  await page.fill('#source', source);
  await Promise.all([page.waitForURL(/\/console\/jobs\/\d+$/), page.click('#start-reindex button')]);
  await page.screenshot({ path: `${shots}job-running.png`, fullPage: true });
  await page.waitForFunction(() => document.querySelector('#job-status').textContent.trim() !== 'running',
    null, { timeout: 60000 });
  const status = (await page.textContent('#job-status')).trim();
  assert.equal(status, 'succeeded');
  const v = await page.locator('#job-progress').evaluate((p) => [p.value, p.max]);
  assert.equal(v[0], v[1], 'progress bar full');
  await page.screenshot({ path: `${shots}job.png`, fullPage: true });
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
  for (const a of ['job.started', 'deadletter.discard', 'console.search.as', 'console.login']) {
    await page.goto(`${base}/console/audit?action=${encodeURIComponent(a)}`);
    const shown = await page.locator('#audit td:nth-child(5)').allTextContents();
    assert.ok(shown.includes(a), `audit shows ${a}`);
  }
});

await step('nothing fetched from outside, no CSP violation', async () => {
  assert.deepEqual(external, []);
  assert.deepEqual(cspViolations, []);
});

await browser.close();
console.log(failures ? `${failures} step(s) failed` : 'all steps passed');
process.exit(failures ? 1 : 0);
