// The browser half of tools/bench (see there): `node tools/bench.js speed|accuracy [options]`.
// Prints one JSON line per case on stdout and progress on stderr. Page driving comes from tools/lib/page_driver.js.
'use strict';
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { openApp, startServer, launchChromium, score, sleep } = require('./lib/page_driver');

const root = path.resolve(__dirname, '..');
const buildDir = path.join(root, 'build');
const nativeBench = path.join(buildDir, 'native', 'dl_bench');
const progress = text => process.stderr.write(`[bench] ${text}\n`);
const emit = obj => process.stdout.write(`${JSON.stringify(obj)}\n`);
const round = (v, digits = 4) => Number(v.toPrecision(digits));

// --key value options; repeated keys collect into arrays.
function parseArgs(argv) {
  const o = {};
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, ''), value = argv[i + 1];
    if (value === undefined) throw new Error(`${argv[i]} needs a value`);
    o[key] = key in o ? [].concat(o[key], value) : value;
  }
  return o;
}

// [SECTION] speed: the bench module in a Web Worker (src/bench), then the real page

// web/bench.html of one WebAssembly build (served from build/), its two files loaded. run(preset) runs that
// preset's cases ("" = all) and returns their JSON lines.
async function benchPageOpen(url, site, build, threads, o) {
  const browser = await launchChromium();
  const q = new URLSearchParams({
    train: `/sample/${o.data}train.csv`, test: `/sample/${o.data}test.csv`, build, threads,
    warmup: o.warmup, batches: o.batches, predict_rows: o['predict-rows'], latency_reps: o['latency-reps'],
    profile: o.profile || '0', wait: '1',
  });
  browser.page.on('console', m => progress(`${build}: ${m.text()}`));
  await browser.page.goto(`${url}/${site}/bench.html?${q}`);
  let seen = 0;
  const runEnd = async () => {  // the current run's lines, once it is done
    for (;;) {
      const { lines, done } = await browser.page.evaluate(() => window.bench);
      if (done) {
        const run = lines.slice(seen).map(l => JSON.parse(l));
        seen = lines.length;
        const failed = run.find(l => l.error);
        if (failed) throw new Error(`${build}: ${failed.error}`);
        return run;
      }
      await sleep(200);
    }
  };
  try {
    await runEnd();  // the files
  } catch (e) {
    await browser.close();
    throw e;
  }
  return {
    async run(preset) {
      await browser.page.evaluate(p => window.benchRun(p), preset);
      return runEnd();
    },
    close: () => browser.close(),
  };
}

// The native build's lines for `preset` (src/bench/bench_native.cpp, built by tools/bench).
function nativeRun(preset, o) {
  const sample = path.join(buildDir, 'sample', o.data);
  const args = ['--train', path.join(sample, 'train.csv'), '--test', path.join(sample, 'test.csv'),
    '--warmup', o.warmup, '--batches', o.batches, '--predict-rows', o['predict-rows'],
    '--latency-reps', o['latency-reps'], '--preset', preset];
  return execFileSync(nativeBench, args.map(String), { encoding: 'utf8' }).trim().split('\n').filter(Boolean)
    .map(l => JSON.parse(l));
}

// Input for `ms`, about 60 events a second: the mouse moving over the settings (hovering, which changes little
// on screen), or drawing circles on the pad (every frame shows a longer stroke and a new prediction).
async function mouseInput(app, input, ms) {
  const pad = input === 'drawing on the pad' && await app.rect('pad');
  if (pad) {
    await app.page.mouse.move(pad[0] + pad[2] * 0.8, pad[1] + pad[3] * 0.5);
    await app.page.mouse.down();
  }
  const t0 = Date.now();
  for (let i = 0; Date.now() - t0 < ms; i++) {
    const a = i / 20;
    if (pad) await app.page.mouse.move(pad[0] + pad[2] * (0.5 + 0.3 * Math.cos(a)), pad[1] + pad[3] * (0.5 + 0.3 * Math.sin(a)));
    else await app.page.mouse.move(400 + (i % 40) * 5, 400);
    await sleep(16);
  }
  if (pad) await app.page.mouse.up();
}

// The worker's WASM memory (it never shrinks, so this is its peak) with both files loaded, and the page's
// frame rate while a training runs.
async function pageCases(o) {
  const app = await openApp();
  try {
    await app.waitFor('the page to be ready', s => s.ready, 90e3);
    const train = path.join(buildDir, 'sample', o.data, 'train.csv'), test = path.join(buildDir, 'sample', o.data, 'test.csv');
    const t0 = Date.now();
    await app.page.setInputFiles('#train-file', train);
    let s = await app.waitFor('train.csv to load', s => s.train_rows > 0 || s.error, 600e3);
    await app.page.setInputFiles('#test-file', test);
    s = await app.waitFor('test.csv to load', s => s.test_rows > 0 || s.error, 600e3);
    if (s.error) throw new Error(`loading the files: ${s.error}`);
    progress(`page: both files loaded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    // worker.js keeps its module in `core` (a global of the worker).
    const worker = app.page.workers().find(w => w.url().endsWith('/worker.js'));
    const heap = await worker.evaluate(() => core.wasmMemory.buffer.byteLength);
    emit({ case: 'heap', build: 'wasm-simd-threads', train_rows: s.train_rows, test_rows: s.test_rows,
      heap_mb: round(heap / 2 ** 20), target: '< 512' });

    const model = 'CNN Conv32 5x5';
    await app.pickModel(model);
    await app.click('train');
    await app.waitFor('training to start', s => s.training || s.error, 30e3);
    await sleep(2000);  // past the start-up
    const seconds = Number(o['fps-seconds']);
    // fps: animation frames the page ran (how soon it can answer input); drawn_per_s: frames sent to WebGL
    // (only those that change the screen: input, a progress report at most every progress_ms, which is 100 ms
    // or ten times what a drawn frame costs); partial_per_s: those of them drawn only where the screen
    // changed; layout_ms: the CPU time of laying out a frame; train_img_s: the training's speed meanwhile
    // (while a stroke is drawn the worker trains on one thread fewer, leaving the page a core). Without input,
    // moving the mouse over the settings, and drawing on the pad (every frame changes the pad and the
    // prediction).
    for (const input of ['none', 'mouse moving', 'drawing on the pad']) {
      const before = await app.state();
      const moving = input !== 'none' && mouseInput(app, input, seconds * 1000);
      const frames = await app.page.evaluate(ms => new Promise(resolve => {
        let n = 0;
        const t0 = performance.now();
        const tick = now => (now - t0 < ms ? (++n, requestAnimationFrame(tick)) : resolve(n));
        requestAnimationFrame(tick);
      }), seconds * 1000);
      await moving;
      s = await app.state();
      if (!s.training) throw new Error(`training was not running while frames were counted: ${s.error || s.status}`);
      emit({ case: 'ui_fps', build: 'wasm-simd-threads', model, input, seconds,
        fps: round(frames / seconds), drawn_per_s: round((s.frames - before.frames) / seconds),
        partial_per_s: round((s.frames_partial - before.frames_partial) / seconds),
        progress_ms: Math.round(s.progress_ms), layout_ms: round(s.layout_ms),
        train_img_s: Math.round((s.train_images - before.train_images) / (s.train_seconds - before.train_seconds)),
        target: '> 50' });
    }
    await app.click('stop');
  } finally {
    await app.close();
  }
}

// wasm SIMD+threads against native and against scalar single-thread, per preset.
function ratios(native, simd, scalar) {
  for (const line of simd.filter(l => l.case === 'train')) {
    const of = (lines, build) => {
      const base = lines.find(l => l.case === 'train' && l.preset === line.preset);
      return base && { case: 'ratio', preset: line.preset, of: `wasm-simd-threads / ${build}`,
        value: round(line.images_per_s / base.images_per_s, 3) };
    };
    const n = of(native, 'native'), sc = of(scalar, 'wasm-scalar');
    if (n) emit({ ...n, target: '>= 0.7' });
    if (sc) emit({ ...sc, target: '>= 4' });
  }
}

async function speed(o) {
  const names = execFileSync(nativeBench, ['--names', '1'], { encoding: 'utf8' }).trim().split('\n');
  const server = await startServer(buildDir);
  const pages = [];
  try {
    const simd = await benchPageOpen(server.url, 'web/site', 'wasm-simd-threads', 0, o);
    pages.push(simd);
    const scalar = await benchPageOpen(server.url, 'web-scalar/site', 'wasm-scalar', 1, o);
    pages.push(scalar);
    // Each model on the three builds in turn, so that a ratio compares runs a minute apart at most: this
    // machine's speed drifts by a fifth or more over minutes. Softmax regression ran at 0.64M images/s in
    // WebAssembly right after minutes of the native build's cases (all models first), 1.1-1.2M on its own.
    const lines = { native: [], simd: [], scalar: [] };
    for (const name of names) {
      progress(`${name}: native, wasm SIMD + threads, wasm scalar single-thread`);
      for (const [build, run] of [['native', () => nativeRun(name, o)], ['simd', () => simd.run(name)],
                                  ['scalar', () => scalar.run(name)]]) {
        const got = await run();
        got.forEach(emit);
        lines[build].push(...got);
      }
    }
    ratios(lines.native, lines.simd, lines.scalar);
  } finally {
    for (const page of pages) await page.close();
    server.stop();
  }
  progress('the page: heap with both files, frame rate while training');
  await pageCases(o);
}

// [SECTION] accuracy: train, predict and download through the page, as a user would

async function accuracy(o) {
  const app = await openApp();
  try {
    let s = await app.waitFor('the page to be ready', s => s.ready, 90e3);
    await app.page.setInputFiles('#train-file', path.join(buildDir, 'sample', o.data, 'train.csv'));
    s = await app.waitFor('train.csv to load', s => s.train_rows > 0 || s.error, 600e3);
    await app.page.setInputFiles('#test-file', path.join(buildDir, 'sample', o.data, 'test.csv'));
    s = await app.waitFor('test.csv to load', s => s.test_rows > 0 || s.error, 600e3);
    if (s.error) throw new Error(`loading the files: ${s.error}`);
    let models = [].concat(o.preset || []);
    if (!models.length) {  // the page's default model, then every model of the combo's tutorial section
      await app.click('model_kind');
      s = await app.waitFor('the Model combo to open', s => s.rects['model_kind:MLP'], 10e3);
      const items = Object.keys(s.rects).filter(k => k.startsWith('model_kind:'))
        .sort((a, b) => s.rects[a][1] - s.rects[b][1]).map(k => k.slice(11));  // in the combo's order
      await app.click('model_kind');  // closes it again
      await app.waitFor('the Model combo to close', s => !s.rects['model_kind:MLP'], 10e3);
      models = ['MLP', ...items.filter(n => n !== 'MLP' && n !== 'Custom')];
    }
    const truth = path.join(buildDir, 'sample', o.data, 'test_labels.csv');
    for (const model of models) {
      progress(`${model}: training`);
      await app.pickModel(model);
      if (o.epochs) await app.typeInto('epochs', o.epochs);
      const members = Number(o.models || 1);
      await app.typeInto('models_to_train', members);
      const before = await app.state();
      const t0 = Date.now();
      await app.click('train');
      // A small model may be done before the first look: its status line then already says so.
      await app.waitFor('training to start', s => s.training || s.error || s.status !== before.status, 30e3);
      // A series (Models to train > 1) is over when the ensemble of its models is in use.
      s = await app.waitFor(`${model} to finish training`,
        s => (!s.training && (members === 1 || s.ensemble === members)) || s.error, 24 * 3600e3);
      const trainWall = (Date.now() - t0) / 1000;
      if (s.error || !s.history.length) throw new Error(`${model}: training failed: ${s.error}`);
      // Predict test.csv, download the submission and score it (the click clears the last submission).
      const predictScore = async name => {
        progress(`${model}: predicting${name}`);
        await app.click('predict');
        const s = await app.waitFor(`${model}'s submission`, s => s.submission_rows === s.test_rows || s.error, 3600e3);
        if (s.error) throw new Error(`${model}: predicting failed: ${s.error}`);
        const { file } = await app.download('download', `submission-${model.replace(/[^a-z0-9]+/gi, '-')}${name}.csv`);
        return score(file, truth);
      };
      const h = s.history;
      const line = { case: 'accuracy', model, members: s.ensemble || 1, epochs: h.length,  // of the last member
        seconds_per_epoch: round(h.reduce((a, e) => a + e.seconds, 0) / h.length),
        train_wall_s: round(trainWall), val_acc: round(Math.max(...h.map(e => e.val_acc))),  // the kept (best) epoch's
        test_acc: await predictScore('') };
      if (o.tta === '1') {
        if (!s.predict_tta) await app.click('predict_tta');
        await app.waitFor('test-time augmentation on', s => s.predict_tta, 10e3);
        line.test_acc_tta = await predictScore('-tta');
        await app.click('predict_tta');  // off again for the next model
      }
      emit(line);
    }
  } finally {
    await app.close();
  }
}

// Only the SIMD + threads build's bench module (after `cmake --build --preset web --target bench_core`):
// for A/B runs and profiles, e.g. --preset "CNN Conv32 5x5" --profile 1 --threads 2. --site: another build's
// site folder under build/ (default web/site).
async function wasmOnly(o) {
  const server = await startServer(buildDir);
  let page = null;
  try {
    page = await benchPageOpen(server.url, o.site || 'web/site', 'wasm-simd-threads', o.threads || 0, o);
    (await page.run(o.preset || '')).forEach(emit);
  } finally {
    if (page) await page.close();
    server.stop();
  }
}

async function main() {
  const [mode, ...rest] = process.argv.slice(2);
  const o = parseArgs(rest);
  o.data = o.data || '';  // '' = the full sample files, 'small/' = the quick subset
  if (mode === 'speed') await speed(o);
  else if (mode === 'accuracy') await accuracy(o);
  else if (mode === 'wasm') await wasmOnly(o);
  else if (mode === 'page') await pageCases(o);
  else throw new Error(`usage: node tools/bench.js speed|accuracy|wasm|page [options] (see tools/bench)`);
}

main().catch(e => { progress(String(e.stack || e)); process.exit(1); });
