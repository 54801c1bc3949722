// Main-thread glue between the page, the app (app.js, the ImGui UI from src/app) and the training worker
// (worker.js). JavaScript only moves bytes: the app and the worker talk in encoded dl::Messages.
//   window.Module         the app's Emscripten module settings (this file loads app.js or app_st.js)
//   window.digitlabBridge called by the app's EM_JS functions (src/app/platform/bridge.cpp)
//   window.digitlab       the test API: digitlab.state() is the app's state as a plain object
// CSV files never pass through the app: the file inputs and drops hand File objects to the worker. Model
// files (.dlm) are small and belong to the app: they are read here and handed to app_on_model_file().
'use strict';
(function () {
  const canvas = document.getElementById('canvas');
  const notice = document.getElementById('notice');
  let worker = null;
  let runtimeUp = false;
  const pending = [];  // calls into the app that arrived before its runtime was up

  function noticeShow(text) {
    notice.textContent = text;
    notice.hidden = !text;
  }

  function appCall(fn) {
    if (runtimeUp) fn();
    else pending.push(fn);
  }

  // A click on the app gives it the keyboard (SDL's mouse handlers keep the browser from doing so).
  canvas.addEventListener('pointerdown', () => canvas.focus());

  // [SECTION] Cross-origin isolation
  // WebAssembly threads need a cross-origin isolated page, which takes two response headers (COOP, COEP).
  // A host that does not send them gets them from our service worker (coi-sw.js) after one reload. Where
  // that cannot work (no service workers: file://, plain http on another host than localhost) or did not,
  // the single-thread builds run (app_st.js here, worker_core_st.js in worker.js, which decides the same way).
  const RELOADED = 'digitlab-isolation-reload';
  // Resolves true when the page is about to reload (isolated next time), false to start as it is.
  async function isolationReload() {
    if (self.crossOriginIsolated) {
      sessionStorage.removeItem(RELOADED);
      offlineAfterLoad = true;
      return false;
    }
    // Already reloaded once, or a worker of ours controls the page and it is still not isolated: give up.
    if (!window.isSecureContext || !('serviceWorker' in navigator) || sessionStorage.getItem(RELOADED) ||
        navigator.serviceWorker.controller) return false;
    try {
      // Once active, the reload's navigation goes through it. A worker that fails to install (or a browser
      // that blocks them) never gets there, hence the time limit.
      const active = navigator.serviceWorker.register('coi-sw.js').then(() => navigator.serviceWorker.ready);
      await Promise.race([active, new Promise((_, reject) =>
        setTimeout(() => reject(new Error('not active after 5 s')), 5000))]);
    } catch (e) {
      console.warn(`DigitLab: no service worker (${e.message || e}); running single-threaded`);
      return false;
    }
    sessionStorage.setItem(RELOADED, '1');
    location.reload();
    return true;
  }

  // [SECTION] Loading, and the notice when it fails or hangs
  // What the page cannot run without, checked before anything loads (every build uses WebAssembly SIMD, the
  // UI draws with WebGL2): what is missing and what to try, or ''.
  function capabilityMissing() {
    if (typeof WebAssembly !== 'object') {
      return 'DigitLab needs WebAssembly, which this browser does not have or has turned off. ' +
        'Try a current Chrome, Edge, Firefox or Safari.';
    }
    // The smallest module with a SIMD instruction: () -> v128 { i8x16.splat(i32.const 0) }.
    const simd = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0,
      10, 8, 1, 6, 0, 65, 0, 253, 15, 11]);
    if (!WebAssembly.validate(simd)) {
      return 'DigitLab needs WebAssembly SIMD, which this browser does not have. ' +
        'Try a current Chrome or Edge (91 or later), Firefox (89 or later) or Safari (16.4 or later).';
    }
    const gl = document.createElement('canvas').getContext('webgl2');
    if (!gl) {
      return 'DigitLab draws with WebGL2, and this browser gave it no WebGL2 context. Turn on hardware ' +
        "(graphics) acceleration in the browser's settings or update the graphics driver, or try another " +
        'browser; headless browsers often have no WebGL2.';
    }
    const lose = gl.getExtension('WEBGL_lose_context');
    if (lose) lose.loseContext();  // browsers allow a page few contexts: the app's is made next
    return '';
  }

  // The app and the worker each load in steps (fetching a script, fetching and compiling its WebAssembly,
  // starting it and its threads). A failed step is shown at once; a part not up LOAD_LIMIT_MS after it began
  // loading has its step named, with what to try, so that "Loading DigitLab..." never stays alone.
  const LOAD_LIMIT_MS = 30000;
  const PARTS = { app: 'the page', worker: 'the training worker' };
  const loading = {};     // part -> { step it is at, late: past LOAD_LIMIT_MS }, until it is up
  let noticeFixed = '';   // a failure (the first one), or the app's own notice: stays on screen
  const singleUrl = () => `${location.origin}${location.pathname}?threads=0`;

  function loadAdvice(step) {
    if (step.startsWith('fetching')) {
      return 'Check the connection and reload the page; on your own host, check that all the files of ' +
        'build/web/site are there.';
    }
    // The browser has WebAssembly SIMD (capabilityMissing): a file that does not compile came damaged, or is
    // something else (an error page served with status 200).
    if (step.startsWith('compiling')) {
      return 'The file arrived damaged or is not the page\'s: reload the page without its cache (Ctrl+Shift+R); ' +
        'on your own host, copy build/web/site again.';
    }
    if (step.includes('threads')) return `Reload the page; if they still do not start, open ${singleUrl()} to run without threads.`;
    return 'Reload the page; if it happens again, try another browser.';
  }

  function loadNotice() {
    const [part, { step } = {}] = Object.entries(loading).find(([, l]) => l.late) || [];
    if (noticeFixed) noticeShow(noticeFixed);
    else if (part) {
      noticeShow(`DigitLab has not started after ${LOAD_LIMIT_MS / 1000} s: ${PARTS[part]} is still ${step}. ` +
        loadAdvice(step));
    } else noticeShow(runtimeUp ? '' : 'Loading DigitLab...');
  }

  function noticeFix(text) {
    noticeFixed = noticeFixed || text;
    loadNotice();
  }

  function loadStep(part, step, failed = '') {
    if (!loading[part]) {
      const entry = loading[part] = { late: false };
      setTimeout(() => { entry.late = true; loadNotice(); }, LOAD_LIMIT_MS);
    }
    loading[part].step = step;
    if (failed) noticeFix(`DigitLab could not start ${PARTS[part]}: ${step} failed (${failed}). ${loadAdvice(step)}`);
    else loadNotice();
  }

  function loadDone(part) {
    if (!(part in loading)) return;
    delete loading[part];
    loadNotice();
    if (offlineAfterLoad && !Object.keys(loading).length) {
      offlineAfterLoad = false;
      offlineRegister();
    }
  }

  // [SECTION] Offline
  // The service worker also caches the site for offline use (coi-sw.js), so an isolated page registers it too,
  // once the app and its worker are up (loadDone): its install downloads every file of both builds, which would
  // otherwise compete with the page's own first load. When a new build's worker takes over from an old one,
  // the page reloads onto the new build's files: the page and its worker must come from one build.
  let offlineAfterLoad = false;
  function offlineRegister() {
    if (!window.isSecureContext || !('serviceWorker' in navigator)) return;
    navigator.serviceWorker.register('coi-sw.js')
      .catch(e => console.warn(`DigitLab: no service worker (${e.message || e}); no offline use`));
  }
  if ('serviceWorker' in navigator && navigator.serviceWorker.controller)
    navigator.serviceWorker.addEventListener('controllerchange', () => location.reload());

  // [SECTION] The app module
  window.Module = {
    canvas,
    print: text => console.log(text),
    printErr: text => console.error(text),
    onRuntimeInitialized() {
      runtimeUp = true;
      if (document.activeElement === document.body) canvas.focus();  // the app has the keyboard, as before
      loadDone('app');
      pending.splice(0).forEach(fn => fn());
      storeList();
    },
    onAbort: what => noticeFix(`DigitLab stopped: ${what}. Reload the page to start again.`),
  };

  function appLoad(threads) {
    const name = threads ? 'app' : 'app_st';
    Module.instantiateWasm = wasmLoader(`${name}.wasm`, 'starting its WebAssembly',
      (step, failed) => loadStep('app', step, failed));
    const script = document.createElement('script');
    script.src = `${name}.js`;
    script.onerror = () => loadStep('app', `fetching ${name}.js`, 'the browser could not load the script');
    loadStep('app', `fetching ${name}.js`);
    document.body.appendChild(script);
  }

  // [SECTION] The worker
  // It reports its loading steps as {load, failed} objects (worker.js); its first encoded message (the
  // core's "ready") says it is up.
  function workerStart(threads) {
    worker = new Worker(threads ? 'worker.js' : 'worker.js?threads=0');
    loadStep('worker', 'fetching worker.js');
    worker.onmessage = e => {
      if (!(e.data instanceof ArrayBuffer)) return loadStep('worker', e.data.load, e.data.failed);
      loadDone('worker');
      appCall(() => heapCall(Module, new Uint8Array(e.data), Module._app_on_message));
    };
    worker.onerror = e => {
      e.preventDefault();
      worker.terminate();
      if (loading.worker) return loadStep('worker', loading.worker.step, e.message || 'the browser gave no reason');
      // An uncaught error once it ran (for example its WASM out of memory) leaves the worker unusable:
      // replace it, and let the app say so. The app keeps its model.
      const text = new TextEncoder().encode(e.message || 'unknown error');
      appCall(() => heapCall(Module, text, Module._app_on_worker_lost));
      workerStart(threads);
    };
  }

  isolationReload().then(reloading => {
    if (reloading) return;
    const missing = capabilityMissing();
    if (missing) {
      console.error(`DigitLab: ${missing}`);
      return noticeFix(missing);
    }
    const why = threadsMissing();
    const threads = !why;
    console.log(`DigitLab: ${threads ? 'threads' : `single-thread (${why})`}`);
    workerStart(threads);
    appLoad(threads);
    defaultModelLoad();
    appCall(() => heapCall(Module, new TextEncoder().encode(why), Module._app_on_run_mode));
  });

  // [SECTION] The pretrained default model (assets/default-model.dlm), so that the pad predicts on a first
  // visit. Fetched alongside the app's own files; the app reports a missing or damaged file itself.
  async function defaultModelLoad() {
    let bytes = new Uint8Array(0), problem = '';
    try {
      const response = await fetch('default-model.dlm');
      if (!response.ok) throw new Error(`default-model.dlm: HTTP ${response.status} ${response.statusText}`.trim());
      bytes = new Uint8Array(await response.arrayBuffer());
    } catch (e) {
      problem = String(e.message || e);
    }
    const text = new TextEncoder().encode(problem);
    appCall(() => heapCall(Module, text, (textPtr, textSize) =>
      heapCall(Module, bytes, (ptr, size) => Module._app_on_default_model(ptr, size, textPtr, textSize))));
  }

  // [SECTION] Files: the file inputs, and drops anywhere on the page
  function loadFile(kind, file) {
    // An archive (Kaggle's digit-recognizer.zip) holds both CSVs: the worker tells them by name or header.
    if (/\.(zip|gz)$/i.test(file.name)) kind = 'auto';
    worker.postMessage({ cmd: 'load_file', kind, file });
  }

  async function openModel(file) {
    let bytes;
    try {
      bytes = new Uint8Array(await file.arrayBuffer());
    } catch (e) {
      bytes = new Uint8Array(0);  // the app then reports the file as not a model file, by name
      console.error(`${file.name}: ${e.message || e}`);
    }
    const name = new TextEncoder().encode(file.name);
    appCall(() => heapCall(Module, name, (namePtr, nameSize) =>
      heapCall(Module, bytes, (ptr, size) => Module._app_on_model_file(namePtr, nameSize, ptr, size))));
  }

  // The file inputs are the page's (index.html), labelled and in the Tab order; the app's Open buttons and
  // shortcuts click them too.
  function fileInput(id, onFile) {
    const input = document.getElementById(id);
    input.addEventListener('change', () => {
      for (const file of input.files) onFile(file);
      input.value = '';  // choosing the same file again is a change too
    });
    return input;
  }
  const inputs = {
    train: fileInput('train-file', file => loadFile('train', file)),
    test: fileInput('test-file', file => loadFile('test', file)),
    model: fileInput('model-file', openModel),
  };

  // Dropped model files (.dlm) go to the app; other files are CSVs, typed by their header (train.csv has a
  // label column).
  window.addEventListener('dragover', e => {
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  });
  window.addEventListener('drop', e => {
    e.preventDefault();
    for (const file of e.dataTransfer.files) {
      if (/\.dlm$/i.test(file.name)) openModel(file);
      else loadFile('auto', file);
    }
  });

  // [SECTION] Model store
  // Models kept in the browser (src/app/state/model_store.hpp): IndexedDB database "digitlab" with two object stores
  // under the same key (the run's start time in ms): "runs" holds run records (small, all read at start-up),
  // "models" the model files (read only when one is used or downloaded). The bytes are the app's; here they
  // are only stored.
  const DB_NAME = 'digitlab', RUNS = 'runs', MODELS = 'models';
  let dbOpen = null;
  function db() {
    dbOpen = dbOpen || new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () => {
        request.result.createObjectStore(RUNS);
        request.result.createObjectStore(MODELS);
      };
      request.onsuccess = () => {
        // Another tab opening a newer version of the database closes this connection: the next use opens it again.
        request.result.onversionchange = () => {
          request.result.close();
          dbOpen = null;
        };
        resolve(request.result);
      };
      request.onerror = () => reject(request.error);
      request.onblocked = () => reject(new Error('the database is in use by an older tab of this page'));
    });
    dbOpen.catch(() => { dbOpen = null; });  // try again next time
    return dbOpen;
  }

  // Runs `work(stores)` in one transaction over the named stores; resolves when it has committed.
  async function dbTransaction(names, mode, work) {
    const tx = (await db()).transaction(names, mode);
    const stores = Object.fromEntries(names.map(n => [n, tx.objectStore(n)]));
    const result = work(stores);
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error || new Error('aborted'));
    });
    return result.value;
  }

  // The value under `id` in the object store `name` (undefined if there is none).
  async function storeGet(name, id) {
    return dbTransaction([name], 'readonly', stores => {
      const result = {};
      const request = stores[name].get(id);
      request.onsuccess = () => { result.value = request.result; };
      return result;
    });
  }

  // `what` failed because of `e`; `after` says what still holds.
  function storeFail(what, e, after = '.') {
    storeError(`The browser could not ${what} (${e && e.message || e})${after}`);
  }

  function storeError(message) {
    const text = new TextEncoder().encode(message);
    appCall(() => heapCall(Module, text, Module._app_on_store_error));
  }

  // Tabs of the page keep their lists in step: each says what it saved or deleted, the others read it.
  const storeChannel = 'BroadcastChannel' in self ? new BroadcastChannel('digitlab-models') : null;
  let storeListed = false;

  function storeChanged(id, bytes) {
    appCall(() => heapCall(Module, bytes, (p, n) => Module._app_on_store_changed(id, p, n)));
  }

  // Tells the app what the store holds under `id` now (nothing: deleted, or never written).
  async function storeReread(id) {
    if (!storeListed) return;  // the list being read has it, or not
    try {
      const record = await storeGet(RUNS, id);
      storeChanged(id, new Uint8Array(record || 0));
    } catch (e) {
      console.warn(`DigitLab: saved model ${id} not read again (${e.message || e})`);
    }
  }
  if (storeChannel) storeChannel.onmessage = ({ data: { id } }) => storeReread(id);

  async function storeList() {
    try {
      const runs = [];
      await dbTransaction([RUNS], 'readonly', ({ runs: store }) => {
        const request = store.openCursor();
        request.onsuccess = () => {
          const cursor = request.result;
          if (!cursor) return;
          runs.push([cursor.key, new Uint8Array(cursor.value)]);
          cursor.continue();
        };
        return {};
      });
      for (const [id, bytes] of runs) heapCall(Module, bytes, (p, n) => Module._app_on_stored(id, p, n));
      Module._app_on_store_listed();
      storeListed = true;
    } catch (e) {
      storeFail('read the models saved in it', e);
    }
  }

  // Put `record` (and `model`, unless null) under `id`; a record alone is written only where its model is, so
  // that a late write after a Delete does not bring back half an entry.
  async function storePut(id, record, model) {
    try {
      await dbTransaction([RUNS, MODELS], 'readwrite', ({ runs, models }) => {
        if (model) {
          models.put(model.buffer, id);
          runs.put(record.buffer, id);
        } else {
          const count = models.count(id);
          count.onsuccess = () => { if (count.result) runs.put(record.buffer, id); };
        }
        return {};
      });
      if (storeChannel) storeChannel.postMessage({ id });
    } catch (e) {
      storeFail(model ? 'save the model' : 'save the model\'s record', e,
        model ? '; it stays in use for this visit, and Download model saves it as a file.' : '.');
      storeReread(id);  // the list shows what is saved: an earlier epoch's model, or none
    }
  }

  async function storeModelGet(id, purpose) {
    try {
      const out = await storeGet(MODELS, id);
      if (!out) {
        // Deleted in another tab since this one listed it: it leaves the list here too.
        storeChanged(id, new Uint8Array(0));
        return storeError('That model is no longer saved in this browser: another tab deleted it.');
      }
      appCall(() => heapCall(Module, new Uint8Array(out), (p, n) => Module._app_on_stored_model(id, purpose, p, n)));
    } catch (e) {
      storeFail('read the saved model', e);
    }
  }

  async function storeDelete(id) {
    try {
      await dbTransaction([RUNS, MODELS], 'readwrite', ({ runs, models }) => {
        runs.delete(id);
        models.delete(id);
        return {};
      });
      if (storeChannel) storeChannel.postMessage({ id });
    } catch (e) {
      storeFail('delete the saved model', e);
    }
  }

  // [SECTION] Called by the app
  window.digitlabBridge = {
    workerPost(buffer) { worker.postMessage(buffer, [buffer]); },
    // Runs inside the ImGui button's click handling, which the browser still counts as a user gesture.
    filePick(kind) { inputs[kind].click(); },
    // Tab past the last panel (forward) or before the first: on to the page's file controls.
    focusLeave(forward) { (forward ? inputs.train : inputs.model).focus(); },
    // The live regions (index.html): "polite" says what happened, "assertive" the error ('' when none).
    announce(text, assertive) { document.getElementById(assertive ? 'alert' : 'announce').textContent = text; },
    sampleLoad() { worker.postMessage({ cmd: 'load_sample' }); },
    noticeShow: noticeFix,
    storePut,
    storeModelGet,
    storeDelete,
  };

  // [SECTION] Test API
  window.digitlab = {
    state() {
      if (!runtimeUp) return { ready: false };
      return JSON.parse(Module.UTF8ToString(Module._app_state_json()));
    },
  };
})();
