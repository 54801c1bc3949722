// The load watchdog in each engine: served without the worker's WebAssembly (both builds', so whichever
// mode the engine runs in), the page must say that fetching it failed and what to try, instead of staying
// at "Loading DigitLab...". Drivers and display as in journey.test.js.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startServer } = require('../e2e/helpers');

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
      let text = '';
      for (let i = 0; i < 120 && !/could not start/.test(text); i++) {
        await new Promise(r => setTimeout(r, 250));
        text = await browser.page.evaluate(() => document.getElementById('notice').textContent);
      }
      t.diagnostic(`${engine}: ${text}`);
      assert.match(text, /^DigitLab could not start the training worker: fetching worker_core(_st)?\.wasm failed \(HTTP 404.*Check the connection and reload the page/);
    } finally {
      await browser.close();
    }
  });
}
