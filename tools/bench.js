// The browser half of tools/bench (see there): `node tools/bench.js speed|accuracy|time-to-accuracy [options]`.
// Prints one JSON line per case on stdout and progress on stderr. Page driving comes from tools/lib/page_driver.js.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { openApp, startServer, launchChromium, score, sleep } = require('./lib/page_driver');
const { curvesSvg, readLines } = require('./plot-curves');

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

// The page with the sample's train.csv and test.csv (o.data) loaded.
async function openWithData(o) {
  const app = await openApp();
  try {
    await app.waitFor('the page to be ready', s => s.ready, 90e3);
    await app.page.setInputFiles('#train-file', path.join(buildDir, 'sample', o.data, 'train.csv'));
    await app.waitFor('train.csv to load', s => s.train_rows > 0 || s.error, 600e3);
    await app.page.setInputFiles('#test-file', path.join(buildDir, 'sample', o.data, 'test.csv'));
    const s = await app.waitFor('test.csv to load', s => s.test_rows > 0 || s.error, 600e3);
    if (s.error) throw new Error(`loading the files: ${s.error}`);
    return app;
  } catch (e) {
    await app.close();
    throw e;
  }
}

// The --preset names, or the page's default model, then every model of the combo's tutorial section.
async function modelsToRun(app, o) {
  const named = [].concat(o.preset || []);
  if (named.length) return named;
  await app.click('model_kind');
  const s = await app.waitFor('the Model combo to open', s => s.rects['model_kind:MLP'], 10e3);
  const items = Object.keys(s.rects).filter(k => k.startsWith('model_kind:'))
    .sort((a, b) => s.rects[a][1] - s.rects[b][1]).map(k => k.slice(11));  // in the combo's order
  await app.click('model_kind');  // closes it again
  await app.waitFor('the Model combo to close', s => !s.rects['model_kind:MLP'], 10e3);
  return ['MLP', ...items.filter(n => n !== 'MLP' && n !== 'Custom')];
}

// Picks `model`, sets its epochs (--epochs), its seed (--seed: the first member's) and Models to train
// (--models; else the preset's own, a recipe's ensemble), turns test-time augmentation off (each epoch is scored without it; a recipe's TTA is scored at
// the end), and presses Train. Returns the number of models, whether TTA is to be scored (--tta 1 or the
// recipe's), the page's count of runs before this one (this series' runs follow), when Train was pressed,
// and over(state): whether the training is over.
async function trainStart(app, model, o) {
  await app.pickModel(model);
  if (o.epochs) await app.typeInto('epochs', o.epochs);
  if (o.seed) {
    await app.typeInto('seed', o.seed);
    await app.waitFor(`seed ${o.seed}`, s => s.seed === Number(o.seed), 10e3);
  }
  const picked = await app.state();
  const first = Number(o.models || picked.models_to_train);  // of the first design; a recipe's others follow
  if (first !== picked.models_to_train) await app.typeInto('models_to_train', first);
  const members = (await app.waitFor('Models to train', s => s.models_to_train === first, 10e3)).series_models;
  const tta = o.tta === '1' || picked.predict_tta;
  if (picked.predict_tta) await app.click('predict_tta');
  const before = await app.waitFor('test-time augmentation off', s => !s.predict_tta, 10e3);
  const started = Date.now();
  await app.click('train');
  // A small model may be done before the first look: its status line then already says so.
  await app.waitFor('training to start', s => s.training || s.error || s.status !== before.status, 30e3);
  // A series (Models to train > 1) is over when the ensemble of its models is in use.
  const over = s => (!s.training && (members === 1 || s.ensemble === members)) || s.error;
  return { members, tta, runsBefore: before.runs.length, started, over };
}

// Presses Predict test.csv, downloads the submission and scores it against test_labels.csv (the click
// clears the last submission). `label` names the progress line and the file.
async function predictScore(app, o, label) {
  progress(`${label}: predicting`);
  await app.click('predict');
  const s = await app.waitFor(`${label}'s submission`, s => s.submission_rows === s.test_rows || s.error, 3600e3);
  if (s.error) throw new Error(`${label}: predicting failed: ${s.error}`);
  const { file } = await app.download('download', `submission-${label.replace(/[^a-z0-9]+/gi, '-')}.csv`);
  return score(file, path.join(buildDir, 'sample', o.data, 'test_labels.csv'));
}

// The same with test-time augmentation, which is turned off again after.
async function predictScoreTta(app, o, label) {
  if (!(await app.state()).predict_tta) await app.click('predict_tta');
  await app.waitFor('test-time augmentation on', s => s.predict_tta, 10e3);
  const accuracy = await predictScore(app, o, `${label} tta`);
  await app.click('predict_tta');
  return accuracy;
}

async function accuracy(o) {
  const app = await openWithData(o);
  try {
    for (const model of await modelsToRun(app, o)) {
      progress(`${model}: training`);
      const { started, over, tta } = await trainStart(app, model, o);
      const s = await app.waitFor(`${model} to finish training`, over, 24 * 3600e3);
      const trainWall = (Date.now() - started) / 1000;
      if (s.error || !s.history.length) throw new Error(`${model}: training failed: ${s.error}`);
      const h = s.history;
      const line = { case: 'accuracy', model, ...(o.seed && { seed: Number(o.seed) }),
        members: s.ensemble || 1, epochs: h.length,  // of the last member
        seconds_per_epoch: round(h.reduce((a, e) => a + e.seconds, 0) / h.length),
        train_wall_s: round(trainWall), val_acc: round(Math.max(...h.map(e => e.val_acc))),  // the kept (best) epoch's
        test_acc: await predictScore(app, o, model) };
      if (tta) line.test_acc_tta = await predictScoreTta(app, o, model);
      emit(line);
    }
  } finally {
    await app.close();
  }
}

// [SECTION] time-to-accuracy: the held-out accuracy after every epoch, against the training time so far

// Where a run's JSON lines and curves go; a quick run's do not replace the measured ones in docs/.
const curvesFile = (o, ext) => path.join(o.data ? buildDir : path.join(root, 'docs'), `time-to-accuracy.${ext}`);

// Trains each model as accuracy() does and, after each epoch, scores the weights the page then holds:
// Predict sends the page's current model (predict_start, src/app/panel_predict.cpp), which each epoch's end
// replaces with that epoch's weights (model_receive -> current_model_set, which also leaves any ensemble).
// Predict stays enabled during a training, and the worker predicts while the training is paused (worker_step
// runs a prediction whenever there is one); unpaused, the two would take turns and the prediction would
// count as training time. So each epoch's end is paused first: the worker leaves paused time out of the
// epoch's seconds (train_pause, Trainer::clock_skip). Lines: "epoch" per scored epoch, "member" per model
// of the series (its kept weights, at the end of its training), "final" (the ensemble's with --models N).
// Seconds are the page's epoch seconds summed over the series so far.
async function timeToAccuracy(o) {
  const jsonl = curvesFile(o, 'jsonl');
  fs.writeFileSync(jsonl, '');
  const out = line => { emit(line); fs.appendFileSync(jsonl, `${JSON.stringify(line)}\n`); };
  const app = await openWithData(o);
  try {
    for (const model of await modelsToRun(app, o)) {
      progress(`${model}: training, scored after every epoch`);
      const { members, tta, runsBefore, over } = await trainStart(app, model, o);
      const scores = new Map();  // "member:epoch" -> the test accuracy of that epoch's weights
      const scoreHeld = async (member, epoch) => {  // the weights the page holds, those of member's epoch
        const key = `${member}:${epoch}`;
        if (!scores.has(key)) {
          scores.set(key, await predictScore(app, o, `${model} ${member + 1}/${members} epoch ${epoch}`));
        }
        return scores.get(key);
      };
      // The series' training seconds up to `member`'s epoch `epoch` (to its end without one); the page's
      // runs list keeps the members' epochs after the next member has started.
      const seconds = (s, member, epoch) => round(s.runs.slice(runsBefore, runsBefore + member + 1)
        .flatMap((r, i) => (i < member ? r.history : r.history.slice(0, epoch))).reduce((a, e) => a + e.seconds, 0));
      const memberLine = async (s, member) => {  // the page holds this member's kept weights
        const line = { case: 'member', model, member: member + 1, members,
          epochs: s.runs[runsBefore + member].history.length, weights_epoch: s.model_epoch,
          seconds: seconds(s, member), test_acc: await scoreHeld(member, s.model_epoch) };
        out(line);
        return line;
      };
      let s = await app.state();
      for (;;) {
        const member = s.series_index, epochs = s.history.length;
        s = await app.waitFor(`${model}: an epoch's end`,
          s => over(s) || s.series_index !== member || s.history.length > epochs, 24 * 3600e3);
        if (over(s)) break;
        await app.click('pause');
        // A small model's next epochs, or its training, may end before the pause takes hold: an epoch ending
        // meanwhile is not scored (the page no longer holds its weights).
        s = await app.waitFor(`${model} to pause`, s => s.paused || over(s), 600e3);
        if (over(s)) break;
        // The worker sends an epoch's model before it confirms a pause, so the state is whole now.
        const m = s.series_index;
        if (s.history.length) {
          out({ case: 'epoch', model, member: m + 1, members, epoch: s.model_epoch,
            seconds: seconds(s, m, s.model_epoch), test_acc: await scoreHeld(m, s.model_epoch) });
        } else {
          await memberLine(s, m - 1);  // the next member has no epoch yet: the page holds the last one's weights
        }
        await app.click('pause');  // Resume
        s = await app.waitFor(`${model} to resume`, s => !s.paused || over(s), 60e3);
      }
      if (s.error) throw new Error(`${model}: training failed: ${s.error}`);
      const final = { case: 'final', model, members, seconds: seconds(s, members - 1), test_rows: s.test_rows };
      if (members > 1) {
        final.test_acc = await predictScore(app, o, `${model} ensemble`);
        if (tta) final.test_acc_tta = await predictScoreTta(app, o, `${model} ensemble`);
        // The last member alone: its saved model, the first row of the list (newest first).
        if (s.saved[0]?.name !== s.runs[s.runs.length - 1].name) {
          throw new Error(`${model}: the last model is not saved (Keep in this browser)`);
        }
        await app.click('saved_use:0');
        s = await app.waitFor(`${model}'s last member in use`, s => s.saved[0].current && !s.ensemble, 60e3);
      }
      const last = await memberLine(s, members - 1);
      if (members === 1) {
        final.test_acc = last.test_acc;
        if (tta) final.test_acc_tta = await predictScoreTta(app, o, model);
      }
      out(final);
    }
  } finally {
    await app.close();
  }
  fs.writeFileSync(curvesFile(o, 'svg'), curvesSvg(readLines(jsonl)));
  progress(`curves: ${curvesFile(o, 'svg')} (from ${jsonl})`);
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

// [SECTION] long-session: memory over many trainings and drawings

// The worker's and the app's WebAssembly memory and the page's JS heap after a garbage collection, in MB.
async function memory(app, cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const worker = app.page.workers().find(w => /\/worker\.js(\?|$)/.test(w.url()));
  const mb = bytes => round(bytes / 2 ** 20);
  return {
    worker_wasm_mb: mb(await worker.evaluate(() => core.wasmMemory.buffer.byteLength)),
    app_wasm_mb: mb(await app.page.evaluate(() => Module.HEAP8.buffer.byteLength)),
    js_heap_mb: mb(usedSize),
  };
}

// Trains a small MLP for one epoch --trainings times (each kept in the browser, as by default), then draws
// --draws digits on the pad, with a line of memory after each step: what a long visit leaves behind.
async function longSession(o) {
  const trainings = Number(o.trainings || 10), draws = Number(o.draws || 200);
  const app = await openWithData(o);
  try {
    const cdp = await app.page.context().newCDPSession(app.page);
    emit({ case: 'long_session', step: 'start', n: 0, ...await memory(app, cdp) });
    await app.typeInto('hidden', o.hidden || '64');
    await app.typeInto('epochs', 1);
    for (let n = 1; n <= trainings; n++) {
      const runs = (await app.state()).runs.length;
      await app.click('train');
      const s = await app.waitFor(`training ${n}`, s => (!s.training && s.runs.length > runs) || s.error, 600e3);
      if (s.error) throw new Error(`training ${n}: ${s.error}`);
      emit({ case: 'long_session', step: 'train', n, saved: s.saved.length, ...await memory(app, cdp) });
    }
    // A 1 and a 7 in turn, each on a cleared pad.
    const digits = [[[[0.5, 0.15], [0.5, 0.85]]], [[[0.25, 0.2], [0.75, 0.2], [0.4, 0.85]]]];
    for (let n = 1; n <= draws; n++) {
      await app.draw(digits[n % 2], `drawing ${n}`);
      emit({ case: 'long_session', step: 'draw', n, ...await memory(app, cdp) });
    }
  } finally {
    await app.close();
  }
}

async function main() {
  const [mode, ...rest] = process.argv.slice(2);
  const o = parseArgs(rest);
  o.data = o.data || '';  // '' = the full sample files, 'small/' = the quick subset
  if (mode === 'speed') await speed(o);
  else if (mode === 'accuracy') await accuracy(o);
  else if (mode === 'time-to-accuracy') await timeToAccuracy(o);
  else if (mode === 'wasm') await wasmOnly(o);
  else if (mode === 'page') await pageCases(o);
  else if (mode === 'long-session') await longSession(o);
  else throw new Error(`usage: node tools/bench.js speed|accuracy|time-to-accuracy|wasm|page|long-session [options] (see tools/bench)`);
}

main().catch(e => { progress(String(e.stack || e)); process.exit(1); });
