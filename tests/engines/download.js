// Downloads saved by Firefox and WebKitGTK into a folder of the test's: the first complete file there.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

// Both browsers write a download under a temporary name (Firefox: .part, WebKitGTK: .wkdownload) and
// rename or remove it when done.
const PARTIAL = /\.(part|wkdownload)$/;

async function downloaded(dir, timeoutMs = 30e3) {
  for (const t0 = Date.now(); Date.now() - t0 < timeoutMs;) {
    const files = fs.readdirSync(dir).filter(f => fs.statSync(path.join(dir, f)).isFile());
    const done = files.filter(f => !PARTIAL.test(f));
    if (done.length && done.length === files.length) {
      return { name: done[0], text: fs.readFileSync(path.join(dir, done[0]), 'utf8') };
    }
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error(`no complete download in ${dir} after ${timeoutMs / 1000} s: ${fs.readdirSync(dir).join(', ')}`);
}

module.exports = { downloaded };
