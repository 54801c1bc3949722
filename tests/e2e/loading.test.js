// Loading that fails, and the status after failures. Each of the page's files is made to fail in turn (the
// request aborted, answered 404, or answered with bytes that are not WebAssembly) and the page's notice must
// name the step that failed and what to try, instead of "Loading DigitLab..." forever; a browser without
// WebGL2 is told so before anything loads; and the status bar says why a page runs single-threaded.
// Run by tools/test (or `node --test tests/e2e/loading.test.js` with the site built).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { App, CHROMIUM_ARGS, startServer, launchChromium } = require('../../tools/lib/page_driver');

const noticeText = page => page.evaluate(() => {
  const notice = document.getElementById('notice');
  return notice.hidden ? '' : notice.textContent;
});

// Polls the page's notice until it matches `pattern` (a page that never says anything fails here).
async function noticeWait(page, pattern, timeoutMs) {
  const t0 = Date.now();
  let text = '';
  while (Date.now() - t0 < timeoutMs) {
    text = await noticeText(page).catch(() => '');
    if (pattern.test(text)) return text;
    await new Promise(r => setTimeout(r, 250));
  }
  throw new Error(`the notice never matched ${pattern} in ${timeoutMs / 1000} s; it says: "${text}"`);
}

// [file, how it fails, the notice expected]. The worker's threaded core loads worker_core.worker.js for
// its threads once its WebAssembly is compiled: that step is named whether the browser reports the failed
// script or the step hangs until the watchdog. Playwright does not route the requests of a worker's own
// workers, so that file is missing from the server instead.
const failures = [
  ['app.js', 'abort', /could not start the page: fetching app\.js failed .*Check the connection and reload/],
  ['app.wasm', 'abort', /could not start the page: fetching app\.wasm failed .*Check the connection and reload/],
  ['app.wasm', 'garbage', /could not start the page: compiling app\.wasm failed .*reload the page without its cache/],
  ['worker.js', 'abort', /could not start the training worker: fetching worker\.js failed .*reload/],
  ['worker_core.js', 'abort', /could not start the training worker: fetching worker_core\.js failed/],
  ['worker_core.wasm', '404', /could not start the training worker: fetching worker_core\.wasm failed \(HTTP 404.*reload/],
  ['worker_core.worker.js', 'missing',
    /(could not start|has not started after 30 s:) the training worker.*starting its threads \(worker_core\.worker\.js\).*threads=0/],
];

// A copy of the site, made of links to its files, without `file`.
function siteWithout(file) {
  const site = path.join(__dirname, '..', '..', 'build', 'web', 'site');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'digitlab-site-'));
  for (const f of fs.readdirSync(site)) if (f !== file) fs.symlinkSync(path.join(site, f), path.join(dir, f));
  return dir;
}

test('a file that fails to load is named, with what to try', { timeout: 6 * 60e3 }, async t => {
  const served = await startServer();
  // Without service workers: the page's (coi-sw.js) caches the whole site on the first visit and would then
  // serve the real files, past the routes that make them fail.
  const browser = await launchChromium({ serviceWorkers: 'block' });
  const { context, page } = browser;
  try {
    for (const [file, how, expected] of failures) {
      const site = how === 'missing' && siteWithout(file);
      const server = site ? await startServer(site) : served;
      await context.unrouteAll();
      let failed = 0;  // the requests made to fail: none would mean the notice tells of something else
      // Dedicated workers' requests go through the context's routes too.
      await context.route(url => new URL(url).pathname.endsWith(`/${file}`), route => {
        ++failed;
        if (how === 'abort') return route.abort();
        if (how === '404') return route.fulfill({ status: 404, body: 'not here' });
        return route.fulfill({ status: 200, contentType: 'application/wasm', body: Buffer.from('not WebAssembly') });
      });
      await page.goto('about:blank');
      const t0 = Date.now();
      await page.goto(server.url);
      const text = await noticeWait(page, expected, 60e3);
      if (!site) assert.ok(failed > 0, `no request for ${file} was made to fail`);
      t.diagnostic(`${file} (${how}), after ${((Date.now() - t0) / 1000).toFixed(1)} s: ${text}`);
      if (site) {
        server.stop();
        fs.rmSync(site, { recursive: true, force: true });
      }
    }
  } finally {
    await browser.close();
    served.stop();
  }
});

test('a browser without WebGL2 is told so before anything loads', { timeout: 2 * 60e3 }, async t => {
  const server = await startServer();
  const browser = await launchChromium({ args: [...CHROMIUM_ARGS, '--disable-webgl2'] });
  try {
    await browser.page.goto(server.url);
    const text = await noticeWait(browser.page, /no WebGL2 context\. Turn on hardware \(graphics\) acceleration/, 30e3);
    t.diagnostic(text);
    assert.equal(await browser.page.evaluate(() => typeof window.createApp + document.scripts.length), 'undefined2',
      'only heap.js and bridge.js were loaded');
  } finally {
    await browser.close();
    server.stop();
  }
});

test('threads=0 in the address runs single-threaded and the status bar says why', { timeout: 3 * 60e3 }, async () => {
  const server = await startServer();
  const browser = await launchChromium();
  try {
    await browser.page.goto(`${server.url}?threads=0`);
    const app = new App(browser.page, [], []);
    const s = await app.waitFor('the single-thread page to be ready', s => s.ready, 90e3);
    assert.equal(s.mode, 'single-thread');
    assert.equal(s.mode_why, 'the address asks for it (threads=0)');
  } finally {
    await browser.close();
    server.stop();
  }
});
