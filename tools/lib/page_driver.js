// The page driver shared by the end-to-end tests (tests/e2e) and the benchmarks (tools/bench.js): the served
// site, a headless Chromium, and input that goes through the UI exactly as a user's would (mouse at the
// widgets' screen rectangles, keyboard, file inputs).
// The page reports its state and widget rectangles through window.digitlab.state(); tests only read it.
'use strict';
const { spawn, execFileSync } = require('node:child_process');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');

const root = path.resolve(__dirname, '..', '..');
const sampleDir = process.env.DIGITLAB_SAMPLE || path.join(root, 'build', 'sample');
const outDir = path.join(root, 'build', 'e2e');  // screenshots, console log, downloaded files

// Chromium flags from docs' toolchain notes: no GPU, no network chatter; SwiftShader WebGL2 explicitly allowed.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--enable-unsafe-swiftshader'];

// tools/test serves the site and passes DIGITLAB_URL; run directly (`node --test tests/e2e/`), the tests
// serve build/web/site themselves with tools/serve.py on a free port. `dir` serves another folder
// (tools/bench serves build/, for both WebAssembly builds and the sample data). `plain` serves without the
// cross-origin isolation headers (tools/serve.py --plain), like any static host.
async function startServer(dir, plain = false) {
  if (process.env.DIGITLAB_URL && !dir && !plain) return { url: process.env.DIGITLAB_URL, stop() {} };
  const site = dir || path.join(root, 'build', 'web', 'site');
  if (!dir && !fs.existsSync(path.join(site, 'index.html'))) throw new Error(`${site}/index.html missing: build the web preset`);
  const proc = spawn('python3', [path.join(root, 'tools', 'serve.py'), '--port', '0', '--root', site,
    ...(plain ? ['--plain'] : [])],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    proc.stdout.once('data', d => resolve(String(d).trim()));
    proc.once('exit', code => reject(new Error(`tools/serve.py exited ${code}`)));
  });
  return { url, stop() { proc.kill(); } };
}

// A headless Chromium with a fresh profile and one page; close() removes the profile. `options` go to
// Playwright's launchPersistentContext (e.g. serviceWorkers: 'block').
async function launchChromium(options = {}) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'digitlab-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1280, height: 800 },
    acceptDownloads: true, args: CHROMIUM_ARGS, ...options,
  });
  const page = context.pages()[0] || await context.newPage();
  return {
    context, page,
    async close() {
      await context.close().catch(() => {});
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

// The page's console and uncaught errors, as they come (Playwright's and Puppeteer's pages both emit these).
function consoleCollect(page) {
  const consoleLines = [], pageErrors = [];
  page.on('console', m => consoleLines.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', e => { pageErrors.push(String(e)); consoleLines.push(`[pageerror] ${e}`); });
  page.on('crash', () => consoleLines.push('[crash] the page crashed'));
  return { consoleLines, pageErrors };
}

// `plain`: served without isolation headers; `serviceWorkers: 'block'`: a browser where the page cannot
// register its service worker (as on file:// or plain http), so it runs single-threaded. `launch`: more
// options for launchChromium, e.g. { viewport: { width: 844, height: 390 }, deviceScaleFactor: 2 }.
async function openApp({ plain = false, serviceWorkers = 'allow', launch = {} } = {}) {
  fs.mkdirSync(outDir, { recursive: true });
  const server = await startServer(undefined, plain);
  const browser = await launchChromium({ serviceWorkers, ...launch });
  const { page } = browser;
  const { consoleLines, pageErrors } = consoleCollect(page);
  await page.goto(server.url);
  const app = new App(page, consoleLines, pageErrors);
  app.close = async () => {
    fs.writeFileSync(path.join(outDir, 'console.log'), consoleLines.join('\n') + '\n');
    await browser.close();
    server.stop();
  };
  return app;
}

const sleep = ms => new Promise(r => setTimeout(r, ms));

// The small sample set (10000 + 1000 rows) made by tools/make-sample-data, and a check that it is there.
const small = f => path.join(sampleDir, 'small', f);
function sampleRequire(files = ['train.csv', 'test.csv', 'test_labels.csv']) {
  for (const f of files) assert.ok(fs.existsSync(small(f)), `${small(f)} missing: run tools/make-sample-data`);
}

class App {
  constructor(page, consoleLines, pageErrors) {
    this.page = page;
    this.consoleLines = consoleLines;
    this.pageErrors = pageErrors;
  }

  state() { return this.page.evaluate(() => (window.digitlab && window.digitlab.state ? window.digitlab.state() : null)); }

  // Lets the app's main loop (requestAnimationFrame) run `n` times, so ImGui has seen the last input.
  frames(n = 2) {
    return this.page.evaluate(n => new Promise(resolve => {
      const step = () => (--n <= 0 ? resolve() : requestAnimationFrame(step));
      requestAnimationFrame(step);
    }), n);
  }

  async screenshot(name) {
    await this.page.screenshot({ path: path.join(outDir, `${name}.png`) });
  }

  // Polls state() until pred(state) is truthy; on timeout fails with the state, the console tail and a
  // screenshot (build/e2e/timeout-*.png) so a red test says what the page was doing.
  async waitFor(what, pred, timeoutMs) {
    const t0 = Date.now();
    let s = null, lastError = null;
    while (Date.now() - t0 < timeoutMs) {
      try {
        s = await this.state();
        if (s && pred(s)) return s;
      } catch (e) { lastError = e; }  // e.g. evaluate during a navigation
      await sleep(200);
    }
    const shot = `timeout-${what.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}`;
    await this.screenshot(shot).catch(() => {});
    // The page's own notice (bridge.js) names a loading step that failed or hangs.
    const notice = await this.page.evaluate(() => {
      const n = document.getElementById('notice');
      return n && !n.hidden ? n.textContent : '';
    }).catch(e => `(not read: ${e.message})`);
    throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}\n` +
      `state: ${stateText(s)}\n${lastError ? `last error: ${lastError}\n` : ''}` +
      `notice: ${notice || '(none)'}\n` +
      `console (last 15 lines):\n  ${this.consoleLines.slice(-15).join('\n  ')}\nscreenshot: build/e2e/${shot}.png`);
  }

  // `name`'s rectangle in the last frame laid out. Worker messages change the state between frames (a
  // training's end takes its progress bar away and moves what is below it up a row), so a frame is let
  // pass first: a click right after such a change would otherwise go where the widget was.
  async rect(name) {
    await this.frames();
    const s = await this.state();
    const r = s && s.rects && s.rects[name];
    if (!r) throw new Error(`the page reports no rectangle "${name}"; rects: ${JSON.stringify(s && s.rects)}`);
    return r;
  }

  // The rectangle of `name`, which must be in view: a click on a widget its panel scrolled away would miss.
  async visibleRect(name) {
    const r = await this.rect(name);
    const s = await this.state();
    if (s.scrolled_out.includes(name)) {
      await this.screenshot(`scrolled-out-${name.replace(/[^a-z0-9]+/gi, '-')}`);
      throw new Error(`"${name}" is scrolled out of view (${JSON.stringify(r)}); screenshot: build/e2e/scrolled-out-*.png`);
    }
    return r;
  }

  // A real click: move there, let a frame pass (hover), press, let a frame pass, release.
  async clickAt(x, y) {
    await this.page.mouse.move(x, y);
    await this.frames();
    await this.page.mouse.down();
    await this.frames();
    await this.page.mouse.up();
    await this.frames();
  }

  async click(name, fx = 0.5, fy = 0.5) {
    const [x, y, w, h] = await this.visibleRect(name);
    await this.clickAt(x + w * fx, y + h * fy);
  }

  // Picks `name` ("MLP", a preset's name, ...) in the Model combo: opens it, clicks the item (the page
  // reports each open item's rectangle as "model_kind:<name>"), and checks the page's model_kind.
  async pickModel(name) {
    await this.click('model_kind');
    await this.waitFor(`the Model combo's item "${name}"`, s => s.rects[`model_kind:${name}`], 10e3);
    await this.click(`model_kind:${name}`);
    await this.frames(3);
    const s = await this.state();
    if (s.model_kind !== name) throw new Error(`picked "${name}" but the page's model is "${s.model_kind}"`);
    return s;
  }

  // Presses `key` (with `modifier` held, if given) for two frames. ImGui 1.86 reads key states once per frame,
  // so a press and release within one frame go unseen by its text fields (select all, Enter, Backspace);
  // on a loaded machine a fixed delay is no guarantee of a frame in between. The page's own shortcuts come
  // from the event queue and need no hold, but holding does them no harm.
  async hold(key, modifier = '') {
    if (modifier) await this.page.keyboard.down(modifier);
    await this.page.keyboard.down(key);
    await this.frames(2);
    await this.page.keyboard.up(key);
    if (modifier) await this.page.keyboard.up(modifier);
    await this.frames();
  }

  // Types into an ImGui input: click into its text part (left of any +/- buttons), select all, type, Enter.
  async typeInto(name, text) {
    await this.click(name, 0.25);
    await this.hold('a', 'Control');
    await this.page.keyboard.type(String(text), { delay: 30 });
    await this.frames();
    await this.hold('Enter');  // without a frame in between the value would apply but the field stay active
    await this.frames(2);
  }

  // Clears the pad, draws `strokes` (each a list of points as in stroke()) and waits for the prediction.
  async draw(strokes, what = 'the drawn digit') {
    await this.click('clear_pad');
    await this.waitFor('an empty pad after Clear', s => s.prediction === -1, 10e3);
    for (const points of strokes) await this.stroke('pad', points);
    return this.waitFor(`a prediction for ${what}`, s => s.prediction >= 0, 10e3);
  }

  // Clicks the widget `name` and saves the browser download it starts as build/e2e/<saveAs>; returns the
  // file's path and the name the page gave it.
  async download(name, saveAs) {
    const [download] = await Promise.all([
      this.page.waitForEvent('download', { timeout: 30e3 }),
      this.click(name),
    ]);
    const file = path.join(outDir, saveAs);
    await download.saveAs(file);
    return { file, suggested: download.suggestedFilename() };
  }

  // A mouse stroke through `points` ([fx, fy] fractions of the named rectangle) in small steps, with frames
  // at the corners so the app samples the path as it would a hand's.
  async stroke(name, points, stepPx = 12) {
    const [x, y, w, h] = await this.rect(name);
    const at = ([fx, fy]) => [x + fx * w, y + fy * h];
    let [cx, cy] = at(points[0]);
    await this.page.mouse.move(cx, cy);
    await this.frames();
    await this.page.mouse.down();
    await this.frames();
    for (const p of points.slice(1)) {
      const [tx, ty] = at(p);
      const n = Math.max(1, Math.ceil(Math.hypot(tx - cx, ty - cy) / stepPx));
      for (let i = 1; i <= n; i++) {
        await this.page.mouse.move(cx + (tx - cx) * i / n, cy + (ty - cy) * i / n);
      }
      // ImGui 1.86's SDL backend samples the mouse once per frame: moves within a frame become one straight
      // segment, which is harmless along a line, but each corner must be seen.
      await this.frames(1);
      [cx, cy] = [tx, ty];
    }
    await this.frames();
    await this.page.mouse.up();
    await this.frames(3);
  }
}

// Opens the combo or menu behind the rectangle `name` and clicks its item `item` (items report rectangles
// named "<name>:<item>" while the popup is open); returns the state after.
App.prototype.pickItem = async function (name, item) {
  await this.click(name);
  await this.waitFor(`the popup of ${name}`, s => s.rects[`${name}:${item}`], 5e3);
  await this.click(`${name}:${item}`);
  await this.frames(3);
  return this.state();
};

// Mean and variance of the luminance (0-255) of a PNG's pixels inside `rect` ([x, y, w, h] in the image's
// pixels), decoded by the page's browser: says whether a screenshot shows something there. `png` is a file
// name or the PNG's bytes.
App.prototype.pngStats = async function (png, rect) {
  const b64 = (Buffer.isBuffer(png) ? png : fs.readFileSync(png)).toString('base64');
  return this.page.evaluate(async ([b64, [x, y, w, h]]) => {
    const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(bitmap, 0, 0);
    const data = ctx.getImageData(Math.round(x), Math.round(y), Math.round(w), Math.round(h)).data;
    let n = 0, sum = 0, sum2 = 0;
    for (let i = 0; i < data.length; i += 4) {
      const l = 0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2];
      n++, sum += l, sum2 += l * l;
    }
    const mean = sum / n;
    return { width: bitmap.width, height: bitmap.height, mean, variance: sum2 / n - mean * mean };
  }, [b64, rect]);
};

// A screenshot of a view for the README (docs/screenshots/<name>.png when DIGITLAB_DOCS=1, else
// build/e2e/docs/ so that a test run leaves the repository as it was), checked to show something (not one
// flat colour) inside each of `rects` (CSS pixels at device scale 1). Returns the variances.
App.prototype.docShot = async function (name, ...rects) {
  const dir = process.env.DIGITLAB_DOCS === '1' ? path.join(root, 'docs', 'screenshots') : path.join(outDir, 'docs');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  await this.page.screenshot({ path: file });
  const variances = [];
  for (const rect of rects) {
    const stats = await this.pngStats(file, rect);
    assert.ok(stats.variance > 200, `${name}: the region ${JSON.stringify(rect.map(Math.round))} is nearly flat: ` +
      JSON.stringify(stats));
    variances.push(stats.variance);
  }
  return variances;
};

// A finger stroke through `points` (as in stroke()), as a touch screen sends it: touchStart, touchMoves,
// touchEnd through the DevTools protocol, with frames between so the app sees the path.
App.prototype.touchStroke = async function (name, points, stepPx = 12) {
  if (!this.cdp) this.cdp = await this.page.context().newCDPSession(this.page);
  const [x, y, w, h] = await this.rect(name);
  const at = ([fx, fy]) => [x + fx * w, y + fy * h];
  const touch = (type, [px, py]) => this.cdp.send('Input.dispatchTouchEvent',
    { type, touchPoints: type === 'touchEnd' ? [] : [{ x: px, y: py, id: 1 }] });
  let c = at(points[0]);
  await touch('touchStart', c);
  await this.frames();
  for (const p of points.slice(1)) {
    const t = at(p);
    const n = Math.max(1, Math.ceil(Math.hypot(t[0] - c[0], t[1] - c[1]) / stepPx));
    for (let i = 1; i <= n; i++) await touch('touchMove', [c[0] + (t[0] - c[0]) * i / n, c[1] + (t[1] - c[1]) * i / n]);
    await this.frames(1);
    c = t;
  }
  await touch('touchEnd', c);
  await this.frames(3);
};

function stateText(s) {
  if (!s) return String(s);
  const { rects, probs, pad_image, ...rest } = s;  // rects and the pad's image are long and rarely the point
  return JSON.stringify({ ...rest, probs: probs && probs.map(p => +p.toFixed(3)), rects: rects && Object.keys(rects) });
}

// tools/score: validates the submission format and returns the accuracy against the truth file.
function score(submission, truth) {
  const out = execFileSync(path.join(root, 'tools', 'score'), [submission, truth], { encoding: 'utf8' });
  const m = /^accuracy ([0-9.]+)/.exec(out);
  if (!m) throw new Error(`tools/score printed: ${out}`);
  return Number(m[1]);
}

module.exports = { App, CHROMIUM_ARGS, openApp, consoleCollect, startServer, launchChromium, sampleDir, small, sampleRequire, outDir, score, stateText, sleep };
