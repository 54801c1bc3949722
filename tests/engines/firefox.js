// Firefox: Debian's firefox-esr driven by puppeteer-core over WebDriver BiDi. Not headless: headless Firefox
// has no WebGL2 here, while under Xvfb (tools/test runs the engines under xvfb-run) it draws with Mesa's
// software GL. Puppeteer's page has the calls the page driver's App makes (evaluate, mouse, keyboard,
// screenshot), so the journey's input goes through the same code in every engine.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const puppeteer = require('puppeteer-core');
const { downloaded } = require('./download');
const { consoleCollect } = require('../../tools/lib/page_driver');

// `headless`: headless and without an X display, as on a server, where Firefox has no WebGL2 (with a
// display, headless Firefox draws with Mesa too).
async function open(url, { headless = false } = {}) {
  const downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'digitlab-firefox-downloads-'));
  const env = { ...process.env };
  if (headless) delete env.DISPLAY;
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: execFileSync('sh', ['-c', 'command -v firefox-esr'], { encoding: 'utf8' }).trim(),
    headless,
    env,
    defaultViewport: { width: 1280, height: 800 },
    // Downloads go straight to `downloads`, without a dialog, where the test reads them.
    extraPrefsFirefox: {
      'browser.download.folderList': 2,
      'browser.download.dir': downloads,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
      'browser.helperApps.neverAsk.saveToDisk': 'text/csv',
    },
  });
  const page = (await browser.pages())[0] || await browser.newPage();
  const { consoleLines } = consoleCollect(page);
  await page.goto(url);
  return {
    page,
    consoleLines,
    version: await browser.version(),
    upload: async (selector, file) => (await page.$(selector)).uploadFile(file),
    async download(app, name) {
      await app.click(name);
      return downloaded(downloads);
    },
    async close() {
      await browser.close().catch(() => {});
      fs.rmSync(downloads, { recursive: true, force: true });
    },
  };
}

module.exports = { open };
