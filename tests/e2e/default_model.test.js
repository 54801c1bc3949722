// The pretrained default model (assets/default-model.dlm): a first visit (fresh browser profile, no data,
// no training) has it as the current model, and digits drawn with real mouse strokes are recognised; the
// Draw panel's "Inside the model" view shows its first filters and every convolution's activation maps
// (screenshot: docs/screenshots/inside.png, checked to hold an image, not a blank area). A missing or
// damaged default model leaves the page usable, without a model, and says so.
// Run by tools/test (or `node --test tests/e2e/default_model.test.js` with the site built).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { openApp, stateText } = require('../../tools/lib/page_driver');

// Digits as a hand draws them on the pad: [fx, fy] fractions of the pad, one array per stroke, slanted and
// uneven rather than geometric.
const DIGITS = {
  0: [[[0.52, 0.16], [0.4, 0.2], [0.31, 0.32], [0.28, 0.5], [0.31, 0.68], [0.42, 0.82], [0.55, 0.84],
    [0.66, 0.74], [0.71, 0.55], [0.69, 0.35], [0.61, 0.2], [0.5, 0.16], [0.45, 0.2]]],
  1: [[[0.53, 0.15], [0.51, 0.4], [0.48, 0.65], [0.46, 0.86]]],
  2: [[[0.3, 0.3], [0.36, 0.19], [0.5, 0.14], [0.63, 0.18], [0.69, 0.3], [0.65, 0.44], [0.53, 0.58],
    [0.4, 0.71], [0.29, 0.84], [0.45, 0.83], [0.6, 0.82], [0.73, 0.84]]],
  3: [[[0.3, 0.22], [0.42, 0.14], [0.57, 0.14], [0.67, 0.23], [0.64, 0.36], [0.5, 0.46], [0.44, 0.47],
    [0.56, 0.5], [0.68, 0.6], [0.7, 0.73], [0.6, 0.84], [0.45, 0.86], [0.31, 0.8]]],
  4: [[[0.4, 0.14], [0.34, 0.36], [0.28, 0.58], [0.5, 0.59], [0.75, 0.57]], [[0.64, 0.3], [0.63, 0.6], [0.62, 0.88]]],
  5: [[[0.68, 0.15], [0.5, 0.15], [0.36, 0.16], [0.33, 0.33], [0.31, 0.46], [0.45, 0.42], [0.6, 0.46],
    [0.69, 0.6], [0.67, 0.76], [0.54, 0.85], [0.38, 0.84], [0.29, 0.76]]],
  7: [[[0.27, 0.19], [0.45, 0.18], [0.72, 0.17], [0.6, 0.4], [0.5, 0.62], [0.43, 0.86]]],
  8: [[[0.62, 0.2], [0.5, 0.14], [0.36, 0.2], [0.36, 0.34], [0.5, 0.48], [0.66, 0.6], [0.66, 0.77],
    [0.5, 0.86], [0.34, 0.77], [0.35, 0.6], [0.5, 0.48], [0.63, 0.35], [0.62, 0.2]]],
};

let app;
test.before(async () => { app = await openApp(); });
test.after(async () => { if (app) await app.close(); });

test('first visit: the pretrained model recognises drawn digits; its filters and maps are shown', { timeout: 5 * 60e3 }, async t => {
  // Tall enough that the Draw panel shows the pad and the whole inside view without scrolling.
  await app.page.setViewportSize({ width: 1280, height: 1150 });
  let s = await app.waitFor('the page with its default model', s => s.ready && (s.has_model || s.error), 90e3);
  assert.equal(s.error, '', `error at startup: ${s.error}`);
  assert.equal(s.default_model, true, `no default model: ${stateText(s)}`);
  assert.equal(s.model_file, 'default model (pretrained)');
  assert.equal(s.train_rows, 0, 'a first visit has no data');
  assert.equal(s.history.length, 0, 'and trained nothing');
  assert.ok(s.current_params > 100000 && s.current_params < 200000, `params ${s.current_params}`);

  const seen = {};
  for (const [digit, strokes] of Object.entries(DIGITS)) {
    s = await app.draw(strokes, `the drawn ${digit}`);
    seen[digit] = { prediction: s.prediction, p: +s.probs[s.prediction].toFixed(3) };
    if (s.prediction !== Number(digit)) await app.screenshot(`default-model-wrong-${digit}`);
  }
  t.diagnostic(`pad predictions (drawn: predicted, probability): ${JSON.stringify(seen)}`);
  for (const digit of Object.keys(DIGITS))
    assert.equal(seen[digit].prediction, Number(digit), `a drawn ${digit} was predicted as ${seen[digit].prediction} ` +
      `(see build/e2e/default-model-wrong-${digit}.png): ${JSON.stringify(seen)}`);

  // [SECTION] Inside the model, for the last digit drawn
  assert.deepEqual(s.inside_maps, [32, 64, 64], 'each of the 3 convolutions has its maps for the drawn digit');
  assert.ok(!s.rects.inside_view, 'the inside view starts closed');
  await app.click('inside');
  s = await app.waitFor('the inside view to open', s => s.rects.inside_view, 5e3);
  assert.equal(s.inside_filters, 32, 'the first convolution has 32 filters');
  assert.ok(s.rects.inside_filters && s.rects.inside_maps, `rects: ${Object.keys(s.rects)}`);
  const [x, y, w, h] = s.rects.inside_view;
  assert.ok(y + h <= 1150, `the inside view ends at ${y + h}, below the window`);
  // Filters and maps are images of varied greys: a blank or single-colour area has little variance.
  const variances = await app.docShot('inside.png', [x, y, w, h], s.rects.inside_filters, s.rects['inside_maps:2']);
  t.diagnostic(`inside view ${Math.round(w)}x${Math.round(h)} px; luminance variance of the view, the filters, ` +
    `the last maps: ${variances.map(v => v.toFixed(0)).join(', ')}`);

  // A cleared pad has no maps (nothing was computed), but the filters stay.
  await app.click('clear_pad');
  s = await app.waitFor('no maps after Clear', s => s.inside_maps.length === 0, 5e3);
  assert.equal(s.inside_filters, 32);
});

test('a missing or damaged default model: no model, a message, the page works', { timeout: 3 * 60e3 }, async () => {
  const cases = [
    [{ status: 404, body: 'not found' }, /default model \(pretrained\) could not be loaded.*404/],
    [{ status: 200, body: 'this is not a model' }, /default model \(pretrained\) could not be loaded.*not a DigitLab model file/],
  ];
  // A page of its own, without the service worker: its cache would answer with the model of the first visit
  // (and Playwright's routes do not see what a service worker answers).
  const app = await openApp({ serviceWorkers: 'block' });
  try {
    for (const [response, pattern] of cases) {
      await app.page.route('**/default-model.dlm', route => route.fulfill(response));
      await app.page.reload();
      const s = await app.waitFor('the page with a default-model error', s => s.ready && s.error, 90e3);
      await app.page.unroute('**/default-model.dlm');
      assert.match(s.error, pattern);
      assert.equal(s.has_model, false);
      assert.equal(s.default_model, false);
      // The pad takes strokes but, without a model, predicts nothing.
      await app.stroke('pad', DIGITS[1][0]);
      await app.frames(3);
      assert.equal((await app.state()).prediction, -1);
    }
  } finally {
    await app.close();
  }
});
