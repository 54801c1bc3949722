// The page on any static host. Three ways of serving it, each through the whole short journey (ready,
// mode, load small/train.csv, train 1 epoch, draw a 1 and have it recognised):
//   - with COOP/COEP from the server (tools/serve.py): threads, no service worker needed;
//   - without them (tools/serve.py --plain, like `python3 -m http.server`): our service worker (coi-sw.js)
//     adds them and the page reloads once, then runs with threads;
//   - without them and with service workers unavailable (blocked, as on file:// or plain http on another
//     host): the single-thread builds (app_st, worker_core_st).
// Run by tools/test (or `node --test tests/e2e/hosting.test.js` with the site built).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { openApp, sampleDir } = require('../../tools/lib/page_driver');

const trainCsv = path.join(sampleDir, 'small', 'train.csv');

const cases = [
  { name: 'isolation headers from the server', open: {}, mode: 'threads', serviceWorker: false },
  { name: 'plain static host: service worker', open: { plain: true }, mode: 'threads', serviceWorker: true },
  { name: 'plain static host, no service worker', open: { plain: true, serviceWorkers: 'block' },
    mode: 'single-thread', serviceWorker: false },
];

for (const c of cases) {
  test(c.name, { timeout: 10 * 60e3 }, async t => {
    assert.ok(fs.existsSync(trainCsv), `${trainCsv} missing: run tools/make-sample-data`);
    const app = await openApp(c.open);
    try {
      let s = await app.waitFor('the page to be ready', s => s.ready, 120e3);
      assert.equal(s.error, '', `error at startup: ${s.error}`);
      const page = await app.page.evaluate(() => ({
        isolated: self.crossOriginIsolated,
        controlled: !!(navigator.serviceWorker && navigator.serviceWorker.controller),
      }));
      t.diagnostic(`mode ${s.mode}, crossOriginIsolated ${page.isolated}, service worker ${page.controlled}`);
      assert.equal(s.mode, c.mode);
      assert.equal(page.isolated, c.mode === 'threads');
      assert.equal(page.controlled, c.serviceWorker);
      await app.screenshot(`hosting-${c.mode}-${c.serviceWorker ? 'sw' : 'nosw'}`);

      await app.page.setInputFiles('#train-file', trainCsv);
      s = await app.waitFor('10000 training rows', s => s.train_rows === 10000 || s.error, 120e3);
      assert.equal(s.error, '', `loading small/train.csv failed: ${s.error}`);

      await app.typeInto('epochs', 1);
      await app.click('train');
      s = await app.waitFor('training to start', s => s.training || s.history.length > 0 || s.error, 30e3);
      assert.equal(s.error, '', `training did not start: ${s.error}`);
      s = await app.waitFor('1 epoch trained', s => (!s.training && s.history.length > 0) || s.error, 600e3);
      assert.equal(s.error, '', `training failed: ${s.error}`);
      assert.equal(s.history.length, 1);
      assert.ok(s.history[0].val_acc > 0.9, `validation accuracy ${s.history[0].val_acc} <= 0.9`);

      await app.click('clear_pad');
      await app.stroke('pad', [[0.5, 0.15], [0.5, 0.85]]);
      s = await app.waitFor('a prediction for the drawn 1', s => s.prediction >= 0, 10e3);
      assert.equal(s.prediction, 1, `a drawn 1 was predicted as ${s.prediction}`);
      assert.deepEqual(app.pageErrors, [], 'uncaught errors in the page');
    } finally {
      await app.close();
    }
  });
}
