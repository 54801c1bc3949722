// Shared by the page (bridge.js) and the worker (worker.js): which builds this browser can run, loading a
// module's WebAssembly step by step, and handing bytes to an Emscripten module's C function by copying them
// into its heap for the duration of the call.
'use strict';

// Why this browser cannot run the threaded builds, or '' if it can. They need a cross-origin isolated page,
// SharedArrayBuffer and a shared WebAssembly.Memory, each checked here: WebKitGTK reports
// crossOriginIsolated and yet has no SharedArrayBuffer, and there the threaded builds never start. The page
// and its worker ask the same question, so they always pick the same build. `threads=0` in the address
// (the page passes it on to its worker) asks for the single-thread builds, for when the threads do not start.
function threadsMissing() {
  if (new URLSearchParams(self.location.search).get('threads') === '0') return 'the address asks for it (threads=0)';
  if (!self.crossOriginIsolated) return 'the page is not cross-origin isolated';
  if (typeof SharedArrayBuffer === 'undefined') return 'this browser has no SharedArrayBuffer';
  try {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    if (memory.buffer instanceof SharedArrayBuffer) return '';
  } catch (e) {
    // reported below
  }
  return 'this browser has no shared WebAssembly memory';
}

// An Emscripten Module.instantiateWasm that fetches and compiles `file` itself, so that a failure or a hang
// can be named: report(step) is called as each step begins (the last one, `started`, is the module's own
// start after instantiation, e.g. its threads), report(step, why) when a step fails.
function wasmLoader(file, started, report) {
  return (imports, receive) => {
    let step = `fetching ${file}`;
    (async () => {
      report(step);
      const response = await fetch(file);
      if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
      const bytes = await response.arrayBuffer();
      report(step = `compiling ${file}`);
      const { instance, module } = await WebAssembly.instantiate(bytes, imports);
      report(step = started);
      receive(instance, module);
    })().catch(e => report(step, String(e.message || e)));
    return {};  // the exports come through receive()
  };
}

// Calls fn(ptr, length) with `bytes` (a Uint8Array) copied into `module`'s heap; returns fn's result.
// With threads the view is made from the memory itself: another thread may have grown the heap, and
// Module.HEAPU8 is only refreshed when the module's own JavaScript next touches the heap. A single-thread
// build exports no wasmMemory, but there only this thread grows the heap, which refreshes HEAPU8.
function heapCall(module, bytes, fn) {
  const ptr = module._malloc(Math.max(bytes.length, 1));
  try {
    const buffer = module.wasmMemory ? module.wasmMemory.buffer : module.HEAPU8.buffer;
    new Uint8Array(buffer, ptr, bytes.length).set(bytes);
    return fn(ptr, bytes.length);
  } finally {
    module._free(ptr);
  }
}
