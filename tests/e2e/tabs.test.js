// Tabs and the model store: two tabs of one browser keep their lists of saved models in step (a new model,
// a rename and a delete in one show in the other without a reload); a model deleted behind a tab's back
// (by a page that does not tell the others) is dropped from its list with a true message when used; runs
// started within a minute have names of their own; and a store that refuses writes is named in the status
// bar while the trained model stays in use and downloadable.
// Run by tools/test (or `node --test tests/e2e/tabs.test.js` with the site built).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { App, openApp, small, sampleRequire, outDir } = require('../../tools/lib/page_driver');

const ONE = [[[0.5, 0.15], [0.5, 0.85]]];

async function trainOneEpoch(app) {
  const before = (await app.state()).saved.length;
  await app.typeInto('epochs', 1);
  await app.click('train');
  return app.waitFor('one epoch trained', s => !s.training && s.history.length === 1 && s.saved.length >= before, 120e3);
}

test.before(() => sampleRequire(['train.csv']));

test('two tabs keep their saved models in step', { timeout: 5 * 60e3 }, async t => {
  const a = await openApp();
  try {
    // The second tab: the same page in the same browser (the same IndexedDB).
    const page = await a.page.context().newPage();
    const lines = [];
    page.on('console', m => lines.push(`[${m.type()}] ${m.text()}`));
    await page.goto(a.page.url());
    const b = new App(page, lines, []);
    await a.waitFor('tab A ready', s => s.ready && s.saved_listed, 90e3);
    await b.waitFor('tab B ready', s => s.ready && s.saved_listed, 90e3);
    assert.equal((await b.state()).saved.length, 0);

    await a.page.bringToFront();
    await a.page.setInputFiles('#train-file', small('train.csv'));
    await a.waitFor('train.csv', s => s.train_rows === 10000, 60e3);
    await trainOneEpoch(a);
    await trainOneEpoch(a);
    const names = (await a.state()).saved.map(m => m.name);
    t.diagnostic(`names in tab A: ${JSON.stringify(names)}`);
    assert.equal(names.length, 2);
    assert.notEqual(names[0], names[1], 'two trainings of one model share a name');
    assert.match(names[0], /^MLP 256-128, \d\d \w{3} \d\d:\d\d:\d\d$/);
    let s = await b.waitFor('both new models in tab B', s => s.saved.length === 2, 10e3);
    assert.deepEqual(s.saved.map(m => m.name), names);
    assert.ok(s.saved.every(m => m.finished && m.epochs === 1), JSON.stringify(s.saved));

    await a.page.bringToFront();
    await a.typeInto('saved_name:0', 'renamed in A');
    s = await b.waitFor('the new name in tab B', s => s.saved[0].name === 'renamed in A', 10e3);
    t.diagnostic(`tab B after the rename: ${JSON.stringify(s.saved.map(m => m.name))}`);

    await b.page.bringToFront();  // a tab in the background gets no animation frames: the UI stands still
    await b.click('saved_delete:1');
    s = await a.waitFor('the deletion in tab A', s => s.saved.length === 1, 10e3);
    t.diagnostic(`tab A after B's delete: status "${s.status}"`);
    assert.equal(s.status, `"${names[1]}" is no longer saved in this browser.`);
    assert.ok(s.has_model, 'the model in use went with the deletion');

    // A page that does not tell the other tabs (an older build) deletes the last one: tab A still lists it,
    // and its Download says what happened, then the list follows.
    await b.page.evaluate(() => new Promise((resolve, reject) => {
      const open = indexedDB.open('digitlab');
      open.onsuccess = () => {
        const tx = open.result.transaction(['runs', 'models'], 'readwrite');
        tx.objectStore('runs').clear();
        tx.objectStore('models').clear();
        tx.oncomplete = () => { open.result.close(); resolve(); };
        tx.onerror = () => reject(tx.error);
      };
    }));
    await a.page.bringToFront();
    await a.click('saved_download:0');
    s = await a.waitFor('the error for the missing model', s => s.error !== '', 10e3);
    t.diagnostic(`tab A's Download of a model deleted behind its back: "${s.error}" / status "${s.status}"`);
    assert.equal(s.error, 'That model is no longer saved in this browser: another tab deleted it.');
    assert.equal(s.saved.length, 0);
    assert.doesNotMatch(s.error + s.status, /still kept|can be downloaded/);
  } finally {
    await a.close();
  }
});

test('a store that refuses writes is named, and the trained model stays usable and downloadable', { timeout: 5 * 60e3 }, async t => {
  const a = await openApp();
  try {
    // Every put fails as a full disk makes it; the page is loaded again with the patch in place.
    await a.page.addInitScript(() => {
      IDBObjectStore.prototype.put = function () {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    });
    await a.page.reload();
    await a.waitFor('the page ready', s => s.ready && s.saved_listed, 90e3);
    await a.page.setInputFiles('#train-file', small('train.csv'));
    await a.waitFor('train.csv', s => s.train_rows === 10000, 60e3);
    await trainOneEpoch(a);
    // The list is corrected once the store has been read again after the failed write.
    const s = await a.waitFor('the error, and no saved model listed', s => s.error !== '' && s.saved.length === 0, 10e3);
    t.diagnostic(`error: "${s.error}"`);
    assert.equal(s.error, 'The browser could not save the model (The quota has been exceeded.); it stays in use ' +
      'for this visit, and Download model saves it as a file.');
    assert.ok(s.has_model && !s.default_model && s.model_epoch === 1, JSON.stringify({ model_epoch: s.model_epoch }));
    const drawn = await a.draw(ONE, 'the drawn 1');
    assert.equal(drawn.prediction, 1);
    const { file } = await a.download('download_model', 'tabs-unsaved.dlm');
    const bytes = fs.readFileSync(file);
    assert.ok(bytes.length > 100000, `${bytes.length} bytes`);  // MLP 256-128: 235,146 parameters
    t.diagnostic(`Download model: ${path.basename(file)}, ${bytes.length} bytes`);
  } finally {
    await a.close();
  }
});
