// The load watchdog in each engine: served without the worker's WebAssembly (both builds', so whichever
// mode the engine runs in), the page must say that fetching it failed and what to try, instead of staying
// at "Loading DigitLab...". And a real browser without WebGL2, headless Firefox without a display, is told
// so before anything loads. Drivers and display as in journey.test.js.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startServer } = require('../../tools/lib/page_driver');
const firefox = require('./firefox');

// Polls the page's notice until it matches `pattern`, or 30 s have passed; returns its text.
async function noticeWait(page, pattern) {
  let text = '';
  for (let i = 0; i < 120 && !pattern.test(text); i++) {
    await new Promise(r => setTimeout(r, 250));
    text = await page.evaluate(() => document.getElementById('notice').textContent);
  }
  return text;
}

const ENGINES = (process.env.DIGITLAB_ENGINES || 'chromium,firefox,webkit').split(',');
const MISSING = ['worker_core.wasm', 'worker_core_st.wasm'];

let site, server;
test.before(async () => {
  const built = path.join(__dirname, '..', '..', 'build', 'web', 'site');
  site = fs.mkdtempSync(path.join(os.tmpdir(), 'digitlab-site-'));
  for (const f of fs.readdirSync(built)) if (!MISSING.includes(f)) fs.symlinkSync(path.join(built, f), path.join(site, f));
  server = await startServer(site);
});
test.after(() => {
  if (server) server.stop();
  fs.rmSync(site, { recursive: true, force: true });
});

for (const engine of ENGINES) {
  test(`${engine}: a missing WebAssembly file is named, with what to try`, { timeout: 2 * 60e3 }, async t => {
    if (engine !== 'chromium') assert.ok(process.env.DISPLAY, `${engine} needs an X display: run under xvfb-run`);
    const browser = await require(`./${engine}`).open(server.url);
    try {
      const text = await noticeWait(browser.page, /could not start/);
      t.diagnostic(`${engine}: ${text}`);
      assert.match(text, /^DigitLab could not start the training worker: fetching worker_core(_st)?\.wasm failed \(HTTP 404.*Check the connection and reload the page/);
    } finally {
      await browser.close();
    }
  });
}

test('headless Firefox without a display has no WebGL2, and is told so before anything loads', { timeout: 2 * 60e3 }, async t => {
  if (!ENGINES.includes('firefox')) return t.skip('firefox not among DIGITLAB_ENGINES');
  const browser = await firefox.open(server.url, { headless: true });
  try {
    const webgl2 = await browser.page.evaluate(() => !!document.createElement('canvas').getContext('webgl2'));
    if (webgl2) return t.skip('this headless Firefox has WebGL2');
    const text = await noticeWait(browser.page, /WebGL2/);
    t.diagnostic(text);
    assert.match(text, /^DigitLab draws with WebGL2, and this browser gave it no WebGL2 context\. Turn on hardware/);
  } finally {
    await browser.close();
  }
});
