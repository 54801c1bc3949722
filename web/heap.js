// Shared by the page (bridge.js) and the worker (worker.js): hands bytes to an Emscripten module's C
// function by copying them into its heap for the duration of the call.
'use strict';

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
