// Training faults and keeping models, through the real UI: pause and resume a training, reload the page in
// the middle of it and get back the model of the last finished epoch (kept in IndexedDB) with its curves,
// rename / download / delete it in the saved list (also while it trains), a learning rate of 10 stopped with
// a message while the model in use stays, and a training's progress followed without animation frames (a
// hidden tab). Run by tools/test (or `node --test tests/e2e/faults.test.js` with the site built). Screenshots
// go to build/e2e/faults-*.png.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { openApp, small, sampleRequire, stateText, sleep } = require('../../tools/lib/page_driver');

const ONE = [[0.5, 0.15], [0.5, 0.85]];  // a drawn '1'
let app;

test.before(async () => {
  sampleRequire(['train.csv']);
  app = await openApp();
});
test.after(async () => { if (app) await app.close(); });

// After a reload the page starts from nothing but the browser's storage: wait until it has read it.
async function appReady(a, what) {
  return a.waitFor(what, s => s.ready && s.saved_listed, 90e3);
}

async function trainLoad(a) {
  await a.page.setInputFiles('#train-file', small('train.csv'));
  const s = await a.waitFor('10000 training rows', s => s.train_rows === 10000 || s.error, 120e3);
  assert.equal(s.error, '', `loading small/train.csv failed: ${s.error}`);
}

function drawOne(a) {
  return a.draw([ONE], 'the drawn 1');
}

test('pause and resume; a reload during training keeps the finished epochs', { timeout: 10 * 60e3 }, async t => {
  let s = await appReady(app, 'the page to be ready');
  assert.deepEqual(s.saved, [], 'a fresh browser profile has no saved models');
  assert.equal(s.keep, true, '"Keep in this browser" is on by default');
  await trainLoad(app);
  await app.typeInto('epochs', 30);  // long enough to pause it and reload in the middle
  await app.click('train');
  s = await app.waitFor('training to make progress', s => s.training && s.train_done > 0, 60e3);

  // [SECTION] Pause: no batch is trained until Resume
  await app.click('pause');
  s = await app.waitFor('the worker to confirm the pause', s => s.paused, 10e3);
  const held = s.train_done;
  await sleep(1500);
  s = await app.state();
  assert.equal(s.train_done, held, 'batches were trained while paused');
  assert.ok(s.training && s.paused);
  await app.screenshot('faults-01-paused');
  await app.click('pause');  // now labelled Resume
  s = await app.waitFor('training to go on after Resume', s => !s.paused && s.train_done > held, 10e3);

  // [SECTION] Live curves: a point per progress report, zoomed with the wheel, back to all with Show all
  s = await app.waitFor('live curve points', s => s.batch_points >= 20, 30e3);
  await app.page.mouse.move(2, 2);  // no hover in the picture
  await app.frames(2);
  await app.docShot('training.png', await app.rect('chart_live'));
  const [cx, cy, cw, ch] = await app.rect('chart_live');
  await app.page.mouse.move(cx + cw * 0.5, cy + ch * 0.5);
  await app.frames();
  await app.page.mouse.wheel(0, -300);  // up: zoom in around the pointer
  await app.frames(3);
  s = await app.state();
  assert.equal(s.charts.live.length, 2, `the wheel did not zoom the live charts: ${JSON.stringify(s.charts)}`);
  const [x0, x1] = s.charts.live;
  assert.ok(x1 - x0 < s.epochs * 0.9, `zoomed range [${x0}, ${x1}] of ${s.epochs} epochs`);
  await app.screenshot('faults-02-live-zoomed');
  await app.click('chart_live_all');
  s = await app.state();
  assert.deepEqual(s.charts.live, [], '"Show all" shows the whole training again');

  // [SECTION] Each finished epoch is saved; a reload mid-training brings back the last one
  s = await app.waitFor('two epochs saved', s => s.history.length >= 2 && s.saved.length === 1 &&
    s.saved[0].epoch >= 2, 120e3);
  assert.ok(s.saved[0].current && !s.saved[0].finished, `the running training's entry: ${JSON.stringify(s.saved)}`);
  const done = s.history.length;
  await app.page.reload();
  s = await appReady(app, 'the page to come back after the reload');
  s = await app.waitFor('the saved model to be in use again', s => s.saved.length && s.saved[0].current, 30e3);
  t.diagnostic(`epochs finished before the reload: ${done}; restored: ${JSON.stringify(s.saved)}; status: ${s.status}`);
  assert.equal(s.training, false);
  assert.equal(s.saved.length, 1);
  const saved = s.saved[0];
  assert.ok(saved.current && !saved.finished, 'the interrupted run is in use and marked as not finished');
  // The epoch that finished while the page was unloading may not have been written: that one at most is lost.
  assert.ok(saved.epoch >= done - 1 && saved.epoch >= 1, `${done} epochs were finished, ${saved.epoch} came back`);
  assert.equal(s.model_epoch, saved.epoch, 'the model in use holds the saved epoch');
  assert.equal(s.history.length, saved.epoch, 'the run history (charts, epoch table) came back');
  assert.match(s.status, /interrupted/);
  s = await drawOne(app);
  assert.equal(s.prediction, 1, `the restored model took a drawn 1 for ${s.prediction}`);
  await app.screenshot('faults-03-restored');

  // [SECTION] Rename (kept across reloads) and download
  await app.typeInto('saved_name:0', 'my first mlp');
  s = await app.waitFor('the new name', s => s.saved[0] && s.saved[0].name === 'my first mlp', 10e3);
  const { file, suggested } = await app.download('saved_download:0', 'faults-saved.dlm');
  assert.equal(suggested, 'my_first_mlp.dlm');
  assert.equal(fs.readFileSync(file).subarray(0, 8).toString('latin1'), 'DLABMODL', 'the download is a model file');
  await app.page.reload();
  s = await appReady(app, 'the page after the second reload');
  assert.equal(s.saved.length, 1);
  assert.equal(s.saved[0].name, 'my first mlp', 'the new name survives a reload');
});

test('a learning rate of 10 stops with a message and the model in use stays', { timeout: 5 * 60e3 }, async t => {
  let s = await app.waitFor('the saved model in use', s => s.ready && s.saved.length === 1 && s.saved[0].current, 30e3);
  const before = { epoch: s.model_epoch, params: s.current_params };
  await trainLoad(app);
  await app.typeInto('learning_rate', 10);
  await app.typeInto('epochs', 3);
  await app.click('train');
  s = await app.waitFor('training to stop as diverged', s => !s.training && /diverged/.test(s.error), 120e3);
  t.diagnostic(`message: ${s.error}`);
  assert.match(s.error, /far above a random guess|NaN|infinite/, 'the message says what was seen');
  assert.match(s.error, /smaller learning rate/, 'the message says what to do');
  await app.screenshot('faults-04-diverged');
  // The comparison lists the saved run (back after the reloads, renamed) and this visit's diverged one.
  assert.deepEqual(s.runs.map(r => [r.name, r.epochs > 0]), [['my first mlp', true], [s.runs[1].name, false]]);
  assert.equal(s.has_model, true);
  assert.equal(s.model_epoch, before.epoch, 'the model in use was replaced by a diverged one');
  assert.equal(s.current_params, before.params);
  assert.equal(s.saved.length, 1, `a diverged run with no finished epoch is not saved: ${stateText(s)}`);
  s = await drawOne(app);
  assert.equal(s.prediction, 1, 'the model in use still works');
});

test('delete a saved model, the running training\'s too, for good', { timeout: 4 * 60e3 }, async () => {
  let s = await app.waitFor('one saved model', s => s.ready && s.saved.length === 1, 30e3);
  const runsBefore = s.runs.map(r => [r.name, r.epochs]);

  // [SECTION] The running training's model, saved after its first epoch: its run leaves the comparison, and
  // the runs before it keep their curves while it trains on
  await app.typeInto('learning_rate', 0.001);
  await app.typeInto('epochs', 30);
  await app.click('train');
  s = await app.waitFor('the first epoch saved', s => s.saved.length === 2 || s.error, 60e3);
  assert.equal(s.error, '');
  await app.click('saved_delete:0');  // the newest: the running training's
  s = await app.waitFor('the running model deleted', s => s.saved.length === 1, 10e3);
  const epoch = s.epoch;
  s = await app.waitFor('another epoch', s => s.epoch > epoch + 1, 60e3);
  await app.click('stop');
  s = await app.waitFor('the training to stop', s => !s.training, 60e3);
  assert.deepEqual(s.runs.map(r => [r.name, r.epochs]), runsBefore, 'the other runs changed');
  assert.equal(s.saved.length, 1, `the deleted training was saved again: ${stateText(s)}`);

  await app.click('saved_delete:0');
  s = await app.waitFor('the list to be empty', s => s.saved.length === 0, 10e3);
  await app.page.reload();
  s = await appReady(app, 'the page after deleting');
  assert.deepEqual(s.saved, [], 'a deleted model came back after a reload');
  assert.deepEqual(app.pageErrors, [], 'uncaught errors in the page');
});

// A hidden tab gets no animation frames, so no frame shows the worker's progress reports. Headless Chromium
// never hides a page: its requestAnimationFrame is held instead. The reports must not pile up until the
// epoch's end: the state follows the training without frames.
test('without animation frames (a hidden tab) progress reports do not pile up', { timeout: 3 * 60e3 }, async t => {
  await trainLoad(app);
  await app.pickModel('CNN Conv32-Conv64');  // an epoch of 9000 images: well over the 3 s reports may wait
  await app.click('train');
  let s = await app.waitFor('training to start', s => s.training || s.error, 30e3);
  assert.equal(s.error, '');
  await app.page.evaluate(() => {
    const raf = window.requestAnimationFrame.bind(window);
    const held = [];
    window.requestAnimationFrame = f => { held.push(f); return 0; };
    window.framesRelease = () => { window.requestAnimationFrame = raf; for (const f of held.splice(0)) raf(f); };
  });
  await sleep(500);  // the frame asked for before comes
  const s0 = await app.state();
  const s1 = await app.waitFor('the state to follow the training',
    s => s.train_images > s0.train_images || s.history.length > s0.history.length, 60e3);
  t.diagnostic(`images seen ${s0.train_images} -> ${s1.train_images}, ${s1.progress_held} reports held`);
  assert.equal(s1.history.length, s0.history.length, 'reports waited until the epoch ended');
  assert.equal(s1.layouts, s0.layouts, 'a frame ran');
  await app.page.evaluate(() => window.framesRelease());
  await app.click('stop');
  s = await app.waitFor('the training to stop', s => !s.training, 60e3);
  assert.equal(s.error, '');
});
