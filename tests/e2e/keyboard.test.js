// The journey with the keyboard alone, and what a screen reader hears: Tab reaches the page's file controls
// and the canvas; Space on a file control opens the browser's file chooser; in the canvas, Tab goes from
// panel to panel and arrows from widget to widget (ImGui's navigation); shortcuts train and predict. The
// live regions (#announce, polite; #alert, assertive) follow the state: status, each epoch's end, the pad's
// prediction once a stroke has ended (not while it is drawn), and the error.
// Run by tools/test (or `node --test tests/e2e/keyboard.test.js` with the site built).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { openApp, sampleRequire, small, outDir } = require('../../tools/lib/page_driver');

let app;
test.before(async () => {
  sampleRequire(['train.csv', 'test.csv']);
  app = await openApp();
  await app.waitFor('the page to be ready', s => s.ready && s.has_model, 90e3);
  // Everything the live regions say, in order, as a screen reader would be told it.
  await app.page.evaluate(() => {
    window.spoken = [];
    for (const id of ['announce', 'alert']) {
      const region = document.getElementById(id);
      new MutationObserver(() => window.spoken.push({ id, text: region.textContent }))
        .observe(region, { childList: true, characterData: true, subtree: true });
    }
  });
});
test.after(async () => { if (app) await app.close(); });

const focused = () => app.page.evaluate(() => document.activeElement && (document.activeElement.id || document.activeElement.tagName));
const spoken = () => app.page.evaluate(() => window.spoken);
const region = id => app.page.evaluate(id => document.getElementById(id).textContent, id);

async function press(key) {
  await app.hold(key);
  await app.frames(2);
}

// Waits until the polite region says something matching `re`; returns its text.
async function heard(re, what, timeoutMs = 60e3) {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    const text = await region('announce');
    if (re.test(text)) return text;
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error(`the live region never said ${what} (${re}); it says "${await region('announce')}"; ` +
    `all: ${JSON.stringify(await spoken())}`);
}

const centre = ([x, y, w, h]) => [x + w / 2, y + h / 2];
const inside = ([px, py], [x, y, w, h]) => px >= x && px <= x + w && py >= y && py <= y + h;

// Tab through the panels (and round through the file controls) until the one holding the widget `name` has
// the focus.
async function panelWith(name) {
  for (let i = 0; i < 12; i++) {
    const s = await app.state();
    if (await focused() === 'canvas' && s.rects.nav_panel && s.rects[name] && inside(centre(s.rects[name]), s.rects.nav_panel)) return;
    await press('Tab');
  }
  throw new Error(`Tab never reached the panel of "${name}"`);
}

// Arrow keys until ImGui's keyboard focus is on the widget `name` (its left part: a number field's text).
async function navTo(name) {
  for (let i = 0; i < 40; i++) {
    const s = await app.state();
    const focus = s.rects.nav_focus, target = s.rects[name];
    if (focus && inside(centre(focus), target) && focus[0] - target[0] < 4) return;
    if (!focus) await press('ArrowDown');
    else if (centre(focus)[1] < target[1]) await press('ArrowDown');
    else if (centre(focus)[1] > target[1] + target[3]) await press('ArrowUp');
    else await press(centre(focus)[0] > centre(target)[0] ? 'ArrowLeft' : 'ArrowRight');
  }
  throw new Error(`the arrow keys never reached "${name}"`);
}

// Space on the focused file control opens the browser's chooser, which is given `file`.
async function chooseWithSpace(file) {
  const [chooser] = await Promise.all([app.page.waitForEvent('filechooser', { timeout: 10e3 }), app.page.keyboard.press('Space')]);
  await chooser.setFiles(file);
}

test('the canvas is labelled, has the focus, and its keyboard navigation leads to the file controls', async () => {
  const canvas = await app.page.evaluate(() => {
    const c = document.getElementById('canvas');
    return { tabIndex: c.tabIndex, label: c.getAttribute('aria-label'), role: c.getAttribute('role') };
  });
  assert.equal(canvas.tabIndex, 0);
  assert.match(canvas.label, /DigitLab/);
  assert.equal(await focused(), 'canvas');
  const labels = await app.page.evaluate(() =>
    ['train-file', 'test-file', 'model-file'].map(id => document.getElementById(id).labels[0].textContent.trim()));
  assert.deepEqual(labels, ['Open train.csv (O)', 'Open test.csv (E)', 'Open model (M)']);
  // Tab goes through the four panels and the status bar, then leaves the canvas for the first file control.
  const panels = new Set();
  for (let i = 0; i < 10 && await focused() === 'canvas'; i++) {
    await press('Tab');
    const s = await app.state();
    if (s.rects.nav_panel) panels.add(JSON.stringify(s.rects.nav_panel));
  }
  assert.equal(await focused(), 'train-file');
  assert.equal(panels.size, 5, `panels focused: ${[...panels].join(' ')}`);
});

test('keyboard alone: open both CSVs, set one epoch, train, predict, download; the live region follows', { timeout: 5 * 60e3 }, async t => {
  assert.equal(await focused(), 'train-file');
  await chooseWithSpace(small('train.csv'));
  await app.waitFor('train.csv loaded', s => s.train_rows === 10000, 60e3);
  t.diagnostic(`after train.csv: "${await heard(/Loaded train\.csv as training data/, 'train.csv loaded')}"`);

  await app.page.keyboard.press('Tab');
  assert.equal(await focused(), 'test-file');
  await chooseWithSpace(small('test.csv'));
  await app.waitFor('test.csv loaded', s => s.test_rows === 1000, 60e3);
  t.diagnostic(`after test.csv: "${await heard(/Loaded test\.csv as test data/, 'test.csv loaded')}"`);

  // Tab past the model control into the canvas, then to the epochs field: Enter edits it.
  await app.page.keyboard.press('Tab');
  await app.page.keyboard.press('Tab');
  assert.equal(await focused(), 'canvas');
  await panelWith('epochs');
  await navTo('epochs');
  await press('Enter');
  await app.hold('a', 'Control');
  await app.page.keyboard.type('1', { delay: 30 });
  await press('Enter');
  // T, the help's shortcut, trains.
  await press('t');
  const s = await app.waitFor('one epoch trained', s => !s.training && s.history && s.history.length === 1 && s.epochs === 1, 120e3);
  const epochText = (await spoken()).map(x => x.text).find(x => /^Epoch 1 of 1: validation accuracy \d+\.\d%/.test(x));
  assert.ok(epochText, `no epoch announcement in ${JSON.stringify(await spoken())}`);
  t.diagnostic(`epoch: "${epochText}"`);
  assert.ok(epochText.includes(`${(s.history[0].val_acc * 100).toFixed(1)}%`), `${epochText} vs ${JSON.stringify(s.history[0])}`);
  t.diagnostic(`after training: "${await heard(/Training finished: 1 epoch/, 'the training finished')}"`);

  await press('p');
  await app.waitFor('the predictions', s => s.submission_rows === 1000, 60e3);
  t.diagnostic(`after predict: "${await heard(/Predicted 1,000 test images/, 'the prediction of test.csv')}"`);

  await panelWith('download');
  await navTo('download');
  const [download] = await Promise.all([app.page.waitForEvent('download', { timeout: 30e3 }), press('Space')]);
  const file = path.join(outDir, 'keyboard-submission.csv');
  await download.saveAs(file);
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
  assert.equal(lines[0], 'ImageId,Label');
  assert.equal(lines.length, 1001);
});

test('the pad\'s prediction is said once the stroke ends, not while it is drawn', async t => {
  await app.click('clear_pad');
  await app.frames(3);
  const before = (await spoken()).length;
  // A "1": a vertical stroke, drawn with frames along it (the prediction changes on each).
  const [x, y, w, h] = await app.rect('pad');
  await app.page.mouse.move(x + w * 0.5, y + h * 0.2);
  await app.page.mouse.down();
  for (let i = 1; i <= 12; i++) {
    await app.page.mouse.move(x + w * 0.5, y + h * (0.2 + 0.05 * i));
    await app.frames(1);
  }
  await app.frames(3);
  const during = (await spoken()).slice(before).filter(x => /^Predicted \d,/.test(x.text));
  assert.deepEqual(during, [], 'the prediction was said while the stroke was drawn');
  await app.page.mouse.up();
  const s = await app.waitFor('a prediction', s => s.prediction >= 0 && !s.pad_pending, 10e3);
  const text = await heard(/^Predicted \d, \d+%/, 'the prediction', 10e3);
  t.diagnostic(`after the stroke: "${text}"`);
  assert.equal(text, `Predicted ${s.prediction}, ${Math.round(s.probs[s.prediction] * 100)}%.`);
  assert.equal((await spoken()).slice(before).filter(x => /^Predicted \d,/.test(x.text)).length, 1);
});

test('an error is said at once (assertive), and the region empties when it is dismissed', async t => {
  // M is the help's shortcut for Open model: the same file control's chooser.
  await app.page.focus('#canvas');
  const [chooser] = await Promise.all([app.page.waitForEvent('filechooser', { timeout: 10e3 }), press('m')]);
  const bad = path.join(outDir, 'not-a-model.dlm');
  fs.writeFileSync(bad, 'not a model');
  await chooser.setFiles(bad);
  const s = await app.waitFor('the error', s => s.error.includes('not-a-model.dlm'), 10e3);
  await app.frames(2);
  assert.equal(await region('alert'), s.error);
  t.diagnostic(`alert: "${s.error}"`);
  await app.click('error_dismiss');
  await app.waitFor('no error', s => s.error === '', 5e3);
  await app.frames(2);
  assert.equal(await region('alert'), '');
});
