// Inside the model and the data, through the real UI: the class means and the explorer of train.csv (label
// filter, pages, file lines), then after one epoch of an MLP the validation set's confusion matrix (a cell
// clicked with the mouse shows that cell's images) and the most confident mistakes. Everything the page
// shows is checked against the CSV file itself, read here: labels, lines, and each image's pixel sum.
// Run by tools/test (or `node --test tests/e2e/inspect.test.js` with the site built). Screenshots of each
// view illustrate the README (page_driver.js docShot) and must not be blank.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { openApp, sampleDir } = require('../../tools/lib/page_driver');

const trainFile = path.join(sampleDir, 'small', 'train.csv');
const PAGE = 24;        // images per explorer page (kExplorePage)
const CELL_SHOWN = 40;  // images shown of a confusion cell (kCellImagesShown)
const MISTAKES = 24;    // kMistakesShown
let app;
let csv;  // train.csv as read here

// Each data row's line, label and pixel sum; the per-class mean images' pixel sums (means rounded as the core
// does, halves up) and the class counts.
function csvRead(file) {
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
  const rows = [], sums = [], counts = new Array(10).fill(0);
  for (let c = 0; c < 10; c++) sums.push(new Float64Array(784));
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i].trim()) continue;
    const v = lines[i].split(',').map(Number);
    const label = v[0];
    let ink = 0;
    for (let p = 0; p < 784; p++) { ink += v[p + 1]; sums[label][p] += v[p + 1]; }
    counts[label]++;
    rows.push({ line: i + 1, label, ink });
  }
  const meanInk = sums.map((s, c) => (counts[c] ? s.reduce((a, x) => a + Math.floor((2 * x + counts[c]) / (2 * counts[c])), 0) : 0));
  return { rows, counts, meanInk };
}

// Scrolls the panel holding the widget `name` (mouse wheel over it) until the widget is on screen: other
// settings may make the panels taller than the window.
async function scrollTo(name) {
  const bottom = app.page.viewportSize().height - 40;  // above the status bar
  for (let i = 0; i < 30; i++) {
    const [x, y, w, h] = await app.rect(name);
    if (y >= 0 && y + h <= bottom) return;
    await app.page.mouse.move(x + Math.min(w / 2, 20), Math.min(Math.max(y + 5, 40), bottom - 5));
    await app.page.mouse.wheel(0, y + h > bottom ? 100 : -100);
    await app.frames(3);
  }
  throw new Error(`${name} stays off screen: ${await app.rect(name)}`);
}

async function clickVisible(name) {
  await scrollTo(name);
  await app.click(name);
}

// A screenshot of the view (page_driver.js docShot: docs/screenshots/<name>.png for the README), its rectangle
// `rectName` on screen and checked not to be blank; `more` are other rectangles to check.
async function viewShot(t, name, rectName, ...more) {
  await scrollTo(rectName);
  await app.page.mouse.move(2, 2);  // no hover highlight or tooltip in the picture
  await app.frames(3);
  const rects = [await app.rect(rectName), ...await Promise.all(more.map(m => app.rect(m)))];
  const v = await app.docShot(`${name}.png`, ...rects);
  t.diagnostic(`${name}.png: ${rectName} ${rects[0].map(Math.round)}, luminance variance ${v.map(x => x.toFixed(0))}`);
}

// Checks images the page shows against the file: each row's label (if `label` given), line and pixel sum.
function rowsCheck(items, label, what) {
  for (const it of items) {
    const r = csv.rows[it.row];
    assert.ok(r, `${what}: row ${it.row} is not in the file`);
    assert.equal(it.line, r.line, `${what}: row ${it.row}'s line`);
    assert.equal(it.label, r.label, `${what}: row ${it.row}'s label`);
    if (label !== undefined) assert.equal(r.label, label, `${what}: row ${it.row} has label ${r.label}`);
    assert.equal(it.ink, r.ink, `${what}: the image shown for row ${it.row} is not that row's`);
  }
}

test.before(async () => {
  assert.ok(fs.existsSync(trainFile), `${trainFile} missing: run tools/make-sample-data`);
  csv = csvRead(trainFile);
  app = await openApp();
});
test.after(async () => { if (app) await app.close(); });

test('the data: class means and the explorer by label, against the file', { timeout: 5 * 60e3 }, async t => {
  let s = await app.waitFor('the page to be ready', s => s.ready, 90e3);
  await app.page.setInputFiles('#train-file', trainFile);
  s = await app.waitFor('10000 training rows', s => s.train_rows === 10000 || s.error, 120e3);
  assert.equal(s.error, '', `loading small/train.csv failed: ${s.error}`);
  assert.equal(csv.rows.length, 10000);

  // [SECTION] Class means: the pixel sum of each mean image, as computed from the file
  assert.deepEqual(s.class_means, csv.meanInk, 'the class means differ from the file\'s');
  await clickVisible('tab_means');
  await app.waitFor('the class means view', s => s.rects.class_means, 10e3);
  await viewShot(t, 'class-means', 'class_means');

  // [SECTION] Explorer: all rows first, then label 7, a page forward and back
  await clickVisible('tab_explore');
  s = await app.waitFor('the explorer\'s first page', s => s.explorer.shown_label === -1 && s.explorer.pending === 0 &&
    s.explorer.items.length > 0, 20e3);
  assert.equal(s.explorer.total, 10000);
  assert.deepEqual(s.explorer.items.map(it => it.row), [...Array(PAGE).keys()], 'all labels: rows 0-23 first');
  rowsCheck(s.explorer.items, undefined, 'explorer, all labels');

  const sevens = csv.rows.map((r, i) => (r.label === 7 ? i : -1)).filter(i => i >= 0);
  const seven = async offset => {
    const s = await app.waitFor(`label 7 from ${offset}`, s => s.explorer.shown_label === 7 &&
      s.explorer.shown_offset === offset && s.explorer.pending === 0, 20e3);
    assert.equal(s.explorer.total, sevens.length, 'how many 7s the file has');
    assert.deepEqual(s.explorer.items.map(it => it.row), sevens.slice(offset, offset + PAGE),
      `the 7s from the ${offset + 1}th on, in file order`);
    rowsCheck(s.explorer.items, 7, `explorer, label 7 from ${offset}`);
    return s;
  };
  await clickVisible('explore_label:7');
  await seven(0);
  await clickVisible('explore_next');
  s = await seven(PAGE);
  t.diagnostic(`label 7: ${s.explorer.total} rows; page 2 lines ${s.explorer.items[0].line}..${s.explorer.items.at(-1).line}`);
  await viewShot(t, 'explorer', 'explore_images');
  await clickVisible('explore_prev');
  await seven(0);
  assert.deepEqual(app.pageErrors, [], 'uncaught errors in the page');
});

test('the model: confusion matrix, a clicked cell\'s images, the most confident mistakes', { timeout: 10 * 60e3 }, async t => {
  let s = await app.waitFor('the page to be ready', s => s.ready && s.train_rows === 10000, 30e3);
  await app.pickModel('MLP');
  await app.typeInto('epochs', 1);
  s = await app.waitFor('Train to be enabled', s => s.can_train, 10e3);
  await app.click('train');
  s = await app.waitFor('training to end with 1 epoch', s => (!s.training && s.history.length > 0) || s.error, 600e3);
  assert.equal(s.error, '', `training failed: ${s.error}`);
  s = await app.waitFor('the validation set\'s predictions', s => s.validation.epoch === 1, 10e3);
  const v = s.validation;
  const h = s.history[0];
  t.diagnostic(`epoch 1: ${JSON.stringify(h)}`);

  // [SECTION] The matrix: every validation image once, its diagonal is the reported accuracy
  assert.equal(v.count, 1000, 'a 0.1 validation split of 10000 rows');
  assert.equal(v.confusion.length, 100);
  const at = (tr, p) => v.confusion[tr * 10 + p];
  let total = 0, right = 0;
  for (let tr = 0; tr < 10; tr++) for (let p = 0; p < 10; p++) { total += at(tr, p); if (tr === p) right += at(tr, p); }
  assert.equal(total, v.count, 'the confusion matrix does not sum to the validation count');
  assert.ok(Math.abs(right / total - h.val_acc) < 1e-6, `diagonal/total ${right / total} != val_acc ${h.val_acc}`);

  // [SECTION] Click the largest mistake cell with the mouse
  await clickVisible('tab_confusion');
  await app.waitFor('the confusion grid', s => s.rects['confusion:0:0'], 10e3);
  let cell = null;
  for (let tr = 0; tr < 10; tr++) for (let p = 0; p < 10; p++) {
    if (tr !== p && at(tr, p) > 0 && (!cell || at(tr, p) > at(...cell))) cell = [tr, p];
  }
  assert.ok(cell, 'no mistakes at all on 1000 validation images after one epoch?');
  const [truth, pred] = cell;
  await clickVisible(`confusion:${truth}:${pred}`);
  s = await app.waitFor(`cell ${truth},${pred} selected`, s => s.validation.cell[0] === truth && s.validation.cell[1] === pred, 10e3);
  const items = s.validation.cell_items;
  t.diagnostic(`cell true ${truth}, predicted ${pred}: ${at(truth, pred)} images; p ${items.map(i => i.p.toFixed(2)).join(' ')}`);
  assert.equal(s.validation.cell_count, at(truth, pred));
  assert.equal(items.length, Math.min(at(truth, pred), CELL_SHOWN));
  rowsCheck(items, truth, `cell ${truth},${pred}`);
  for (const it of items) assert.equal(it.pred, pred, `row ${it.row} in the cell is predicted ${it.pred}`);
  for (let i = 1; i < items.length; i++) assert.ok(items[i - 1].p >= items[i].p, 'cell images not most confident first');
  await viewShot(t, 'confusion', 'confusion_grid', 'confusion_cell');  // the grid, and the cell's images
  // A click on a diagonal cell selects it instead.
  await clickVisible('confusion:1:1');
  s = await app.waitFor('cell 1,1 selected', s => s.validation.cell[0] === 1 && s.validation.cell[1] === 1, 10e3);
  rowsCheck(s.validation.cell_items, 1, 'cell 1,1');
  s.validation.cell_items.forEach(it => assert.equal(it.pred, 1));

  // [SECTION] Mistakes: wrong predictions only, most confident first, the most confident ones of all
  await clickVisible('tab_mistakes');
  s = await app.waitFor('the mistakes gallery', s => s.rects.mistakes_gallery, 10e3);
  const mistakes = s.validation.mistakes;
  t.diagnostic(`mistakes: ${mistakes.slice(0, 5).map(m => `${m.label} as ${m.pred} ${(m.p * 100).toFixed(1)}% (line ${m.line})`).join(', ')}, ...`);
  assert.equal(mistakes.length, Math.min(MISTAKES, total - right));
  rowsCheck(mistakes, undefined, 'mistakes');
  for (const m of mistakes) {
    assert.notEqual(m.pred, m.label, `row ${m.row} is in the mistakes but predicted right`);
    assert.ok(m.p >= m.p_true && m.p >= 0.1, `row ${m.row}: the prediction is the most probable class`);
  }
  for (let i = 1; i < mistakes.length; i++) assert.ok(mistakes[i - 1].p >= mistakes[i].p, 'mistakes not sorted by confidence');
  // The clicked cell's images are mistakes too: any more confident than the last one shown is in the gallery.
  const last = mistakes.at(-1).p;
  const inGallery = new Set(mistakes.map(m => m.row));
  for (const it of items) if (it.p > last) assert.ok(inGallery.has(it.row), `row ${it.row} (p ${it.p}) missing from the mistakes`);
  await viewShot(t, 'mistakes', 'mistakes_gallery');
  assert.deepEqual(app.pageErrors, [], 'uncaught errors in the page');
});
