// Accuracy tools through the real UI: turn on augmentation and check its preview (train.csv's own images and
// augmented copies that differ, new ones on "New sample"), train one epoch with augmentation and a one-cycle
// learning-rate schedule and check the live learning rate rises then falls, then predict test.csv with
// test-time augmentation and score the downloaded submission with tools/score.
// Run by tools/test (or `node --test tests/e2e/accuracy.test.js` with the site built). Screenshots go to
// build/e2e/accuracy-*.png.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { openApp, small, sampleRequire, score } = require('../../tools/lib/page_driver');

let app;

test.before(async () => {
  sampleRequire();
  app = await openApp();
});
test.after(async () => { if (app) await app.close(); });

// The sums of the pixels of train.csv's first `count` images, as the page reports its thumbnails.
function firstInks(file, count) {
  const lines = fs.readFileSync(file, 'utf8').split('\n').slice(1, count + 1);
  return lines.map(l => l.split(',').slice(1).reduce((a, v) => a + Number(v), 0));
}

test('augmentation preview, one-cycle schedule, test-time augmentation', { timeout: 15 * 60e3 }, async t => {
  let s = await app.waitFor('the page to be ready', s => s.ready, 90e3);
  assert.equal(s.error, '');
  await app.page.setInputFiles('#train-file', small('train.csv'));
  s = await app.waitFor('10000 training rows', s => s.train_rows === 10000 || s.error, 120e3);
  assert.equal(s.error, '', `loading small/train.csv failed: ${s.error}`);
  await app.page.setInputFiles('#test-file', small('test.csv'));
  s = await app.waitFor('1000 test rows', s => s.test_rows === 1000 || s.error, 60e3);
  assert.equal(s.error, '');

  // [SECTION] The section is collapsed by default: no augmentation checkbox until it is opened
  assert.equal(s.augment, false, 'augmentation is off by default');
  assert.equal(s.schedule, 'constant');
  assert.ok(s.rects.augment_header, 'no "Augmentation & schedule" header');
  assert.ok(!s.rects.augment, 'the augmentation checkbox shows although the section is collapsed');
  await app.click('augment_header');
  s = await app.waitFor('the section to open', s => s.rects.augment && s.rects.schedule, 10e3);
  assert.ok(!s.rects.augment_rotation, 'strength sliders show while augmentation is off');

  // [SECTION] Augmentation on: a preview of the first train.csv images and their augmented copies
  await app.click('augment');
  s = await app.waitFor('the augmentation preview',
    s => s.augment && s.augment_preview.count > 0 && !s.augment_preview.pending && s.rects.augment_preview, 20e3);
  assert.ok(s.rects.augment_rotation, 'no strength sliders with augmentation on');
  assert.ok(s.rects.augment_preview, 'no thumbnails shown');
  const p = s.augment_preview;
  assert.equal(p.count, 8);
  assert.deepEqual(p.ink.slice(0, p.count), firstInks(small('train.csv'), p.count),
    'the top row is not train.csv\'s first images');
  assert.ok(p.changed.every(n => n > 5), `an augmented image equals its original: changed pixels ${p.changed}`);
  // Augmentation moves the ink, it does not erase or invent much of it
  for (let i = 0; i < p.count; ++i) {
    const ratio = p.ink[p.count + i] / p.ink[i];
    assert.ok(ratio > 0.6 && ratio < 1.6, `augmented image ${i} has ${ratio.toFixed(2)} x its original's ink`);
  }
  await app.screenshot('accuracy-01-preview');
  await app.click('augment_new_sample');
  s = await app.waitFor('a new sample', s => s.augment_preview.version > p.version && !s.augment_preview.pending, 20e3);
  assert.deepEqual(s.augment_preview.ink.slice(0, p.count), p.ink.slice(0, p.count), 'the originals changed');
  assert.notDeepEqual(s.augment_preview.ink.slice(p.count), p.ink.slice(p.count),
    '"New sample" gave the same augmented images');

  // [SECTION] One-cycle schedule, one epoch with augmentation
  await app.click('schedule');
  await app.waitFor('the schedule combo\'s items', s => s.rects['schedule:one-cycle'], 10e3);
  await app.click('schedule:one-cycle');
  s = await app.waitFor('the one-cycle schedule', s => s.schedule === 'one-cycle', 10e3);
  await app.typeInto('epochs', 1);
  await app.typeInto('batch_size', 32);  // more batches: more points on the learning-rate curve
  await app.screenshot('accuracy-02-settings');
  await app.click('train');  // above the settings: in view although the open section fills the panel
  s = await app.waitFor('training to end with 1 epoch', s => (!s.training && s.history.length > 0) || s.error, 600e3);
  assert.equal(s.error, '', `training failed: ${s.error}`);
  assert.equal(s.history.length, 1);
  t.diagnostic(`epoch 1 with augmentation: ${JSON.stringify(s.history[0])}`);
  assert.ok(s.history[0].val_acc > 0.8, `validation accuracy ${s.history[0].val_acc} <= 0.8`);
  const lr = s.batch_lr;
  assert.equal(lr.length, s.batch_points);
  assert.ok(lr.length >= 5, `only ${lr.length} live learning-rate points`);
  const peak = lr.indexOf(Math.max(...lr));
  t.diagnostic(`live learning rates: ${lr.map(v => v.toPrecision(3)).join(' ')}`);
  assert.ok(peak > 0 && peak < lr.length - 1, `the learning rate does not rise then fall (peak at ${peak} of ${lr.length})`);
  for (let i = 1; i <= peak; ++i) assert.ok(lr[i] >= lr[i - 1], `the rate falls before its peak at point ${i}`);
  for (let i = peak + 1; i < lr.length; ++i) assert.ok(lr[i] <= lr[i - 1], `the rate rises after its peak at point ${i}`);
  assert.ok(lr[0] < lr[peak] / 3, `warm-up starts at ${lr[0]}, not well below the peak ${lr[peak]}`);
  assert.ok(lr[lr.length - 1] < lr[peak] / 10, `the rate ends at ${lr[lr.length - 1]}, not near 0`);
  await app.screenshot('accuracy-03-trained');

  // [SECTION] Predict without, then with test-time augmentation; download and score both
  const predictScore = async name => {
    await app.click('predict');  // clears the last submission in the frame of the click
    const s = await app.waitFor('1000 submission rows', s => s.submission_rows === 1000 || s.error, 120e3);
    assert.equal(s.error, '', `predicting failed: ${s.error}`);
    const { file } = await app.download('download', `accuracy-${name}.csv`);
    return { file, accuracy: score(file, small('test_labels.csv')) };  // tools/score also checks the format
  };
  const plain = await predictScore('plain');
  await app.click('predict_tta');
  s = await app.waitFor('TTA on', s => s.predict_tta, 10e3);
  const tta = await predictScore('tta');
  t.diagnostic(`small/test.csv accuracy: plain ${plain.accuracy}, with TTA ${tta.accuracy}`);
  const ttaLines = fs.readFileSync(tta.file, 'utf8').split('\n');
  const differing = fs.readFileSync(plain.file, 'utf8').split('\n').filter((line, i) => line !== ttaLines[i]).length;
  assert.ok(differing > 0, 'test-time augmentation changed no label: it was not applied');
  assert.ok(tta.accuracy > 0.8, `TTA submission accuracy ${tta.accuracy} <= 0.8`);
  assert.ok(tta.accuracy >= plain.accuracy - 0.02,
    `TTA made the submission worse: ${tta.accuracy} against ${plain.accuracy} without`);
  await app.screenshot('accuracy-04-predicted');
});
