// Ensembles through the real UI: "Models to train: 2" trains two small MLPs in turn (seeds 1 and 2), saves
// both and puts their ensemble in use; the pad's probabilities for a digit drawn with the mouse are the mean
// of those each model gives alone (each used alone from the Saved models list, then both ticked and used as
// an ensemble); Predict with the ensemble makes a submission (a real download) at least as accurate as the
// worse model's; the ensemble comes back after a reload, and "Use one model" leaves it. Stop ends a series,
// keeping the models trained before.
// Run by tools/test (or `node --test tests/e2e/ensemble.test.js` with the site built). Screenshots go to
// build/e2e/ensemble-*.png.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { openApp, small, sampleRequire, score, stateText } = require('../../tools/lib/page_driver');

const FOUR = [[[0.35, 0.15], [0.28, 0.55], [0.72, 0.55]], [[0.62, 0.3], [0.62, 0.88]]];  // a drawn '4'
let app;

test.before(async () => {
  sampleRequire();
  app = await openApp();
});
test.after(async () => { if (app) await app.close(); });

// Predict test.csv with what is in use, download submission.csv and score it against the true labels.
async function predictScore(name, members) {
  await app.click('predict');  // clears the last submission in the frame of the click
  const s = await app.waitFor(`the submission of ${name}`, s => s.submission_rows === 1000 || s.error, 120e3);
  assert.equal(s.error, '', `predicting with ${name} failed: ${s.error}`);
  assert.equal(s.submission_members, members, `the worker's answer for ${name}: ${stateText(s)}`);
  const { file } = await app.download('download', `ensemble-${name}.csv`);
  return score(file, small('test_labels.csv'));  // tools/score also checks the format (1000 rows)
}

// Uses saved model `row` alone; returns the state with the pad's prediction by it.
async function useAlone(row) {
  await app.click(`saved_use:${row}`);
  return app.waitFor(`saved model ${row} alone`, s => (s.saved[row].current && s.ensemble === 0 && !s.pad_pending &&
    s.prediction >= 0) || s.error, 20e3);
}

// Trains `count` models of `epochs` epochs in turn (Models to train); returns the state once the second one trains.
async function seriesTrain(count, epochs = 1) {
  await app.typeInto('epochs', epochs);
  await app.typeInto('models_to_train', count);
  await app.waitFor('Train to be enabled', s => s.can_train, 10e3);
  await app.click('train');
  const s = await app.waitFor('the second model training', s => (s.training && s.series_index === 1) || s.error, 120e3);
  assert.equal(s.error, '');
  assert.equal(s.series_count, count);
  return s;
}

test('two models trained in turn, used together as an ensemble', { timeout: 5 * 60e3 }, async t => {
  let s = await app.waitFor('the page to be ready', s => s.ready, 90e3);
  await app.page.setInputFiles('#train-file', small('train.csv'));
  s = await app.waitFor('10000 training rows', s => s.train_rows === 10000 || s.error, 120e3);
  await app.page.setInputFiles('#test-file', small('test.csv'));
  s = await app.waitFor('1000 test rows', s => s.test_rows === 1000 || s.error, 60e3);
  assert.equal(s.error, '', `loading the sample failed: ${s.error}`);
  assert.equal(s.ensemble, 0);

  // [SECTION] Models to train: 2 (an MLP, 1 epoch each)
  assert.equal(s.model_kind, 'MLP');
  s = await seriesTrain(2);
  assert.match(s.status, /model 2 of 2/);
  await app.screenshot('ensemble-01-second-model');
  s = await app.waitFor('the ensemble of both in use', s => (!s.training && s.ensemble === 2) || s.error, 180e3);
  assert.equal(s.error, '', `training failed: ${s.error}`);
  assert.equal(s.saved.length, 2, `two saved models: ${stateText(s)}`);
  for (const m of s.saved) {
    assert.ok(m.finished && m.epoch === 1, `a saved model of the series: ${JSON.stringify(m)}`);
    assert.ok(m.picked, 'the models of the ensemble are ticked in the list');
  }
  assert.match(s.saved[0].name, /seed 2/);
  assert.match(s.saved[1].name, /seed 1/);
  assert.match(s.status, /Using an ensemble of 2 models/);
  await app.rect('ensemble_status');
  const trained = await app.draw(FOUR, 'the drawn 4 (the trained ensemble)');

  // [SECTION] Each model alone, then both ticked and used as an ensemble: the mean of their probabilities
  const alone = [await useAlone(0), await useAlone(1)];
  alone.forEach((a, i) => assert.equal(a.error, '', `model ${i} alone: ${a.error}`));
  assert.ok(alone[0].probs.some((p, c) => Math.abs(p - alone[1].probs[c]) > 1e-4), 'the two models are the same');
  s = await app.state();
  assert.ok(!s.saved[0].picked && !s.saved[1].picked, 'a model used alone leaves the ensemble');
  await app.click('saved_pick:0');
  await app.click('saved_pick:1');
  s = await app.waitFor('both ticked', s => s.saved[0].picked && s.saved[1].picked && s.rects.ensemble_use, 10e3);
  await app.click('ensemble_use');
  s = await app.waitFor('the ticked ensemble in use', s => (s.ensemble === 2 && !s.pad_pending && s.prediction >= 0) ||
    s.error, 20e3);
  assert.equal(s.error, '');
  const mean = alone[0].probs.map((p, c) => (p + alone[1].probs[c]) / 2);
  t.diagnostic(`probabilities of the drawn 4: ${alone.map(a => a.probs[4].toFixed(4)).join(', ')} alone, ` +
    `${s.probs[4].toFixed(4)} together (${trained.probs[4].toFixed(4)} after training)`);
  s.probs.forEach((p, c) => {
    assert.ok(Math.abs(p - mean[c]) < 1e-5, `p(${c}) = ${p} by the ensemble, the members' mean is ${mean[c]}`);
    assert.ok(Math.abs(p - trained.probs[c]) < 1e-5, `p(${c}) = ${p}, after training it was ${trained.probs[c]}`);
  });
  await app.screenshot('ensemble-02-pad');

  // [SECTION] Predict: the ensemble's submission is at least as accurate as the worse member's
  const together = await predictScore('ensemble', 2);
  await useAlone(0);
  const first = await predictScore('model-1', 1);
  await useAlone(1);
  const second = await predictScore('model-2', 1);
  t.diagnostic(`small/test.csv accuracy: ${first} and ${second} alone, ${together} as an ensemble`);
  assert.ok(Math.min(first, second) > 0.8, 'the members are trained models');
  assert.ok(together >= Math.min(first, second), `the ensemble (${together}) is worse than both members`);

  // [SECTION] The choice survives a reload; "Use one model" leaves it
  await app.click('saved_pick:0');
  await app.click('saved_pick:1');
  await app.click('ensemble_use');
  s = await app.waitFor('the ensemble in use again', s => s.ensemble === 2 || s.error, 20e3);
  await app.page.reload();
  s = await app.waitFor('the ensemble after a reload', s => (s.ready && s.ensemble === 2) || s.error, 90e3);
  assert.equal(s.error, '');
  assert.ok(s.saved.every(m => m.picked && !m.current), `after the reload: ${stateText(s)}`);
  await app.screenshot('ensemble-03-reloaded');
  await app.click('ensemble_leave');
  s = await app.waitFor('one model in use', s => s.ensemble === 0, 10e3);
  assert.ok(s.has_model && s.saved[0].current, `"Use one model" uses the first member: ${stateText(s)}`);
});

test('Stop ends the whole series; the models trained before stay saved', { timeout: 3 * 60e3 }, async () => {
  let s = await app.waitFor('the page of the first test', s => s.ready && !s.training && s.saved.length === 2, 10e3);
  await app.page.setInputFiles('#train-file', small('train.csv'));  // the first test ended with a reload
  s = await app.waitFor('10000 training rows', s => s.train_rows === 10000 || s.error, 120e3);
  // Five epochs a model: long enough for the click to land while the series runs, even on an idle machine.
  s = await seriesTrain(3, 5);
  await app.click('stop');
  s = await app.waitFor('the series to stop', s => !s.training || s.error, 30e3);
  assert.equal(s.error, '');
  // A small MLP trains fast: the second model may have finished before the click, then the third stops.
  const stopped = /Stopped at model ([23]) of 3/.exec(s.status);
  assert.ok(stopped, `the status after Stop: ${s.status}`);
  const k = Number(stopped[1]);
  assert.equal(s.series_count, 1, 'no further model follows');
  assert.equal(s.ensemble, 0, 'a stopped series makes no ensemble');
  // The finished models and the stopped one's weights join the two of the first test.
  assert.equal(s.saved.length, 2 + k, `saved models: ${stateText(s)}`);
  assert.equal(s.saved[1].epoch, 5, 'the finished models of the series are saved with their epochs');
  assert.ok(s.saved[0].current, 'the stopped model is in use');
  await app.frames(30);  // a next training would have started by now
  s = await app.state();
  assert.ok(!s.training && s.saved.length === 2 + k, `after the stop: ${stateText(s)}`);
});

test('A recipe of two designs trains its second design after the first', { timeout: 3 * 60e3 }, async () => {
  let s = await app.waitFor('the page of the last test', s => s.ready && !s.training && s.train_rows === 10000, 10e3);
  const saved = s.saved.length;
  s = await app.pickModel('2 Wide + 2 Fast CNNs, 60 minutes');
  assert.equal(s.models_to_train, 2);
  assert.equal(s.series_models, 4, 'two Wide CNNs, then two Fast CNNs');
  const wide = s.model_params;
  await app.typeInto('models_to_train', 1);  // of the first design: the second's two still follow
  await app.typeInto('epochs', 2);           // the first design's, so that its weights are in use for an epoch
  s = await app.waitFor('three models in all', s => s.series_models === 3 && s.can_train, 10e3);
  await app.click('train');
  s = await app.waitFor('the Wide CNN after an epoch', s => (s.series_index === 0 && s.epoch >= 1) || s.error, 120e3);
  assert.equal(s.error, '');
  assert.equal(s.series_count, 3);
  assert.equal(s.current_params, wide, 'the first model is a Wide CNN');
  s = await app.waitFor('the second model after an epoch', s => (s.series_index === 1 && s.epoch >= 1) || s.error, 120e3);
  assert.equal(s.error, '');
  assert.match(s.status, /model 2 of 3/);
  assert.equal(s.current_params, 132042, 'the second model is a Fast CNN');
  await app.click('stop');
  s = await app.waitFor('the series to stop', s => !s.training || s.error, 60e3);
  assert.match(s.status, /Stopped at model 2 of 3/);
  assert.equal(s.saved.length, saved + 2, 'the Wide CNN and the stopped Fast CNN are saved');
});
