// The page on any static host. Four ways of serving it, each through the whole short journey (ready,
// mode, load small/train.csv, train 1 epoch, draw a 1 and have it recognised):
//   - with COOP/COEP from the server (tools/serve.py): threads; the service worker only caches the site;
//   - the same, offline after that first visit: the page comes from the service worker's cache (with both
//     builds of the app and the worker, the default model, the manifest), the pad predicts at once with the
//     default model, and both small CSVs load;
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
const testCsv = path.join(sampleDir, 'small', 'test.csv');

// What the service worker must have cached for the page to start offline.
const OFFLINE_FILES = ['index.html', 'heap.js', 'bridge.js', 'worker.js', 'app.js', 'app.wasm', 'app_st.js',
  'app_st.wasm', 'worker_core.js', 'worker_core.wasm', 'worker_core_st.js', 'worker_core_st.wasm',
  'default-model.dlm', 'manifest.json', 'icon-192.png', 'icon-512.png'];

// Goes offline once the service worker controls the page with the site cached, reloads, and checks that the
// page came back with its default model, predicting a drawn 1.
async function offlineReload(t, app) {
  const cache = await app.page.evaluate(async () => {
    const name = (await caches.keys()).find(n => n.startsWith('digitlab-'));
    const files = (await (await caches.open(name)).keys()).map(r => new URL(r.url).pathname.slice(1));
    const manifest = await (await fetch('manifest.json')).json();
    return { name, files, manifest };
  });
  t.diagnostic(`cache ${cache.name}: ${cache.files.length} files`);
  assert.match(cache.name, /^digitlab-[0-9a-f]{16}$/, 'the cache is not named after the build');
  for (const f of OFFLINE_FILES) assert.ok(cache.files.includes(f), `${f} is not cached: ${cache.files}`);
  assert.equal(cache.manifest.display, 'standalone');
  assert.deepEqual(cache.manifest.icons.map(i => i.sizes), ['192x192', '512x512']);

  await app.page.context().setOffline(true);
  await app.page.reload();
  const s = await app.waitFor('the page to be ready offline', s => s.ready && (s.has_model || s.error), 120e3);
  assert.equal(s.error, '', `error at an offline start: ${s.error}`);
  assert.equal(s.default_model, true, 'offline, the default model did not load');
  assert.equal(await app.page.evaluate(() => navigator.onLine), false, 'the browser is not offline');
  await drawOne(app, 'the default model');
  await app.page.setInputFiles('#test-file', testCsv);
  const t2 = await app.waitFor('1000 test rows', s => s.test_rows === 1000 || s.error, 60e3);
  assert.equal(t2.error, '', `loading small/test.csv offline failed: ${t2.error}`);
}

async function drawOne(app, model) {
  await app.click('clear_pad');
  await app.stroke('pad', [[0.5, 0.15], [0.5, 0.85]]);
  const s = await app.waitFor(`a prediction for the drawn 1 (${model})`, s => s.prediction >= 0, 10e3);
  assert.equal(s.prediction, 1, `a drawn 1 was predicted as ${s.prediction} by ${model}`);
}

const cases = [
  { name: 'isolation headers from the server', open: {}, mode: 'threads', why: '', serviceWorker: true },
  { name: 'offline after one visit', open: {}, mode: 'threads', why: '', serviceWorker: true, offline: true },
  { name: 'plain static host: service worker', open: { plain: true }, mode: 'threads', why: '', serviceWorker: true },
  { name: 'plain static host, no service worker', open: { plain: true, serviceWorkers: 'block' },
    mode: 'single-thread', why: 'the page is not cross-origin isolated', serviceWorker: false },
];

for (const c of cases) {
  test(c.name, { timeout: 10 * 60e3 }, async t => {
    assert.ok(fs.existsSync(trainCsv), `${trainCsv} missing: run tools/make-sample-data`);
    const app = await openApp(c.open);
    try {
      let s = await app.waitFor('the page to be ready', s => s.ready, 120e3);
      assert.equal(s.error, '', `error at startup: ${s.error}`);
      // The service worker takes over once it has cached the site (or, on a plain host, before the reload).
      if (c.serviceWorker) await app.page.waitForFunction(() => navigator.serviceWorker.controller, null, { timeout: 120e3 });
      if (c.offline) await offlineReload(t, app);
      const page = await app.page.evaluate(() => ({
        isolated: self.crossOriginIsolated,
        controlled: !!(navigator.serviceWorker && navigator.serviceWorker.controller),
      }));
      t.diagnostic(`mode ${s.mode}, crossOriginIsolated ${page.isolated}, service worker ${page.controlled}`);
      assert.equal(s.mode, c.mode);
      assert.equal(s.mode_why, c.why, 'the status bar says why the page runs single-threaded');
      assert.equal(page.isolated, c.mode === 'threads');
      assert.equal(page.controlled, c.serviceWorker);
      await app.screenshot(`hosting-${c.mode}-${c.offline ? 'offline' : c.serviceWorker ? 'sw' : 'nosw'}`);

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

      await drawOne(app, 'the trained model');
      assert.deepEqual(app.pageErrors, [], 'uncaught errors in the page');
    } finally {
      await app.close();
    }
  });
}
