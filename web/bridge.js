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

  // [SECTION] The app module
  window.Module = {
    canvas,
    print: text => console.log(text),
    printErr: text => console.error(text),
    onRuntimeInitialized() {
      runtimeUp = true;
      noticeShow('');
      pending.splice(0).forEach(fn => fn());
      storeList();
    },
    onAbort: what => noticeShow(`DigitLab stopped: ${what}. Reload the page to start again.`),
  };

  // [SECTION] The worker
  function workerStart() {
    worker = new Worker('worker.js');
    worker.onmessage = e => appCall(() => heapCall(Module, new Uint8Array(e.data), Module._app_on_message));
    // An uncaught error (for example the worker's WASM running out of memory) leaves the worker unusable:
    // replace it, and let the app say so. The app keeps its model.
    worker.onerror = e => {
      e.preventDefault();
      worker.terminate();
      const text = new TextEncoder().encode(e.message || 'unknown error');
      appCall(() => heapCall(Module, text, Module._app_on_worker_lost));
      workerStart();
    };
  }

  function appLoad(threads) {
    const script = document.createElement('script');
    script.src = threads ? 'app.js' : 'app_st.js';
    script.onerror = () => noticeShow(`DigitLab could not load ${script.src}.`);
    document.body.appendChild(script);
  }

  isolationReload().then(reloading => {
    if (reloading) return;
    const missing = threadsMissing();
    const threads = !missing;
    console.log(`DigitLab: ${threads ? 'threads' : `single-thread (${missing})`}`);
    workerStart();
    appLoad(threads);
    defaultModelLoad();
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

  // [SECTION] Files: hidden inputs for the app's Open buttons, and drops anywhere on the page
  function loadFile(kind, file) {
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

  function fileInput(id, accept, onFile) {
    const input = document.createElement('input');
    input.type = 'file';
    input.id = id;
    input.accept = accept;
    input.hidden = true;
    input.addEventListener('change', () => {
      for (const file of input.files) onFile(file);
      input.value = '';  // choosing the same file again is a change too
    });
    document.body.appendChild(input);
    return input;
  }
  const inputs = {
    train: fileInput('train-file', '.csv,text/csv', file => loadFile('train', file)),
    test: fileInput('test-file', '.csv,text/csv', file => loadFile('test', file)),
    model: fileInput('model-file', '.dlm', openModel),
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
      request.onsuccess = () => resolve(request.result);
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

  function storeFail(what, e) {
    const text = new TextEncoder().encode(`The browser could not ${what} (${e && e.message || e}); ` +
      'models are still kept for this visit and can be downloaded.');
    appCall(() => heapCall(Module, text, Module._app_on_store_error));
  }

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
    } catch (e) {
      storeFail('save the model', e);
    }
  }

  async function storeModelGet(id, purpose) {
    try {
      const out = await dbTransaction([MODELS], 'readonly', ({ models }) => {
        const result = {};
        const request = models.get(id);
        request.onsuccess = () => { result.value = request.result; };
        return result;
      });
      if (!out) throw new Error('it is no longer there');
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
    } catch (e) {
      storeFail('delete the saved model', e);
    }
  }

  // [SECTION] Called by the app
  window.digitlabBridge = {
    workerPost(buffer) { worker.postMessage(buffer, [buffer]); },
    // Runs inside the ImGui button's click handling, which the browser still counts as a user gesture.
    filePick(kind) { inputs[kind].click(); },
    sampleLoad() { worker.postMessage({ cmd: 'load_sample' }); },
    noticeShow,
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
