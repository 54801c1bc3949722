// Shared by the page (bridge.js) and the worker (worker.js): which builds this browser can run, and handing
// bytes to an Emscripten module's C function by copying them into its heap for the duration of the call.
'use strict';

// Why this browser cannot run the threaded builds, or '' if it can. They need a cross-origin isolated page,
// SharedArrayBuffer and a shared WebAssembly.Memory, each checked here: WebKitGTK reports
// crossOriginIsolated and yet has no SharedArrayBuffer, and there the threaded builds never start. The page
// and its worker ask the same question, so they always pick the same build.
function threadsMissing() {
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
