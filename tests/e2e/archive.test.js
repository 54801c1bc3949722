// Kaggle's digit-recognizer.zip opened as downloaded (with "Open train.csv"): the worker streams it through
// the core's archive reader, and both CSVs load from it (sample_submission.csv is ignored). A truncated zip
// and a zip whose train.csv has a bad value are each reported by name, and nothing already loaded changes.
// Run by tools/test (or `node --test tests/e2e/archive.test.js` with the site built).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { openApp, small, sampleRequire, stateText } = require('../../tools/lib/page_driver');

// A zip of `members` ({name in the zip: its text}), made by python3's zipfile as Kaggle's tools would.
function zipMake(file, members) {
  execFileSync('python3', ['-c', `import json, sys, zipfile
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    for name, text in json.load(sys.stdin).items(): z.writestr(name, text)`, file], { input: JSON.stringify(members) });
  return file;
}

let app;
test.before(async () => { app = await openApp(); });
test.after(async () => { if (app) await app.close(); });

test('digit-recognizer.zip loads both CSVs; bad zips are named and lose nothing', { timeout: 5 * 60e3 }, async t => {
  sampleRequire(['train.csv', 'test.csv']);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'digitlab-zip-'));
  const train = fs.readFileSync(small('train.csv'), 'utf8'), test = fs.readFileSync(small('test.csv'), 'utf8');
  const zip = zipMake(path.join(tmp, 'digit-recognizer.zip'),
    { 'sample_submission.csv': 'ImageId,Label\n1,0\n', 'test.csv': test, 'train.csv': train });
  await app.waitFor('the page to be ready', s => s.ready, 90e3);
  await app.page.setInputFiles('#train-file', zip);
  const s = await app.waitFor('10000 training and 1000 test rows from the zip',
    s => (s.train_rows === 10000 && s.test_rows === 1000) || s.error, 120e3);
  assert.equal(s.error, '', `loading digit-recognizer.zip failed: ${s.error}`);
  t.diagnostic(`train file '${s.train_file}', test file '${s.test_file}'`);

  const lines = train.split('\n', 4);
  lines[2] = lines[2].split(',').map((v, i) => (i === 4 ? 'abc' : v)).join(',');  // line 3, column 5
  const bytes = fs.readFileSync(zip);
  const cases = [
    [zipMake(path.join(tmp, 'text.zip'), { 'train.csv': lines.join('\n') + '\n' }),
      "text.zip: train.csv, line 3, column 5: 'abc' is not a number"],
    [path.join(tmp, 'cut.zip'), 'cut.zip is truncated (it ends inside train.csv); download it again'],
  ];
  fs.writeFileSync(cases[1][0], bytes.subarray(0, bytes.length - 100000));
  for (const [file, message] of cases) {
    await app.page.setInputFiles('#train-file', file);
    const e = await app.waitFor(`an error naming ${path.basename(file)}`, e => e.error.includes(path.basename(file)), 60e3);
    assert.ok(e.error.includes(message), `error '${e.error}' does not say '${message}'`);
    assert.equal(e.train_rows, 10000, `train rows changed after ${file}: ${stateText(e)}`);
    assert.equal(e.test_rows, 1000);
  }
  assert.deepEqual(app.pageErrors, [], 'uncaught errors in the page');
});
