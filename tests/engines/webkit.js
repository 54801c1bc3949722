// WebKit: Debian's webkit2gtk-driver (WebKitWebDriver) driving WebKitGTK's MiniBrowser over W3C WebDriver,
// with selenium-webdriver. It needs an X display (tools/test runs the engines under xvfb-run). The page is
// wrapped in the few calls the page driver's App makes of a Playwright page (evaluate, mouse, keyboard,
// screenshot), so the journey's input goes through the same code in every engine.
'use strict';
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { Builder, By, Key, Origin } = require('selenium-webdriver');
const { downloaded } = require('./download');

const KEYS = { Control: Key.CONTROL, Enter: Key.ENTER, Backspace: Key.BACK_SPACE, Escape: Key.ESCAPE };

function miniBrowser() {
  const files = execFileSync('dpkg', ['-L', 'libwebkit2gtk-4.1-0'], { encoding: 'utf8' }).split('\n');
  const found = files.find(f => f.endsWith('/MiniBrowser'));
  if (!found) throw new Error('MiniBrowser not found in libwebkit2gtk-4.1-0: run tools/setup');
  return found;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    }).on('error', reject);
  });
}

// MiniBrowser saves downloads, without asking, in the XDG download folder: the driver (and the browser it
// starts) get a home of their own whose download folder is `downloads`.
async function driverStart(downloads) {
  const port = await freePort();
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'digitlab-webkit-home-'));
  fs.mkdirSync(path.join(home, '.config'));
  fs.writeFileSync(path.join(home, '.config', 'user-dirs.dirs'), `XDG_DOWNLOAD_DIR="${downloads}"\n`);
  const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config') };
  const proc = spawn('WebKitWebDriver', [`--port=${port}`], { stdio: ['ignore', 'ignore', 'inherit'], env });
  proc.once('exit', () => fs.rmSync(home, { recursive: true, force: true }));
  const exited = new Promise((_, reject) => proc.once('exit', code => reject(new Error(`WebKitWebDriver exited ${code}`))));
  for (let i = 0; i < 100; i++) {
    const up = await Promise.race([fetch(`http://127.0.0.1:${port}/status`).then(r => r.ok, () => false), exited]);
    if (up) return { url: `http://127.0.0.1:${port}`, proc };
    await new Promise(r => setTimeout(r, 100));
  }
  proc.kill();
  throw new Error('WebKitWebDriver did not answer in 10 s');
}

// A Playwright-like page over a WebDriver session. Each input call is one W3C action sequence; the pointer's
// position and the keys held carry over between them (the session's input state).
class WebDriverPage {
  constructor(driver) {
    this.driver = driver;
    const act = build => build(driver.actions({ async: true })).perform();
    this.mouse = {
      move: (x, y) => act(a => a.move({ x: Math.round(x), y: Math.round(y), origin: Origin.VIEWPORT, duration: 0 })),
      down: () => act(a => a.press()),
      up: () => act(a => a.release()),
    };
    this.keyboard = {
      down: key => act(a => a.keyDown(KEYS[key] || key)),
      up: key => act(a => a.keyUp(KEYS[key] || key)),
      type: text => act(a => a.sendKeys(...String(text))),
    };
  }

  // Runs fn(arg) in the page and returns its (awaited) result, as Playwright's page.evaluate does.
  async evaluate(fn, arg) {
    const out = await this.driver.executeAsyncScript(`const done = arguments[arguments.length - 1];
      Promise.resolve().then(() => (${fn})(arguments[0])).then(value => done({ value }), e => done({ error: String(e) }));`,
    arg === undefined ? null : arg);
    if (out.error) throw new Error(out.error);
    return out.value;
  }

  async screenshot({ path }) {
    fs.writeFileSync(path, Buffer.from(await this.driver.takeScreenshot(), 'base64'));
  }
}

async function open(url) {
  const downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'digitlab-webkit-downloads-'));
  const server = await driverStart(downloads);
  let driver;
  try {
    driver = await new Builder().usingServer(server.url).withCapabilities({
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': { binary: miniBrowser(), args: ['--automation', '--geometry=1280x800'] },
    }).build();
    await driver.manage().setTimeouts({ script: 60e3 });
    await driver.get(url);
  } catch (e) {
    if (driver) await driver.quit().catch(() => {});
    server.proc.kill();
    throw e;
  }
  const page = new WebDriverPage(driver);
  const caps = await driver.getCapabilities();
  return {
    page,
    version: `WebKitGTK ${caps.get('browserVersion')}`,
    upload: (selector, file) => driver.findElement(By.css(selector)).sendKeys(file),
    async download(app, name) {
      await app.click(name);
      return downloaded(downloads);
    },
    async close() {
      await driver.quit().catch(() => {});
      server.proc.kill();
      fs.rmSync(downloads, { recursive: true, force: true });
    },
  };
}

module.exports = { open };
