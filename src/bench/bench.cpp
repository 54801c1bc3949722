#include "bench.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <thread>
#include <vector>

#include "core/digitize.hpp"
#include "core/ensemble.hpp"
#include "core/model.hpp"
#include "core/presets.hpp"
#include "core/profile.hpp"
#include "core/trainer.hpp"

namespace dl {

namespace {

constexpr const char* kConvPreset = "CNN Conv32 5x5";
constexpr const char* kDefaultModel = "MLP 256-128 (default)";  // TrainConfig's default layers: the page's default
constexpr int kPadRaster = kImageSide * 5;  // the page rasterizes strokes at 5x (src/app/state/pad_predict.cpp)

// The targets for training speed in the browser ("Training speed: SIMD and all cores"): they are
// about the shipped build (SIMD + threads), so the native and scalar builds' lines carry none.
const char* train_target(const std::string& preset) {
#if defined(__EMSCRIPTEN__) && defined(__wasm_simd128__)
    if (preset == kConvPreset) return ">= 3000";
    if (preset == "CNN Conv32-Conv64") return ">= 400";
#endif
    return nullptr;
}

std::string json_string(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

// One JSON object from the case name and already-encoded "key":value pairs.
class JsonLine {
public:
    explicit JsonLine(const char* kase) : text_("{\"case\":" + json_string(kase)) {}
    JsonLine& str(const char* key, const std::string& v) { return raw(key, json_string(v)); }
    JsonLine& num(const char* key, double v) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.4g", v);
        return raw(key, buf);
    }
    std::string done() const { return text_ + "}"; }

private:
    JsonLine& raw(const char* key, const std::string& v) {
        text_ += ",\"" + std::string(key) + "\":" + v;
        return *this;
    }
    std::string text_;
};

struct NamedModel {
    std::string name;
    std::vector<LayerSpec> layers;
};

// `config` as the timed cases train it: never finishing. An epoch end (with its validation pass over 5% of the
// rows) falls inside the timed batches only for the smallest model (softmax regression trains an epoch in
// about 0.1 s), and then costs what it costs in a real training.
TrainConfig bench_config(TrainConfig config, const BenchOptions& o) {
    config.threads = o.threads;
    config.epochs = 1000;
    config.val_split = 0.05f;
    return config;
}

// Trains at least `batches` batches, for at least `seconds`.
void batches_train(Trainer& trainer, int batches, double seconds) {
    const double t0 = seconds_now();
    for (int i = 0; i < batches || seconds_now() - t0 < seconds; ++i) trainer.train_batches(1);
}

// Untimed batches: at least o.warmup_batches, for at least o.warmup_seconds. A WebAssembly engine first runs
// baseline code and swaps in optimized code for hot functions after a while (V8: Liftoff, then TurboFan): an
// MLP's step takes about 15 ms, so three batches timed the baseline code (at a third of the speed), which
// a real training, minutes long, hardly runs in.
void warm_up(Trainer& trainer, const BenchOptions& o) { batches_train(trainer, o.warmup_batches, o.warmup_seconds); }

// Images per second of training `config` on `train`, after the warm-up.
double train_speed(const Dataset& train, const TrainConfig& config, const BenchOptions& o) {
    Trainer trainer(train, bench_config(config, o));
    warm_up(trainer, o);
    const long images0 = trainer.images_seen();
    const double t0 = seconds_now();
    batches_train(trainer, o.batches, o.timed_seconds);
    return double(trainer.images_seen() - images0) / (seconds_now() - t0);
}

// Floating-point operations of one image's forward pass through a convolution or dense layer, as the direct
// computation counts them (a multiply and an add per weight use), 0 for other layers. Winograd's convolutions
// do fewer, so their "useful" rate can exceed what the machine's matrix products reach.
double layer_flops(const Layer& l) {
    if (l.spec.kind == LayerKind::Conv2D)
        return 2.0 * l.out.h * l.out.w * l.win.kernel * l.win.kernel * l.in.c * l.out.c;
    if (l.spec.kind == LayerKind::Dense) return 2.0 * l.in.size() * l.out.c;
    return 0;
}

// The profile of the timed training steps of `config` (after the warm-up ones) as JSON lines, one per part;
// a convolution's or dense layer's lines also give its useful GFLOP/s on the profiled thread (layer_flops).
std::string train_profile(const Dataset& train, const TrainConfig& config, const BenchOptions& o, JsonLine head) {
    Trainer trainer(train, bench_config(config, o));
    warm_up(trainer, o);
    StepProfile p;
    trainer.profile_set(&p);
    const double t0 = seconds_now();
    batches_train(trainer, o.batches, o.timed_seconds);
    const double step = (seconds_now() - t0) / double(p.steps);
    trainer.profile_set(nullptr);
    std::vector<std::pair<std::string, double>> parts;
    std::map<std::string, double> flops;  // per step, on the profiled thread (its share of each batch)
    const Model& model = trainer.model();
    const double share = double(config.batch_size / trainer.threads());
    for (size_t i = 0; i < model.layers.size(); ++i) {
        const Layer& l = model.layers[i];
        const std::string name = std::string(layer_kind_name(l.spec.kind)) + " " + std::to_string(i + 1);
        // Backward computes the weights' gradient and, except in the first layer, the input's.
        flops[name + " forward"] = share * layer_flops(l);
        flops[name + " backward"] = share * layer_flops(l) * (i ? 2 : 1);
        if (i < p.layers.forward.size()) parts.push_back({name + " forward", p.layers.forward[i]});
        if (i < p.layers.backward.size()) parts.push_back({name + " backward", p.layers.backward[i]});
    }
    // Thread 0's own work is the layers plus gather and loss; the rest of the parallel part is waiting.
    double own = p.gather + p.loss;
    for (const auto& part : parts) own += part.second;
    parts.insert(parts.end(), {{"gather", p.gather}, {"loss", p.loss},
                               {"wait for threads", p.parallel - own}, {"reduce", p.reduce},
                               {"optimizer", p.update}, {"weights copy", p.copy}});
    double listed = 0;
    for (const auto& part : parts) listed += part.second;
    parts.push_back({"other", step * double(p.steps) - listed});
    std::stable_sort(parts.begin(), parts.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    std::string out;
    for (const auto& [name, seconds] : parts) {
        const double per_step = seconds / double(p.steps);
        JsonLine line(head);
        line.str("part", name).num("ms", per_step * 1000).num("percent", 100 * per_step / step);
        if (flops[name] > 0 && per_step > 0) line.num("gflops", flops[name] / per_step * 1e-9);
        out += line.done();
        out += "\n";
    }
    out += JsonLine(head).str("part", "step").num("ms", step * 1000).num("percent", 100)
        .num("images_per_s", config.batch_size / step).done();
    return out;
}

// A drawn "7" (two strokes' worth of points), as the pad would hand it over.
std::vector<PadStroke> seven() {
    PadStroke s;
    for (int i = 0; i <= 20; ++i) s.points.push_back({0.25f + 0.5f * i / 20, 0.2f});
    for (int i = 1; i <= 30; ++i) s.points.push_back({0.75f - 0.3f * i / 30, 0.2f + 0.65f * i / 30});
    return {s};
}

// Median milliseconds of the pad's work for one digit (src/app/state/pad_predict.cpp: rasterize, digitize, predict).
double pad_ms(Model& model, int reps) {
    const std::vector<PadStroke> strokes = seven();
    std::vector<double> ms;
    Mat x(1, kImageSize), probs;
    uint8_t image[kImageSize];
    for (int r = 0; r < reps; ++r) {
        const double t0 = seconds_now();
        const std::vector<float> ink = strokes_rasterize(strokes, kPadRaster);
        ink_digitize(ink.data(), kPadRaster, kPadRaster, image);
        for (int i = 0; i < kImageSize; ++i) x(0, i) = float(image[i]) / 255.f;
        model_predict(model, x, probs);
        ms.push_back((seconds_now() - t0) * 1000);
    }
    std::nth_element(ms.begin(), ms.begin() + reps / 2, ms.end());
    return ms[reps / 2];
}

// Images per second of predicting the first `rows` of `test` on `threads` threads, as the page's Predict does.
double predict_speed(const Model& model, const Dataset& test, int rows, int threads) {
    ThreadPool pool(threads);
    std::vector<Ensemble> copies(size_t(pool.size()), Ensemble{{model}});
    std::vector<uint8_t> labels(static_cast<size_t>(rows));
    const double t0 = seconds_now();
    ensemble_predict_labels(copies, test, 0, rows, labels.data(), false, &pool);
    return rows / (seconds_now() - t0);
}

}  // namespace

std::vector<std::string> bench_names() {
    std::vector<std::string> names = {kDefaultModel};
    for (const Preset& p : presets()) names.push_back(p.name);
    return names;
}

std::vector<std::function<std::string()>> bench_cases(const Dataset& train, const Dataset& test,
                                                      const BenchOptions& o) {
    const int threads = o.threads < 1 ? int(std::max(1u, std::thread::hardware_concurrency())) : o.threads;
    std::vector<std::function<std::string()>> cases;
    std::vector<NamedModel> models = {{kDefaultModel, TrainConfig().layers}};
    for (const Preset& p : presets()) {
        if (!o.preset.empty() && p.name != o.preset) continue;
        if (o.profile) {
            cases.push_back([&train, &p, o, threads] {
                JsonLine head("profile");
                head.str("preset", p.name).str("build", o.build).num("threads", threads).num("batch", p.config.batch_size);
                return train_profile(train, p.config, o, head);
            });
            continue;
        }
        models.push_back({p.name, p.config.layers});
        cases.push_back([&train, &p, o, threads] {
            JsonLine line("train");
            line.str("preset", p.name).str("build", o.build).num("threads", threads).num("batch", p.config.batch_size);
            line.num("images_per_s", train_speed(train, p.config, o));
            if (const char* target = train_target(p.name)) line.str("target", target);
            return line.done();
        });
    }
    if (o.profile) return cases;
    if (!o.preset.empty() && o.preset != kDefaultModel) models.erase(models.begin());  // it is no preset
    // Fresh weights: inference costs the same whatever the weights are.
    for (const NamedModel& m : models) {
        if (m.name == kDefaultModel || m.name == kConvPreset)
            cases.push_back([m, o] {
                Model model = model_create(m.layers, 1);
                return JsonLine("pad").str("model", m.name).str("build", o.build).num("ms", pad_ms(model, o.latency_reps))
                    .str("target", "< 5").done();
            });
        cases.push_back([&test, m, o, threads] {
            const Model model = model_create(m.layers, 1);
            const int rows = std::min(o.predict_rows, test.rows);
            return JsonLine("predict").str("model", m.name).str("build", o.build).num("threads", threads)
                .num("rows", rows).num("images_per_s", predict_speed(model, test, rows, threads)).done();
        });
    }
    return cases;
}

}  // namespace dl
