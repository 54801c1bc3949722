// The user journey in three browser engines, each driven as its own tools allow: Chromium (playwright-core),
// Firefox ESR (puppeteer-core over WebDriver BiDi) and WebKitGTK (selenium-webdriver over W3C WebDriver).
// In each: the page starts, the small train.csv and test.csv are opened through the file inputs, one epoch
// trains, a 1 drawn with mouse strokes on the pad is recognised, test.csv is predicted and submission.csv
// downloaded (its header, rows and ImageIds checked, and its accuracy scored). Input goes through the UI as
// in tests/e2e (tools/lib/page_driver.js's App, at the widgets' rectangles from window.digitlab.state()).
// Firefox and WebKit need an X display: tools/test runs this under xvfb-run
// (`xvfb-run -a -s "-screen 0 1400x1000x24" node --test tests/engines/`). DIGITLAB_ENGINES picks engines
// (comma-separated; default all three).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { App, startServer, small, sampleRequire, score, outDir } = require('../../tools/lib/page_driver');

const ENGINES = (process.env.DIGITLAB_ENGINES || 'chromium,firefox,webkit').split(',');
// The mode each engine runs in, and why: WebKitGTK has no SharedArrayBuffer (README, Browsers).
const MODES = {
  chromium: ['threads', ''],
  firefox: ['threads', ''],
  webkit: ['single-thread', 'this browser has no SharedArrayBuffer'],
};
const ONE = [[0.5, 0.15], [0.5, 0.85]];

let server;
test.before(async () => {
  sampleRequire();
  fs.mkdirSync(outDir, { recursive: true });
  server = await startServer();
});
test.after(() => server && server.stop());

for (const engine of ENGINES) {
  test(`${engine}: load, train, draw, predict, download`, { timeout: 8 * 60e3 }, async t => {
    if (engine !== 'chromium') assert.ok(process.env.DISPLAY, `${engine} needs an X display: run under xvfb-run`);
    let t0 = Date.now();
    const lap = what => { t.diagnostic(`${engine}: ${what}: ${((Date.now() - t0) / 1000).toFixed(1)} s`); t0 = Date.now(); };
    const browser = await require(`./${engine}`).open(server.url);
    try {
      const app = new App(browser.page, browser.consoleLines || [], []);  // WebKit's driver gives no console
      const shot = name => app.screenshot(`engines-${engine}-${name}`);
      let s = await app.waitFor('the page to be ready', s => s.ready, 120e3);
      assert.equal(s.error, '', `error at startup: ${s.error}`);
      t.diagnostic(`${engine}: ${browser.version}, mode ${s.mode}${s.mode_why ? ` (${s.mode_why})` : ''}`);
      assert.deepEqual([s.mode, s.mode_why], MODES[engine]);
      lap('page ready');

      await browser.upload('#train-file', small('train.csv'));
      s = await app.waitFor('10000 training rows', s => s.train_rows === 10000 || s.error, 120e3);
      assert.equal(s.error, '', `loading small/train.csv failed: ${s.error}`);
      await browser.upload('#test-file', small('test.csv'));
      s = await app.waitFor('1000 test rows', s => s.test_rows === 1000 || s.error, 60e3);
      assert.equal(s.error, '', `loading small/test.csv failed: ${s.error}`);
      lap('files loaded');

      assert.equal(s.model_kind, 'MLP');
      await app.typeInto('epochs', 1);
      await app.click('train');
      s = await app.waitFor('1 epoch trained', s => (!s.training && s.history.length > 0) || s.error, 300e3);
      assert.equal(s.error, '', `training failed: ${s.error}`);
      assert.equal(s.history.length, 1, `expected 1 epoch, history: ${JSON.stringify(s.history)}`);
      assert.ok(s.history[0].val_acc > 0.9, `validation accuracy ${s.history[0].val_acc} <= 0.9`);
      lap(`1 epoch (validation accuracy ${s.history[0].val_acc.toFixed(3)})`);

      s = await app.draw([ONE], 'the drawn 1');
      await shot('pad');
      assert.equal(s.prediction, 1, `a drawn 1 was predicted as ${s.prediction}`);
      lap('drawn 1 recognised');

      await app.click('predict');
      s = await app.waitFor('1000 submission rows', s => s.submission_rows === 1000 || s.error, 120e3);
      assert.equal(s.error, '', `predicting failed: ${s.error}`);
      const { name, text } = await browser.download(app, 'download');
      assert.equal(name, 'submission.csv');
      const lines = text.trimEnd().split(/\r?\n/);
      assert.equal(lines[0], 'ImageId,Label');
      assert.equal(lines.length, 1001, 'expected a header and 1000 rows');
      lines.slice(1).forEach((line, i) => assert.match(line, new RegExp(`^${i + 1},[0-9]$`), `row ${i + 2}`));
      const file = path.join(outDir, `engines-${engine}-submission.csv`);
      fs.writeFileSync(file, text);
      const accuracy = score(file, small('test_labels.csv'));
      assert.ok(accuracy > 0.85, `submission accuracy ${accuracy} <= 0.85`);
      lap(`predicted and downloaded (accuracy ${accuracy})`);
      await shot('done');
    } finally {
      await browser.close();
    }
  });
}
