// The training worker (a classic Web Worker started by bridge.js). Hosts worker_core.wasm, or its
// single-thread build worker_core_st.wasm (src/worker/worker_main.cpp; the messages are src/protocol/messages.hpp), and
// does its JavaScript part:
//   - ArrayBuffers from the page are encoded dl::Messages: handed to worker_on_message();
//   - {cmd: 'load_file', kind, file} and {cmd: 'load_sample'} read CSV files and stream them into the
//     C++ parser in slices, so a file is never held whole in memory;
//   - long jobs (training, prediction) run as a pump of worker_step() calls, one macrotask each, so that
//     messages such as `stop` are handled between slices.
// The C++ side posts its messages to the page itself.
'use strict';
// The threaded module needs SharedArrayBuffer and shared WebAssembly memory (threadsMissing, heap.js);
// elsewhere the single-thread build runs (the page picks app.js or app_st.js the same way, see bridge.js).
importScripts('heap.js');
const THREADS = !threadsMissing();
const CORE = THREADS ? 'worker_core' : 'worker_core_st';
// The page names a loading step that fails or hangs (its load watchdog, bridge.js); a failure to import
// the core's script reaches it as this worker's error event.
let loadAt = '';
function loadReport(step, failed = '') {
  loadAt = step;
  postMessage({ load: step, failed });
}
loadReport(`fetching ${CORE}.js`);
importScripts(`${CORE}.js`);

const SLICE_BYTES = 1 << 20;
const KINDS = { train: 0, test: 1, auto: 2 };
const utf8 = new TextEncoder();

let core = null;                  // the module; tools/bench reads core.wasmMemory (the heap size) from here
const early = [];                 // messages that arrive while the module is loading
let loads = Promise.resolve();    // file loads run one after another, in the order asked
let pumping = false;

// [SECTION] Scheduling
// A MessageChannel message is a macrotask that runs as soon as the event loop is free: unlike
// setTimeout(0) it is not clamped to 4 ms, and the page's messages still get their turn in between.
const channel = new MessageChannel();
const waiting = [];
channel.port1.onmessage = () => waiting.shift()();
function nextTask() {
  return new Promise(resolve => {
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });
}

async function pump() {
  if (pumping) return;
  pumping = true;
  try {
    while (core._worker_step()) await nextTask();
  } finally {
    pumping = false;
  }
}

// [SECTION] CSV files

function nameCall(name, fn) {
  return heapCall(core, utf8.encode(name), fn);
}

// Streams chunks (an async iterable of Uint8Array) of a file into the parser; `size` is 0 when unknown.
async function csvLoad(kind, name, size, chunks) {
  if (!nameCall(name, (p, n) => core._worker_csv_begin(KINDS[kind], p, n, size))) return;
  try {
    for await (const chunk of chunks) {
      if (!heapCall(core, chunk, core._worker_csv_feed)) return;  // bad file: the parser has said why
      await nextTask();
    }
  } catch (e) {
    nameCall(`${name}: the file could not be read (${e.message || e}).`, core._worker_csv_abort);
    return;
  }
  core._worker_csv_finish();
}

async function* fileChunks(file) {
  const reader = new FileReaderSync();
  for (let offset = 0; offset < file.size; offset += SLICE_BYTES)
    yield new Uint8Array(reader.readAsArrayBuffer(file.slice(offset, offset + SLICE_BYTES)));
}

async function* responseChunks(response) {
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

// The sample files served next to the page (made by tools/, same format as Kaggle's). The files that
// could be fetched are loaded; those that could not are reported together at the end, in one error, since
// each error replaces the one before and a successful load clears it.
async function sampleLoad() {
  const failed = [];
  for (const kind of ['train', 'test']) {
    const name = `${kind}.csv`;
    const url = new URL(`sample/${name}`, self.location.href);
    let response;
    try {
      response = await fetch(url);
      if (!response.ok) throw new Error(`HTTP ${response.status} for ${url.pathname}`);
    } catch (e) {
      failed.push(`${name} (${e.message || e})`);
      continue;
    }
    const size = Number(response.headers.get('Content-Length')) || 0;
    await csvLoad(kind, name, size, responseChunks(response));
  }
  if (failed.length) nameCall(`Sample data could not be fetched: ${failed.join(', ')}.`, core._worker_csv_abort);
}

// The job also runs after a failed one: each load reports its own errors.
function loadQueue(job) {
  loads = loads.then(job, job);
}

// [SECTION] Messages from the page

function handle(data) {
  if (data instanceof ArrayBuffer) {
    if (heapCall(core, new Uint8Array(data), core._worker_on_message)) pump();
  } else if (data.cmd === 'load_file') {
    loadQueue(() => csvLoad(data.kind, data.file.name, data.file.size, fileChunks(data.file)));
  } else if (data.cmd === 'load_sample') {
    loadQueue(sampleLoad);
  }
}

onmessage = e => (core ? handle(e.data) : early.push(e.data));

createWorkerCore({
  mainScriptUrlOrBlob: new URL(`${CORE}.js`, self.location.href).href,  // for its pthread workers
  print: text => console.log('[worker]', text),
  printErr: text => console.error('[worker]', text),
  instantiateWasm: wasmLoader(`${CORE}.wasm`,
    THREADS ? `starting its threads (${CORE}.worker.js)` : 'starting its WebAssembly', loadReport),
}).then(module => {
  core = module;
  core._worker_start();  // posts "ready", which tells the page this worker is up
  early.splice(0).forEach(handle);
}, e => loadReport(loadAt, String(e.message || e)));
