// The status line describes the present, never a step that has ended: after a file that fails while it is
// read and a dismissed error it no longer says the file is being read; and "Load sample data" with neither
// sample file on the server names both in its error, not only the last.
// Run by tools/test (or `node --test tests/e2e/status.test.js` with the site built).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { openApp, sampleRequire, small } = require('../../tools/lib/page_driver');

let app;
test.before(async () => {
  sampleRequire(['train.csv']);
  app = await openApp();
  await app.waitFor('the page to be ready', s => s.ready, 90e3);
});
test.after(async () => { if (app) await app.close(); });

test('after a file fails and its error is dismissed, the status no longer says it is being read', { timeout: 2 * 60e3 }, async t => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'digitlab-status-'));
  try {
    // A file whose last row is short: the worker reads (and reports) it before it fails.
    const lines = fs.readFileSync(small('train.csv'), 'utf8').split('\n', 2001);
    lines[2000] = lines[1].split(',').slice(0, 100).join(',');
    const bad = path.join(tmp, 'short-row.csv');
    fs.writeFileSync(bad, lines.join('\n') + '\n');
    await app.page.setInputFiles('#train-file', bad);
    await app.waitFor('the error for short-row.csv', s => s.error.includes('short-row.csv'), 60e3);
    await app.click('error_dismiss');
    const s = await app.waitFor('the error dismissed', s => s.error === '', 10e3);
    t.diagnostic(`status after the dismissed error: ${s.status}`);
    assert.doesNotMatch(s.status, /Reading/, 'the status still says a file is being read');
    assert.equal(s.status, 'short-row.csv was not loaded.');
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('"Load sample data" names every file it could not fetch', { timeout: 2 * 60e3 }, async t => {
  await app.page.context().route(url => /\/sample\/(train|test)\.csv$/.test(new URL(url).pathname),
    route => route.fulfill({ status: 404, body: 'not here' }));
  await app.click('load_sample');
  const s = await app.waitFor('the sample data error', s => s.error.includes('Sample'), 60e3);
  t.diagnostic(`error: ${s.error}`);
  assert.match(s.error, /train\.csv \(HTTP 404[^)]*\).*test\.csv \(HTTP 404/);
});
