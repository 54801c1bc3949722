// Native front end of the speed benchmark (see bench.hpp): reads the Kaggle CSVs, prints JSON lines.
//   dl_bench --train train.csv --test test.csv [--build native] [--threads N] [--batches N] [--warmup N]
//            [--predict-rows N] [--latency-reps N] [--preset NAME] [--profile 1]
//   dl_bench --names 1     prints what --preset takes (dl::bench_names()), one per line
#include <cstdio>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>

#include "bench/bench.hpp"
#include "core/csv_reader.hpp"

namespace {

dl::Dataset csv_load(const std::string& path, dl::CsvKind kind) {
    dl::CsvReader reader(path, kind);
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path + ": cannot open");
    std::string chunk(1 << 20, '\0');
    bool ok = true;
    while (ok && in.read(chunk.data(), std::streamsize(chunk.size())), in.gcount() > 0)
        ok = reader.csv_feed(std::string_view(chunk.data(), size_t(in.gcount())));
    if (!ok || !reader.csv_finish()) throw std::runtime_error(reader.error().csv_error_text());
    return std::move(reader.dataset());
}

}  // namespace

int main(int argc, char** argv) try {
    std::string train, test;
    dl::BenchOptions o;
    o.build = "native";
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i], value = argv[i + 1];
        if (key == "--train") train = value;
        else if (key == "--test") test = value;
        else if (key == "--build") o.build = value;
        else if (key == "--threads") o.threads = std::stoi(value);
        else if (key == "--batches") o.batches = std::stoi(value);
        else if (key == "--warmup") o.warmup_batches = std::stoi(value);
        else if (key == "--predict-rows") o.predict_rows = std::stoi(value);
        else if (key == "--latency-reps") o.latency_reps = std::stoi(value);
        else if (key == "--preset") o.preset = value;
        else if (key == "--profile") o.profile = value == "1";
        else if (key == "--names") {
            for (const std::string& name : dl::bench_names()) std::printf("%s\n", name.c_str());
            return 0;
        }
        else throw std::runtime_error("unknown option " + key);
    }
    if (train.empty() || test.empty()) throw std::runtime_error("--train and --test are required");
    const dl::Dataset train_set = csv_load(train, dl::CsvKind::Train), test_set = csv_load(test, dl::CsvKind::Test);
    for (const auto& run : dl::bench_cases(train_set, test_set, o)) {
        std::printf("%s\n", run().c_str());
        std::fflush(stdout);
    }
    return 0;
} catch (const std::exception& e) {
    std::fprintf(stderr, "dl_bench: %s\n", e.what());
    return 2;
}
