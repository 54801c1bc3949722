// Chromium: the e2e tests' own headless Chromium (playwright-core), with a real browser download.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const { launchChromium, consoleCollect } = require('../../tools/lib/page_driver');

async function open(url) {
  const browser = await launchChromium();
  const { page } = browser;
  const { consoleLines } = consoleCollect(page);
  await page.goto(url);
  return {
    page,
    consoleLines,
    version: execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(),
    upload: (selector, file) => page.setInputFiles(selector, file),
    async download(app, name) {
      const { file, suggested } = await app.download(name, 'engines-chromium-submission.csv');
      return { name: suggested, text: fs.readFileSync(file, 'utf8') };
    },
    close: () => browser.close(),
  };
}

module.exports = { open };
