// Download as ONNX through the real UI, judged by onnxruntime-node: the default model's file is byte for byte
// what `digitlab export --onnx` writes for the same model, its probabilities for digits drawn with the mouse
// are the page's, and its labels for small/test.csv are those of the page's Predict. An ensemble in use
// downloads as one model whose probabilities are the ensemble's, not its first member's.
// Run by tools/test (or `node --test tests/e2e/onnx.test.js` with the site built). Files go to build/e2e/.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const ort = require('onnxruntime-node');
const { openApp, small, sampleRequire, outDir, stateText } = require('../../tools/lib/page_driver');

const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'build', 'native', 'digitlab');
const TOLERANCE = 1e-4;  // as tests/onnx/run.sh allows between onnxruntime and our core
// Digits drawn on the pad: [fx, fy] fractions of the pad, one array per stroke.
const DIGITS = [
  [[[0.53, 0.15], [0.51, 0.4], [0.46, 0.86]]],
  [[[0.27, 0.19], [0.72, 0.17], [0.55, 0.5], [0.43, 0.86]]],
  [[[0.4, 0.14], [0.28, 0.58], [0.75, 0.57]], [[0.64, 0.3], [0.62, 0.88]]],
];
let app;

test.before(async () => {
  sampleRequire();
  app = await openApp();
});
test.after(async () => { if (app) await app.close(); });

// onnxruntime's probabilities for `images` (784 bytes each, 255 = ink), one array of 10 per image.
async function onnxProbs(session, images) {
  const x = new Float32Array(images.length * 784);
  images.forEach((image, i) => image.forEach((v, j) => { x[i * 784 + j] = v / 255; }));
  const out = await session.run({ image: new ort.Tensor('float32', x, [images.length, 1, 28, 28]) });
  assert.deepEqual(out.probabilities.dims, [images.length, 10]);
  return images.map((_, i) => Array.from(out.probabilities.data.subarray(i * 10, i * 10 + 10)));
}

const maxDiff = (a, b) => Math.max(...a.map((p, c) => Math.abs(p - b[c])));

// Draws each of DIGITS and checks onnxruntime's probabilities for the pad's image against the page's.
async function padCheck(t, session, what) {
  const diffs = [];
  for (const strokes of DIGITS) {
    const s = await app.draw(strokes);
    const [probs] = await onnxProbs(session, [Buffer.from(s.pad_image, 'hex')]);
    diffs.push(maxDiff(s.probs, probs));
  }
  t.diagnostic(`${what}, drawn digits: max abs difference between the page's and onnxruntime's probabilities ` +
    diffs.map(d => d.toExponential(2)).join(', '));
  diffs.forEach(d => assert.ok(d <= TOLERANCE, `difference ${d} over ${TOLERANCE}`));
}

// The models of `files` exported by the CLI, or null when it is not built.
function cliExport(files, saveAs) {
  if (!fs.existsSync(cli)) return null;
  const file = path.join(outDir, saveAs);
  execFileSync(cli, ['export', '--onnx', files, file]);
  return file;
}

test('the default model as ONNX: the CLI\'s file; the pad\'s and Predict\'s results in onnxruntime', { timeout: 5 * 60e3 }, async t => {
  let s = await app.waitFor('the page with its default model', s => s.ready && (s.has_model || s.error), 90e3);
  assert.equal(s.default_model, true, `no default model: ${stateText(s)}`);
  const { file, suggested } = await app.download('download_onnx', 'onnx-default.onnx');
  assert.equal(suggested, 'digitlab-model.onnx');
  const page = fs.readFileSync(file);
  const fromCli = cliExport(path.join(root, 'assets', 'default-model.dlm'), 'onnx-default-cli.onnx');
  if (fromCli) assert.ok(page.equals(fs.readFileSync(fromCli)), 'the page\'s ONNX file differs from the CLI\'s');
  else t.diagnostic(`${cli} not built: the comparison with the CLI's export is skipped`);

  const session = await ort.InferenceSession.create(file);
  await padCheck(t, session, 'the default model');

  // [SECTION] small/test.csv: onnxruntime's labels are Predict's
  await app.page.setInputFiles('#test-file', small('test.csv'));
  await app.waitFor('1000 test rows', s => s.test_rows === 1000 || s.error, 60e3);
  await app.click('predict');
  s = await app.waitFor('the submission', s => s.submission_rows === 1000 || s.error, 120e3);
  assert.equal(s.error, '', `predicting failed: ${s.error}`);
  const submission = await app.download('download', 'onnx-submission.csv');
  const labels = fs.readFileSync(submission.file, 'utf8').trim().split('\n').slice(1).map(l => Number(l.split(',')[1]));
  const images = fs.readFileSync(small('test.csv'), 'utf8').trim().split('\n').slice(1).map(l => l.split(',').map(Number));
  const probs = await onnxProbs(session, images);
  const differ = probs.map(p => p.indexOf(Math.max(...p))).filter((label, i) => label !== labels[i]).length;
  t.diagnostic(`small/test.csv: onnxruntime's label differs from the page's for ${differ} of ${labels.length} images`);
  assert.equal(differ, 0);
});

test('an ensemble in use downloads as one ONNX model with the ensemble\'s probabilities', { timeout: 5 * 60e3 }, async t => {
  await app.page.setInputFiles('#train-file', small('train.csv'));
  let s = await app.waitFor('10000 training rows', s => s.train_rows === 10000 || s.error, 120e3);
  assert.equal(s.error, '', `loading small/train.csv failed: ${s.error}`);
  await app.typeInto('epochs', 1);
  await app.typeInto('models_to_train', 2);
  await app.click('train');
  s = await app.waitFor('the ensemble of two MLPs', s => (!s.training && s.ensemble === 2) || s.error, 180e3);
  assert.equal(s.error, '', `training failed: ${s.error}`);

  const { file } = await app.download('download_onnx', 'onnx-ensemble.onnx');
  await padCheck(t, await ort.InferenceSession.create(file), 'the ensemble of two');

  // Download model saves the first member alone: its export gives other probabilities for the last digit.
  const first = await app.download('download_model', 'onnx-ensemble-first.dlm');
  const firstOnnx = cliExport(first.file, 'onnx-ensemble-first.onnx');
  if (firstOnnx) {
    s = await app.state();
    const [byFirst] = await onnxProbs(await ort.InferenceSession.create(firstOnnx), [Buffer.from(s.pad_image, 'hex')]);
    assert.ok(maxDiff(s.probs, byFirst) > 1e-3, 'the ensemble\'s probabilities are its first member\'s');
  }
  assert.deepEqual(app.pageErrors, [], 'uncaught errors in the page');
});
