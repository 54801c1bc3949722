// Speed benchmark of the core, shared by the native front end (bench_native.cpp) and the WebAssembly one
// (bench_wasm.cpp, run in a Web Worker by web/bench_worker.js): the same cases and the same timing code,
// so the builds' numbers compare like with like. Driven by tools/bench, which adds the page-level cases.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "core/dataset.hpp"

namespace dl {

struct BenchOptions {
    std::string build;         // reported as "build", e.g. "native", "wasm-simd-threads"
    int threads = 0;           // training threads; < 1: one per hardware thread
    int warmup_batches = 3;    // not timed: first-touch allocations, caches, thread start-up
    int batches = 20;          // timed training batches per preset, at least (see timed_seconds)
    int predict_rows = 28000;  // test rows labelled per model (capped at the test set's size)
    int latency_reps = 200;    // drawn digits per model; the median is reported
    std::string preset;        // only this preset's training and its model's inference (see bench_names)
    bool profile = false;      // instead of the cases below, where each preset's training step spends its time
    double warmup_seconds = 2; // the warm-up batches take at least this long (see warm_up() in bench.cpp)
    double timed_seconds = 1;  // and the timed ones at least this long: 20 of softmax regression's take a few ms
};

// What BenchOptions::preset may name: the page's default model (its inference only: it is no preset), then
// each of dl::presets(); "" means all of them.
std::vector<std::string> bench_names();

// Every case on `train` (labelled) and `test`, in order; each runs when called and returns one JSON object:
//   train      {preset, build, threads, batch, images_per_s [, target]}  for each of dl::presets()
//   pad        {model, build, ms, target}  one drawn digit on the pad: rasterize, ink_digitize, predict
//   predict    {model, build, threads, rows, images_per_s}
// With options.profile, one case per preset instead, returning one line per part of a training step (the
// parts of dl::StepProfile; thread 0's forward and backward of each layer), largest first:
//   profile    {preset, build, threads, batch, part, ms (per step), percent (of the step)
//               [, gflops: a convolution's or dense layer's useful GFLOP/s on that thread]}
// Cases are separate calls so that a WebAssembly caller can return to its event loop in between: the
// threads of one case's dl::ThreadPool only go back to Emscripten's pthread pool once it does.
// The datasets must outlive the cases.
std::vector<std::function<std::string()>> bench_cases(const Dataset& train, const Dataset& test,
                                                      const BenchOptions& options);

}  // namespace dl
