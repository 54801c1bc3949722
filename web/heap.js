// Shared by the page (bridge.js) and the worker (worker.js): hands bytes to an Emscripten module's C
// function by copying them into its heap for the duration of the call.
'use strict';

// Calls fn(ptr, length) with `bytes` (a Uint8Array) copied into `module`'s heap; returns fn's result.
// The view is made from the memory itself: with threads, another thread may have grown the heap, and
// Module.HEAPU8 is only refreshed when the module's own JavaScript next touches the heap.
function heapCall(module, bytes, fn) {
  const ptr = module._malloc(Math.max(bytes.length, 1));
  try {
    new Uint8Array(module.wasmMemory.buffer, ptr, bytes.length).set(bytes);
    return fn(ptr, bytes.length);
  } finally {
    module._free(ptr);
  }
}
