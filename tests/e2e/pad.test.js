// The drawing pad and the screen, through real input in headless Chromium: strokes with the mouse, Undo
// (button and Ctrl+Z), Clear, the brush size, a finger (touch events), keyboard shortcuts (not while typing),
// the help, an impossible model's message shown once, drawing only when and where something changed; then
// the same page at devicePixelRatio 2 and 1.25, on a phone on its side (844x390) and on a 4K screen.
// Run by tools/test (or `node --test tests/e2e/pad.test.js` with the site built). Screenshots go to
// build/e2e/pad-*.png, and the README's (pad.png, help.png, phone.png) as page_driver.js docShot says.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { openApp, small, stateText, sleep, outDir } = require('../../tools/lib/page_driver');

const root = path.resolve(__dirname, '..', '..');
const ONE = [[0.5, 0.15], [0.5, 0.85]];  // pad strokes: [fx, fy] fractions of the pad
const BAR = [[0.25, 0.5], [0.75, 0.5]];
const FOUR = [[[0.35, 0.15], [0.28, 0.55], [0.72, 0.55]], [[0.62, 0.3], [0.62, 0.88]]];
let baseTrainHeight = 0;  // the Train button's height at UI scale 1, for the 4K test

// The pad's points landed where the strokes went: their bounding box in pad units.
function assertBox(s, [x0, y0, x1, y1], what, tol = 0.03) {
  const box = s.pad_box;
  assert.equal(box.length, 4, `${what}: no points on the pad: ${stateText(s)}`);
  [x0, y0, x1, y1].forEach((v, i) =>
    assert.ok(Math.abs(box[i] - v) <= tol, `${what}: pad box ${JSON.stringify(box)}, expected ~${[x0, y0, x1, y1]}`));
}

// Every named rectangle lies inside the viewport (the page reports rectangles in CSS pixels).
function assertInside(s, names, [vw, vh], what) {
  for (const name of names) {
    const r = s.rects[name];
    assert.ok(r, `${what}: the page reports no "${name}"; rects: ${Object.keys(s.rects)}`);
    const [x, y, w, h] = r;
    assert.ok(x >= 0 && y >= 0 && x + w <= vw + 0.5 && y + h <= vh + 0.5 && w > 0 && h > 0,
      `${what}: "${name}" at ${JSON.stringify(r)} is not inside ${vw}x${vh}`);
  }
}

// Frames the page draws while nothing happens, over `ms` (after half a second to settle).
async function idleFrames(app, ms = 1000) {
  await sleep(500);
  const before = (await app.state()).frames;
  await sleep(ms);
  return (await app.state()).frames - before;
}

// A stroke changes only the pad and the prediction, so only they are drawn again (frames drawn in part since
// `partial0`); the screen must then be what a whole frame draws, to the pixel (a resize and back draws all of
// it). On a difference, both screenshots go to build/e2e/NAME-{in-parts,whole}.png.
async function assertDrawnInParts(app, t, partial0, name) {
  let s = await app.state();
  const inPart = s.frames_partial - partial0;
  t.diagnostic(`${name}: frames drawn in part during a stroke: ${inPart}`);
  assert.ok(inPart >= 3, `${name}: only ${inPart} frames drawn in part during a stroke`);
  await app.frames(3);
  const inParts = await app.page.screenshot();
  s = await app.state();
  const whole0 = s.frames - s.frames_partial;
  const { width, height } = app.page.viewportSize();
  await app.page.setViewportSize({ width, height: height - 40 });
  await app.frames(5);
  await app.page.setViewportSize({ width, height });
  await app.frames(5);
  s = await app.state();
  assert.ok(s.frames - s.frames_partial > whole0, `${name}: a resize did not draw a whole frame`);
  const whole = await app.page.screenshot();
  if (!inParts.equals(whole)) {
    fs.writeFileSync(path.join(outDir, `${name}-in-parts.png`), inParts);
    fs.writeFileSync(path.join(outDir, `${name}-whole.png`), whole);
    assert.fail(`${name}: the screen drawn in parts differs from the whole frame: build/e2e/${name}-{in-parts,whole}.png`);
  }
}

test('pad, shortcuts, help and drawing on demand at 1280x800', { timeout: 10 * 60e3 }, async t => {
  const app = await openApp({ launch: { hasTouch: true } });
  try {
    let s = await app.waitFor('the page to be ready', s => s.ready, 90e3);
    assert.equal(s.error, '');
    assert.equal(s.compact, false, 'three columns at 1280x800');
    assert.equal(s.ui_scale, 1);
    baseTrainHeight = s.rects.train[3];

    // [SECTION] Drawing on demand: nothing drawn while idle; input laid out at once, drawn if it changes the screen
    const idle = await idleFrames(app);
    t.diagnostic(`frames drawn in 1 s idle: ${idle}`);
    assert.ok(idle <= 1, `the page drew ${idle} frames in 1 s without any change`);
    const [px, py, pw, ph] = await app.rect('pad');
    const s0 = await app.state();
    for (let i = 0; i < 10; i++) {
      await app.page.mouse.move(px + pw * (0.2 + i * 0.05), py + ph * 0.5);
      await app.frames(1);
    }
    s = await app.state();
    const laidOut = s.layouts - s0.layouts, drawn = s.frames - s0.frames;
    t.diagnostic(`during 10 mouse moves over the empty pad: ${laidOut} frames laid out, ${drawn} drawn`);
    assert.ok(laidOut >= 10, `only ${laidOut} frames laid out while the mouse moved`);
    assert.ok(drawn <= 1, `${drawn} frames drawn while the mouse moved over the empty pad, which changes nothing`);
    const [cx, cy, cw, ch] = await app.rect('clear_pad');
    await app.page.mouse.move(cx + cw / 2, cy + ch / 2);
    await app.frames(3);
    const hovered = (await app.state()).frames - s.frames;
    assert.ok(hovered >= 1, 'the Clear button under the mouse (highlighted) was not drawn');

    // [SECTION] Strokes, Undo (button and Ctrl+Z), Clear (Delete and C)
    await app.stroke('pad', ONE);
    s = await app.state();
    assert.equal(s.pad_strokes, 1);
    assertBox(s, [0.5, 0.15, 0.5, 0.85], 'a vertical stroke');
    const inkOne = s.pad_ink;
    assert.ok(inkOne > 10, `a stroke left ${inkOne} pixels of ink in the model's input`);
    await app.stroke('pad', BAR);
    s = await app.state();
    assert.equal(s.pad_strokes, 2);
    const inkCross = s.pad_ink;
    assert.ok(Math.abs(inkCross - inkOne) > 5, `a second stroke changed the ink only from ${inkOne} to ${inkCross}`);
    await app.click('undo_pad');
    s = await app.state();
    assert.equal(s.pad_strokes, 1, 'Undo removes one stroke');
    assert.equal(s.pad_ink, inkOne, 'after Undo the model input is the first stroke\'s again');
    assertBox(s, [0.5, 0.15, 0.5, 0.85], 'after Undo');
    const partial0 = (await app.state()).frames_partial;
    await app.stroke('pad', BAR);
    s = await app.state();
    assert.equal(s.pad_ink, inkCross, 'the same two strokes give the same input');

    // [SECTION] Frames drawn in part
    await assertDrawnInParts(app, t, partial0, 'pad-drawn');
    await app.page.keyboard.press('Control+z');
    await app.frames(3);
    s = await app.state();
    assert.equal(s.pad_strokes, 1, 'Ctrl+Z removes one stroke');
    assert.equal(s.pad_ink, inkOne);
    await app.page.keyboard.press('Delete');
    await app.frames(3);
    s = await app.state();
    assert.equal(s.pad_strokes, 0, 'Delete clears the pad');
    assert.equal(s.pad_ink, 0);

    // [SECTION] While a stroke is drawn the worker is asked to leave the page a core (ui_busy), then not
    assert.equal(s.ui_busy, false);
    await app.page.mouse.move(px + pw * 0.3, py + ph * 0.3);
    await app.page.mouse.down();
    await app.page.mouse.move(px + pw * 0.6, py + ph * 0.6);
    await app.frames(2);
    assert.equal((await app.state()).ui_busy, true, 'the worker was not told of the stroke being drawn');
    await app.page.mouse.up();
    await app.frames(2);
    assert.equal((await app.state()).ui_busy, false, 'the worker was not told that the stroke ended');
    await app.page.keyboard.press('Delete');
    await app.frames(3);

    // [SECTION] The brush: the slider and [ ]; a thicker brush puts more ink in the model's input
    await app.stroke('pad', ONE);
    const inkThin = (await app.state()).pad_ink;
    await app.page.keyboard.press('c');
    await app.frames(3);
    assert.equal((await app.state()).pad_strokes, 0, 'C clears the pad');
    await app.click('brush', 0.98);
    s = await app.state();
    assert.ok(s.brush >= 9, `clicking the slider's right end set brush ${s.brush}`);
    await app.stroke('pad', ONE);
    const inkThick = (await app.state()).pad_ink;
    t.diagnostic(`ink of a '1': ${inkThin.toFixed(1)} (brush 4), ${inkThick.toFixed(1)} (brush ${s.brush})`);
    assert.ok(inkThick > 1.5 * inkThin, `brush ${s.brush} gave ${inkThick} ink, brush 4 ${inkThin}`);
    const brush = s.brush;
    await app.page.keyboard.press('[');
    await app.frames(3);
    assert.equal((await app.state()).brush, brush - 1, '[ makes the brush thinner');
    await app.page.keyboard.press(']');
    await app.frames(3);
    assert.equal((await app.state()).brush, brush, '] makes it thicker');
    await app.click('clear_pad');
    for (let b = brush; b > 4; b--) await app.page.keyboard.press('[');  // back to the default
    await app.frames(3);
    assert.equal((await app.state()).brush, 4);

    // [SECTION] A finger: one touch draws exactly one stroke, where it went; a tap is one dot
    await app.touchStroke('pad', ONE);
    s = await app.state();
    assert.equal(s.pad_strokes, 1, `one touch stroke made ${s.pad_strokes} strokes`);
    assertBox(s, [0.5, 0.15, 0.5, 0.85], 'a touch stroke');
    assert.ok(Math.abs(s.pad_ink - inkThin) < 0.05 * inkThin, `touch ink ${s.pad_ink}, mouse ink ${inkThin}`);
    await app.touchStroke('pad', [[0.3, 0.3]]);
    s = await app.state();
    assert.equal(s.pad_strokes, 2, `a tap after it made ${s.pad_strokes - 1} strokes`);
    await app.click('clear_pad');

    // [SECTION] Shortcuts are not taken from a text field: C typed into "Hidden layers" stays text
    await app.stroke('pad', ONE);
    await app.click('hidden', 0.25);  // the field (its rectangle includes the label at its right)
    await app.hold('End');
    await app.page.keyboard.press('c');
    await app.page.keyboard.press('?');
    await app.frames(3);
    s = await app.state();
    assert.equal(s.pad_strokes, 1, 'C typed into a text field cleared the pad');
    assert.equal(s.help_open, false, '? typed into a text field opened the help');
    assert.ok(s.problems.length > 0, `"256,128c?" is not valid hidden layers: ${stateText(s)}`);
    // Backspace and Enter in a field are the field's too.
    for (const key of ['Backspace', 'Backspace', 'Enter']) await app.hold(key);
    await app.frames(3);
    s = await app.state();
    assert.equal(s.pad_strokes, 1, 'Backspace in a text field cleared the pad');
    assert.equal(s.model_problem, '', `the hidden layers are not 256,128 again: ${s.model_problem}`);

    // [SECTION] The help: ? and Esc, F1 and its Close button, the status bar's Help button and F1
    await app.page.keyboard.press('?');
    await app.frames(3);
    s = await app.state();
    assert.equal(s.help_open, true, '? opens the help');
    assertInside(s, ['help', 'help_close'], [1280, 800], 'the help');
    await app.page.mouse.move(s.rects.help[0] + 10, s.rects.help[1] + 40);  // no tooltip in the picture
    await app.frames(3);
    await app.docShot('help.png', s.rects.help);
    await app.page.keyboard.press('Escape');
    await app.frames(3);
    assert.equal((await app.state()).help_open, false, 'Esc closes the help');
    await app.page.keyboard.press('F1');
    await app.frames(3);
    assert.equal((await app.state()).help_open, true, 'F1 opens the help');
    await app.click('help_close');
    assert.equal((await app.state()).help_open, false, 'Close closes the help');
    await app.click('help_button');
    assert.equal((await app.state()).help_open, true, 'the status bar\'s Help opens the help');
    await app.page.keyboard.press('F1');
    await app.frames(3);
    assert.equal((await app.state()).help_open, false, 'F1 closes the help');

    // [SECTION] An impossible model: its message once (with the layers), Train pointing there
    s = await app.pickItem('model_kind', 'CNN Conv32 5x5');
    await app.click('layers');
    await app.frames(3);
    await app.click('layer_3');  // MaxPooling2D 2x2: 12x12 after it; 3 more pools make 1x1, a 4th is impossible
    for (let n = 1; n <= 4; n++) s = await app.pickItem('add_layer', 'MaxPooling2D');
    assert.match(s.model_problem, /does not fit its 1x1 input/);
    const count = (list, text) => list.filter(p => p === text).length;
    assert.equal(count(s.problems, s.model_problem), 1, `the problem shown ${count(s.problems, s.model_problem)} times: ${JSON.stringify(s.problems)}`);
    assert.equal(count(s.problems, 'Not a valid model: see its Layers.'), 1, `Train does not point to it: ${JSON.stringify(s.problems)}`);
    await app.click('layers');  // closed, the message stays in view
    await app.frames(3);
    s = await app.state();
    assert.equal(count(s.problems, s.model_problem), 1, `with Layers closed: ${JSON.stringify(s.problems)}`);
    await app.screenshot('pad-01-impossible');
    await app.pickItem('model_kind', 'MLP');

    // [SECTION] T trains and P predicts (one epoch of the MLP on the small sample)
    await app.page.keyboard.press('t');
    await app.frames(3);
    assert.match((await app.state()).status, /Cannot train: no training rows/, 'T without data says why');
    await app.page.setInputFiles('#train-file', small('train.csv'));
    await app.waitFor('10000 training rows', s => s.train_rows === 10000 || s.error, 120e3);
    await app.page.setInputFiles('#test-file', small('test.csv'));
    s = await app.waitFor('1000 test rows', s => s.test_rows === 1000 || s.error, 60e3);
    assert.equal(s.error, '');
    await app.typeInto('epochs', 1);
    await app.page.keyboard.press('t');
    s = await app.waitFor('training to end with 1 epoch', s => (!s.training && s.history.length > 0) || s.error, 600e3);
    assert.equal(s.error, '');
    assert.ok(s.has_model);
    const duringIdle = await idleFrames(app);
    assert.ok(duringIdle <= 1, `the page drew ${duringIdle} frames in 1 s idle after training`);
    await app.page.keyboard.press('p');
    s = await app.waitFor('1000 submission rows', s => s.submission_rows === 1000 || s.error, 120e3);
    assert.equal(s.error, '');

    // [SECTION] pad.png: a drawn 4 and what the model makes of it
    await app.click('clear_pad');
    for (const points of FOUR) await app.stroke('pad', points);
    s = await app.waitFor('a prediction', s => s.prediction >= 0, 10e3);
    t.diagnostic(`the drawn 4: predicted ${s.prediction}`);
    await app.docShot('pad.png', s.rects.pad, s.rects.probabilities);
    assert.deepEqual(app.pageErrors, [], 'uncaught errors in the page');
  } finally {
    await app.close();
  }
});

test('high DPI: a 2x backing store, strokes where they went', { timeout: 3 * 60e3 }, async () => {
  const app = await openApp({ launch: { deviceScaleFactor: 2 } });
  try {
    await app.waitFor('the page to be ready', s => s.ready, 90e3);
    await app.frames(3);
    const canvas = await app.page.evaluate(() => {
      const c = document.getElementById('canvas');
      return { width: c.width, height: c.height, cssWidth: c.clientWidth, cssHeight: c.clientHeight, dpr: devicePixelRatio };
    });
    assert.equal(canvas.dpr, 2);
    assert.equal(canvas.width, 2 * canvas.cssWidth, `backing store ${JSON.stringify(canvas)}`);
    assert.equal(canvas.height, 2 * canvas.cssHeight, `backing store ${JSON.stringify(canvas)}`);
    let s = await app.state();
    assert.equal(s.ui_scale, 1, 'the UI scale follows the CSS size, not the pixel ratio');
    assertInside(s, ['pad', 'train', 'help_button'], [canvas.cssWidth, canvas.cssHeight], 'at 2x');
    await app.stroke('pad', BAR);
    await app.stroke('pad', ONE);
    s = await app.state();
    assert.equal(s.pad_strokes, 2);
    assertBox(s, [0.25, 0.15, 0.75, 0.85], 'strokes at 2x');
    // The screenshot has device pixels: the pad's ink and the sharp text are there at twice the size.
    const file = path.join(root, 'build', 'e2e', 'pad-02-dpr2.png');
    await app.page.screenshot({ path: file });
    const stats = await app.pngStats(file, s.rects.pad.map(v => v * 2));
    assert.equal(stats.width, 2 * canvas.cssWidth);
    assert.ok(stats.variance > 200, `the pad looks empty at 2x: ${JSON.stringify(stats)}`);
    assert.deepEqual(app.pageErrors, []);
  } finally {
    await app.close();
  }
});

// Laptops often scale by 1.25 or 1.5: a damaged rectangle then starts and ends between CSS pixels, and the
// renderer truncates each command's clip rectangle to device pixels on its own (tests/app checks the
// arithmetic on random rectangles; this, the real page).
test('a fractional devicePixelRatio (1.25): frames drawn in part equal the whole frame', { timeout: 3 * 60e3 }, async t => {
  const app = await openApp({ launch: { deviceScaleFactor: 1.25 } });
  try {
    await app.waitFor('the page to be ready', s => s.ready, 90e3);
    await app.frames(3);
    const dpr = await app.page.evaluate(() => devicePixelRatio);
    assert.ok(Math.abs(dpr - 1.25) < 1e-6, `devicePixelRatio ${dpr}`);
    const partial0 = (await app.state()).frames_partial;
    await app.stroke('pad', FOUR[0]);
    await app.stroke('pad', FOUR[1]);
    await assertDrawnInParts(app, t, partial0, 'pad-dpr1.25');
    assert.deepEqual(app.pageErrors, []);
  } finally {
    await app.close();
  }
});

test('a phone on its side (844x390): tabs, every panel usable, touch', { timeout: 3 * 60e3 }, async () => {
  const viewport = { width: 844, height: 390 };
  const app = await openApp({ launch: { viewport, hasTouch: true } });
  try {
    let s = await app.waitFor('the page to be ready', s => s.ready, 90e3);
    assert.equal(s.compact, true, 'tabs on a phone');
    const panels = {
      Data: ['open_train', 'open_test', 'load_sample'],
      'Model & training': ['model_kind', 'train', 'stop'],
      Predict: ['predict', 'download', 'open_model'],
      Draw: ['pad', 'brush', 'undo_pad', 'clear_pad', 'probabilities'],
    };
    for (const [tab, names] of Object.entries(panels)) {
      await app.click(`tab:${tab}`);
      await app.frames(3);
      s = await app.state();
      assertInside(s, [`tab:${tab}`, 'help_button', ...names], [viewport.width, viewport.height], `the ${tab} tab`);
      await app.screenshot(`pad-03-phone-${tab.replace(/\W+/g, '-')}`);
    }
    const pad = s.rects.pad;
    assert.ok(pad[2] >= 200, `the pad is only ${pad[2]} pixels wide on a phone`);
    await app.touchStroke('pad', ONE);
    s = await app.state();
    assert.equal(s.pad_strokes, 1);
    assertBox(s, [0.5, 0.15, 0.5, 0.85], 'a touch stroke on a phone');
    await app.docShot('phone.png', pad);
    assert.deepEqual(app.pageErrors, []);
  } finally {
    await app.close();
  }
});

test('a 4K screen (3840x2160): the UI is scaled up, everything inside', { timeout: 3 * 60e3 }, async t => {
  const viewport = { width: 3840, height: 2160 };
  const app = await openApp({ launch: { viewport } });
  try {
    let s = await app.waitFor('the page to be ready', s => s.ready, 90e3);
    await app.frames(3);
    s = await app.state();
    t.diagnostic(`UI scale ${s.ui_scale}, Train ${JSON.stringify(s.rects.train)}`);
    assert.equal(s.compact, false);
    assert.ok(s.ui_scale >= 2, `UI scale ${s.ui_scale} on a 4K screen`);
    assertInside(s, ['open_train', 'load_sample', 'model_kind', 'train', 'stop', 'predict', 'open_model', 'pad',
      'brush', 'undo_pad', 'clear_pad', 'help_button'], [viewport.width, viewport.height], '4K');
    const base = baseTrainHeight || 19;
    assert.ok(s.rects.train[3] >= 1.8 * base, `Train is ${s.rects.train[3]} pixels high at 4K, ${base} at 1280x800`);
    await app.screenshot('pad-04-4k');
    assert.deepEqual(app.pageErrors, []);
  } finally {
    await app.close();
  }
});
