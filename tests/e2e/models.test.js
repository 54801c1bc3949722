// Models beyond the MLP, through the real UI: pick a Kaggle tutorial's CNN from the model combo, read its
// Keras-like summary, train it, save it as a file (a real download, also used by the native CLI), open it
// again in a fresh page, refuse bad model files (opened or dropped) without losing the current model, and
// edit the layers into an impossible model that cannot be trained until it is fixed.
// Run by tools/test (or `node --test tests/e2e/models.test.js` with the site built). Screenshots go to
// build/e2e/models-*.png.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { openApp, small, sampleRequire, outDir, score, stateText } = require('../../tools/lib/page_driver');

const root = path.resolve(__dirname, '..', '..');
const modelFile = path.join(outDir, 'models-cnn.dlm');
const ONE = [[[0.5, 0.15], [0.5, 0.85]]];  // a drawn '1', as pad strokes
let app;
let trained;  // the state after training and drawing ONE: the pad's prediction and probabilities

test.before(async () => {
  sampleRequire();
  app = await openApp();
});
test.after(async () => { if (app) await app.close(); });


// Drops the file on the page as a file manager would: a drop event whose DataTransfer holds the file.
async function dropFile(page, file) {
  const bytes = [...fs.readFileSync(file)];
  await page.evaluate(({ name, bytes }) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(bytes)], name));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, { name: path.basename(file), bytes });
}

function drawOne(a) {
  return a.draw(ONE, 'the drawn 1');
}

test('a tutorial CNN: summary, training, download, CLI', { timeout: 15 * 60e3 }, async t => {
  let s = await app.waitFor('the page to be ready', s => s.ready, 90e3);
  await app.page.setInputFiles('#train-file', small('train.csv'));
  s = await app.waitFor('10000 training rows', s => s.train_rows === 10000 || s.error, 120e3);
  assert.equal(s.error, '', `loading small/train.csv failed: ${s.error}`);

  // [SECTION] The preset, from the model combo, and its summary
  s = await app.pickItem('model_kind', 'CNN Conv32 5x5');
  assert.equal(s.model_kind, 'CNN Conv32 5x5', `the combo did not pick the preset: ${stateText(s)}`);
  assert.equal(s.model_params, 592074, 'the Keras tutorial model has 592,074 parameters');
  assert.equal(s.model_problem, '');
  await app.click('summary');
  await app.frames(3);
  await app.screenshot('models-01-summary');
  await app.click('summary');  // closed again: the settings below stay where they were
  await app.typeInto('epochs', 1);

  // [SECTION] Training
  s = await app.waitFor('Train to be enabled', s => s.can_train, 10e3);
  await app.click('train');
  s = await app.waitFor('training to end with 1 epoch', s => (!s.training && s.history.length > 0) || s.error, 600e3);
  assert.equal(s.error, '', `training failed: ${s.error}`);
  assert.equal(s.history.length, 1);
  t.diagnostic(`epoch 1: ${JSON.stringify(s.history[0])}`);
  assert.ok(s.history[0].val_acc > 0.9, `validation accuracy ${s.history[0].val_acc} <= 0.9 after 1 epoch`);
  assert.equal(s.current_params, 592074);
  assert.equal(s.model_file, '');
  trained = await drawOne(app);
  t.diagnostic(`the drawn 1: predicted ${trained.prediction}, p = ${trained.probs[trained.prediction].toFixed(4)}`);
  assert.equal(trained.prediction, 1);
  await app.screenshot('models-02-trained');

  // [SECTION] Download model (a real browser download), then the native CLI predicts with the file
  const { suggested } = await app.download('download_model', path.basename(modelFile));
  assert.equal(suggested, 'digitlab-model.dlm');
  const cli = path.join(root, 'build', 'native', 'digitlab');
  if (!fs.existsSync(cli)) {
    t.diagnostic(`${cli} not built: the CLI check is skipped`);
    return;
  }
  const submission = path.join(outDir, 'models-submission.csv');
  execFileSync(cli, ['predict', '--model', modelFile, '--test', small('test.csv'), '--out', submission]);
  const accuracy = score(submission, small('test_labels.csv'));
  t.diagnostic(`digitlab predict with the downloaded model: accuracy ${accuracy} on small/test.csv`);
  assert.ok(accuracy > 0.85, `CLI accuracy ${accuracy} <= 0.85 with the downloaded model`);
});

test('model files: bad ones are refused by name, a good one opens in a fresh page', { timeout: 5 * 60e3 }, async t => {
  assert.ok(trained && fs.existsSync(modelFile), 'needs the model of the first test');
  const bytes = fs.readFileSync(modelFile);
  const truncated = path.join(outDir, 'models-truncated.dlm');
  fs.writeFileSync(truncated, bytes.subarray(0, bytes.length >> 1));
  // [file, how it reaches the page, what the error must say]
  const cases = [[truncated, 'drop', /truncated|damaged/], [small('test_labels.csv'), 'open', /not a DigitLab model file/]];
  for (const [file, how, pattern] of cases) {
    const name = path.basename(file);
    if (how === 'drop') await dropFile(app.page, file);
    else await app.page.setInputFiles('#model-file', file);
    const s = await app.waitFor(`an error naming ${name}`, s => s.error.includes(name), 10e3);
    t.diagnostic(s.error);
    assert.match(s.error, pattern);
    // Nothing changed: the trained model stays, and the pad still predicts with it.
    assert.equal(s.has_model, true);
    assert.equal(s.current_params, trained.current_params);
    assert.equal(s.model_file, '');
    assert.equal(s.prediction, trained.prediction);
    assert.deepEqual(s.probs, trained.probs);
  }
  await app.screenshot('models-03-bad-file');

  // A page that never trained: the file alone makes the pad predict exactly as the trained page did.
  const fresh = await openApp();
  try {
    // Its only model is the pretrained default one, until the file is opened.
    let s = await fresh.waitFor('the fresh page to be ready', s => s.ready && (s.has_model || s.error), 90e3);
    assert.equal(s.default_model, true, `a fresh page: ${stateText(s)}`);
    await fresh.page.setInputFiles('#model-file', modelFile);
    s = await fresh.waitFor('the model to open', s => !s.default_model || s.error, 10e3);
    assert.equal(s.error, '', `opening ${modelFile} failed: ${s.error}`);
    assert.equal(s.model_file, path.basename(modelFile));
    assert.equal(s.current_params, trained.current_params);
    s = await drawOne(fresh);
    assert.equal(s.prediction, trained.prediction);
    s.probs.forEach((p, i) => assert.ok(Math.abs(p - trained.probs[i]) < 1e-6, `p(${i}) ${p} != ${trained.probs[i]}`));
    await fresh.screenshot('models-04-opened');
  } finally {
    await fresh.close();
  }
});

test('the model editor: an impossible model disables Train until fixed', { timeout: 2 * 60e3 }, async () => {
  let s = await app.waitFor('the page to be ready', s => s.ready && !s.training, 30e3);
  assert.equal(s.model_kind, 'CNN Conv32 5x5');
  assert.ok(s.can_train);
  await app.click('layers');
  await app.frames(3);
  await app.click('layer_3');  // MaxPooling2D 2x2: 24x24 -> 12x12; new layers go after the selected one
  // 12 -> 6 -> 3 -> 1, then a 2x2 pool on 1x1 cannot be
  for (let n = 1; n <= 4; n++) {
    s = await app.pickItem('add_layer', 'MaxPooling2D');
    assert.equal(s.model_layers, 8 + n, `add ${n}: ${stateText(s)}`);
    assert.equal(s.model_kind, 'Custom', 'an edited preset is a custom model');
  }
  assert.match(s.model_problem, /layer 7 \(MaxPooling2D\): a 2x2 window does not fit its 1x1 input/);
  assert.equal(s.can_train, false, 'Train must be disabled for an impossible model');
  await app.screenshot('models-05-impossible');

  await app.click('layer_7_remove');
  s = await app.waitFor('a valid model again', s => s.model_problem === '', 5e3);
  assert.equal(s.model_layers, 11);
  assert.equal(s.can_train, true, 'Train must be enabled again once the model is fixed');
  assert.equal(s.model_params, 32 * 25 + 32 + 32 * 128 + 128 + 1290);  // 1x1x32 after three more pools
  await app.screenshot('models-06-fixed');
  assert.deepEqual(app.pageErrors, [], 'uncaught errors in the page');
});
