// The speed benchmark's Web Worker (started by bench.html): hosts bench_core.wasm (src/bench/bench_wasm.cpp),
// streams the two CSV files into it, then runs one case per macrotask, for each message that asks for a run.
// Posts each case's JSON line as a string, and {done: true} at the end of each message's work.
'use strict';
importScripts('heap.js', 'bench_core.js');

const utf8 = new TextEncoder();
const nextTask = () => new Promise(resolve => setTimeout(resolve, 0));

async function csvLoad(core, kind, url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
  core._bench_csv_begin(kind);
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!heapCall(core, value, core._bench_csv_feed)) break;  // bench_csv_finish() posts the reason
  }
  return core._bench_csv_finish();
}

// Prepares o.preset's cases ("" = all) and runs them, one per macrotask.
async function casesRun(o) {
  // Both strings in one buffer: build, then preset, each NUL-terminated.
  const buildBytes = utf8.encode(o.build).length;
  const n = heapCall(core, utf8.encode(`${o.build}\0${o.preset}\0`), ptr =>
    core._bench_prepare(ptr, o.threads, o.warmup, o.batches, o.predictRows, o.latencyReps, ptr + buildBytes + 1,
                        o.profile ? 1 : 0));
  for (let i = 0; i < n; i++) {
    await nextTask();  // lets the last case's pthreads go back to the pool (see src/bench/bench.hpp)
    core._bench_case(i);
  }
}

// The module, once both files are in (they are loaded by the first message).
let core = null;

// o: {train, test (URLs), build, threads, warmup, batches, predictRows, latencyReps, preset ("" = all), profile,
// run (false: only load the files)}
async function messageHandle(o) {
  try {
    if (!core) {
      const module = await createBenchCore({
        mainScriptUrlOrBlob: new URL('bench_core.js', self.location.href).href,  // for its pthread workers
        print: text => console.log('[bench]', text),
        printErr: text => console.error('[bench]', text),
      });
      if (!(await csvLoad(module, 0, o.train)) || !(await csvLoad(module, 1, o.test))) return postMessage({ done: true });
      core = module;
    }
    if (o.run) await casesRun(o);
  } catch (e) {
    postMessage(JSON.stringify({ error: String(e.message || e) }));
  }
  postMessage({ done: true });
}

// One message at a time: a run asked for while the files still load waits for them.
let queue = Promise.resolve();
onmessage = ({ data }) => { queue = queue.then(() => messageHandle(data)); };
