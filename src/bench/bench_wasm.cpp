// WebAssembly front end of the speed benchmark (see bench.hpp), run in a Web Worker by web/bench_worker.js:
// the worker streams the two CSV files in through bench_csv_*(), then calls bench_case() once per case,
// returning to its event loop in between (see bench_cases()). Each case's JSON line is posted as a string.
#include <emscripten.h>

#include <algorithm>
#include <memory>
#include <string>

#include "bench/bench.hpp"
#include "core/csv_reader.hpp"

namespace {

struct Bench {
    std::unique_ptr<dl::CsvReader> reader;
    dl::Dataset train, test;
    std::vector<std::function<std::string()>> cases;
};

Bench& bench() {
    static Bench b;
    return b;
}

EM_JS(void, js_post_text, (const char* text), { postMessage(UTF8ToString(text)); });

}  // namespace

extern "C" {

// kind 0 = train.csv, 1 = test.csv.
EMSCRIPTEN_KEEPALIVE void bench_csv_begin(int kind) {
    bench().reader = std::make_unique<dl::CsvReader>(kind ? "test.csv" : "train.csv",
                                                     kind ? dl::CsvKind::Test : dl::CsvKind::Train);
}

EMSCRIPTEN_KEEPALIVE int bench_csv_feed(const char* data, size_t size) {
    return bench().reader->csv_feed(std::string_view(data, size));
}

// Returns 0 (after posting the reason as {"error": ...}) if the file is bad.
EMSCRIPTEN_KEEPALIVE int bench_csv_finish() {
    Bench& b = bench();
    if (!b.reader->csv_finish()) {
        js_post_text(("{\"error\":\"" + b.reader->error().csv_error_text() + "\"}").c_str());
        return 0;
    }
    (b.reader->kind() == dl::CsvKind::Train ? b.train : b.test) = std::move(b.reader->dataset());
    b.reader.reset();
    return 1;
}

// Prepares the cases; returns how many there are. `build` names the build in the output, `preset` ("" = all)
// and `profile` are BenchOptions'.
EMSCRIPTEN_KEEPALIVE int bench_prepare(const char* build, int threads, int warmup, int batches, int predict_rows,
                                       int latency_reps, const char* preset, int profile) {
    dl::BenchOptions o{build, threads, warmup, batches, predict_rows, latency_reps, preset, profile != 0};
    bench().cases = dl::bench_cases(bench().train, bench().test, o);
    return int(bench().cases.size());
}

// Runs case i and posts its JSON lines (a profile case has several), one message each.
EMSCRIPTEN_KEEPALIVE void bench_case(int i) {
    const std::string text = bench().cases.at(size_t(i))();
    for (size_t begin = 0, end; begin < text.size(); begin = end + 1) {
        end = std::min(text.find('\n', begin), text.size());
        js_post_text(text.substr(begin, end - begin).c_str());
    }
}

}  // extern "C"
