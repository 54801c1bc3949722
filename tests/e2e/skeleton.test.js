// The whole user journey in a real (headless) browser, only through the UI: load the small sample CSVs,
// pick the MLP, train one epoch, draw digits on the pad, predict the test set, download submission.csv,
// then feed bad files and check that nothing already loaded or trained is lost.
// Run by tools/test (or `node --test tests/e2e/` with the site built). Screenshots go to build/e2e/.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { openApp, small, sampleRequire, score, stateText } = require('../../tools/lib/page_driver');

let app;

test.before(async () => {
  sampleRequire();
  app = await openApp();
});
test.after(async () => { if (app) await app.close(); });

test('load, train, draw, predict, download', { timeout: 15 * 60e3 }, async t => {
  let t0 = Date.now();
  const lap = what => { t.diagnostic(`${what}: ${((Date.now() - t0) / 1000).toFixed(1)} s`); t0 = Date.now(); };
  let s = await app.waitFor('the page to be ready', s => s.ready, 90e3);
  assert.equal(s.error, '', `error at startup: ${s.error}`);
  assert.ok(await app.page.evaluate(() => self.crossOriginIsolated), 'page is not cross-origin isolated');
  await app.screenshot('01-ready');
  lap('page ready');

  // [SECTION] Data, through the hidden file inputs behind "Open train.csv" / "Open test.csv"
  await app.page.setInputFiles('#train-file', small('train.csv'));
  s = await app.waitFor('10000 training rows', s => s.train_rows === 10000 || s.error, 120e3);
  assert.equal(s.error, '', `loading small/train.csv failed: ${s.error}`);
  assert.equal(s.train_file, 'train.csv');
  await app.page.setInputFiles('#test-file', small('test.csv'));
  s = await app.waitFor('1000 test rows', s => s.test_rows === 1000 || s.error, 60e3);
  assert.equal(s.error, '', `loading small/test.csv failed: ${s.error}`);
  assert.equal(s.test_file, 'test.csv');
  assert.equal(s.train_rows, 10000);
  await app.screenshot('02-loaded');
  lap('files loaded');

  // [SECTION] Settings: MLP from the model combo, 1 epoch typed into the epochs input.
  // MLP is the default, so first pick another model and then MLP back; pickModel checks state().model_kind,
  // and the "Hidden layers" input (drawn only for the MLP) shows that the form follows.
  s = await app.pickModel('Softmax regression');
  assert.ok(!s.rects.hidden, 'picked "Softmax regression" but the page still shows the hidden-layers input');
  s = await app.pickModel('MLP');
  assert.ok(s.rects.hidden, 'picked "MLP" but the page shows no hidden-layers input');
  await app.typeInto('epochs', 1);
  await app.screenshot('03-settings');
  lap('settings');

  // [SECTION] Training
  await app.click('train');
  s = await app.waitFor('training to start', s => s.training || s.history.length > 0 || s.error, 30e3);
  assert.equal(s.error, '', `training did not start: ${s.error}`);
  s = await app.waitFor('training to end with 1 epoch', s => (!s.training && s.history.length > 0) || s.error, 600e3);
  assert.equal(s.error, '', `training failed: ${s.error}`);
  assert.equal(s.history.length, 1, `expected 1 epoch (epochs input set to 1), history: ${JSON.stringify(s.history)}`);
  assert.equal(s.epochs, 1);
  assert.ok(s.has_model, 'no model after training');
  const h = s.history[0];
  t.diagnostic(`epoch 1: ${JSON.stringify(h)}`);
  assert.ok(h.val_acc > 0.90, `validation accuracy ${h.val_acc} <= 0.90 after 1 epoch`);
  await app.screenshot('04-trained');
  lap('training');

  // [SECTION] The drawing pad: real mouse strokes; a '1' must be recognised, the others are recorded
  const digits = {
    1: [[[0.5, 0.15], [0.5, 0.85]]],
    7: [[[0.25, 0.2], [0.75, 0.2], [0.45, 0.85]]],
    0: [[[0.5, 0.15], [0.3, 0.3], [0.27, 0.5], [0.3, 0.7], [0.5, 0.85], [0.7, 0.7], [0.73, 0.5], [0.7, 0.3], [0.5, 0.15]]],
    4: [[[0.35, 0.15], [0.28, 0.55], [0.72, 0.55]], [[0.62, 0.3], [0.62, 0.88]]],
  };
  const seen = {};
  for (const [digit, strokes] of Object.entries(digits)) {
    s = await app.draw(strokes, `the drawn ${digit}`);
    seen[digit] = { prediction: s.prediction, p: +s.probs[s.prediction].toFixed(3) };
    await app.screenshot(`05-pad-${digit}`);
  }
  lap('drawing 4 digits');
  t.diagnostic(`pad predictions (drawn: predicted): ${JSON.stringify(seen)}`);
  assert.equal(seen[1].prediction, 1, `a drawn 1 was predicted as ${seen[1].prediction}`);

  // [SECTION] Predict the test set, then download submission.csv (a real browser download)
  await app.click('predict');
  s = await app.waitFor('1000 submission rows', s => s.submission_rows === 1000 || s.error, 120e3);
  assert.equal(s.error, '', `predicting failed: ${s.error}`);
  const { file, suggested } = await app.download('download', 'submission.csv');
  assert.equal(suggested, 'submission.csv');
  const lines = fs.readFileSync(file, 'utf8').trimEnd().split(/\r?\n/);
  assert.equal(lines[0], 'ImageId,Label');
  assert.equal(lines.length, 1001, 'expected a header and 1000 rows');
  lines.slice(1).forEach((line, i) => assert.match(line, new RegExp(`^${i + 1},[0-9]$`), `row ${i + 2}`));
  const accuracy = score(file, small('test_labels.csv'));  // tools/score also validates the format
  t.diagnostic(`submission accuracy on small/test.csv: ${accuracy}`);
  assert.ok(accuracy > 0.85, `submission accuracy ${accuracy} <= 0.85`);
  await app.screenshot('06-submission');
  lap('predict + download');
  assert.deepEqual(app.pageErrors, [], 'uncaught errors in the page');
});

test('bad files are reported and lose nothing', { timeout: 5 * 60e3 }, async t => {
  const before = await app.waitFor('the page to be ready', s => s.ready && !s.training, 60e3);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'digitlab-bad-'));
  const trainLines = fs.readFileSync(small('train.csv'), 'utf8').split('\n', 4);
  const write = (name, lines) => { fs.writeFileSync(path.join(tmp, name), lines.join('\n') + '\n'); return path.join(tmp, name); };
  const withField = (line, col, value) => line.split(',').map((v, i) => (i === col - 1 ? value : v)).join(',');
  const cases = [
    // [file to set on the train input, patterns the error must contain]
    [small('test.csv'), [/test\.csv/, /line 1\b/]],  // a test.csv has no label column
    [write('ragged.csv', [trainLines[0], trainLines[1], trainLines[2].split(',').slice(0, 100).join(',')]),
      [/ragged\.csv/, /line 3\b/]],
    [write('text.csv', [trainLines[0], trainLines[1], withField(trainLines[2], 5, 'abc')]),
      [/text\.csv/, /line 3\b/, /column 5\b/]],
  ];
  for (const [file, patterns] of cases) {
    const name = path.basename(file);
    await app.page.setInputFiles('#train-file', file);
    const s = await app.waitFor(`an error naming ${name}`, s => s.error.includes(name) && !s.training, 60e3);
    t.diagnostic(`${name}: ${s.error}`);
    for (const p of patterns) assert.match(s.error, p, `error for ${name} should match ${p}`);
    // Nothing is lost: the data loaded before and the model trained before stay.
    assert.equal(s.train_rows, before.train_rows, `train rows changed after a bad ${name}: ${stateText(s)}`);
    assert.equal(s.train_file, before.train_file);
    assert.equal(s.test_rows, before.test_rows);
    assert.equal(s.has_model, before.has_model);
    if (name === 'text.csv') await app.screenshot('07-bad-input');
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});
