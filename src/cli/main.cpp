// digitlab: the native command line front end of the core.
//   (train.csv and test.csv may also be gzipped, or Kaggle's digit-recognizer.zip holding both)
//   digitlab train   --train train.csv --model model.dlm [--preset NAME | --arch mlp|cnn --hidden 256,128
//                    --activation relu|tanh --dropout 0.2] [--optimizer sgd|adam|rmsprop|adadelta] [--lr 0.001]
//                    [--momentum 0] [--batch 64] [--epochs 10] [--val 0.1] [--seed 1] [--threads 0 = all cores]
//                    [--rotation 10 --zoom 0.1 --shift 0.1 --elastic 0] [--schedule onecycle] [--early-stop 3]
//                    [--smoothing 0.1 (label smoothing)] [--ema 0.999 (moving average of the weights)]
//                    [--members N: N models, seeds seed..seed+N-1, written as MODEL-1.dlm ...; default: the
//                     preset's, and then a recipe's models of its second design, seeds going on]
//                    [--holdout test.csv --holdout-labels test_labels.csv: each epoch's accuracy on them]
//                    [--init start.dlm: start from that model's weights (same layers) instead of fresh ones]
//                    [--teacher a.dlm[,b.dlm...] --teacher-weight 0.5: distillation, training towards that
//                     share of the teacher ensemble's probabilities and the rest of the labels]
//   digitlab presets
//   digitlab predict --model model.dlm[,more.dlm...] --test test.csv --out submission.csv [--tta 1 (test-time
//                    augmentation)] [--threads 0 = all cores]; several models predict as an ensemble (their
//                    probabilities averaged); --probabilities probs.csv also writes each image's 10 probabilities
//   digitlab summary --model model.dlm
//   digitlab export --onnx model.dlm[,more.dlm...] model.onnx   (several models: one ONNX model averaging them)
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <string>

#include "core/data_file_reader.hpp"
#include "core/ensemble.hpp"
#include "core/model_file.hpp"
#include "core/onnx_export.hpp"
#include "core/presets.hpp"
#include "core/submission.hpp"
#include "core/trainer.hpp"

namespace {

using Options = std::map<std::string, std::string>;

[[noreturn]] void die(const std::string& message) {
    std::fprintf(stderr, "digitlab: %s\n", message.c_str());
    std::exit(2);
}

std::string option(const Options& o, const std::string& key, const char* fallback = nullptr) {
    auto it = o.find(key);
    if (it != o.end()) return it->second;
    if (!fallback) die("missing --" + key);
    return fallback;
}

float number_parse(const std::string& key, const std::string& s) {
    char* end = nullptr;
    const float v = std::strtof(s.c_str(), &end);
    if (s.empty() || *end) die("--" + key + " takes a number, not '" + s + "'");
    return v;
}

float option_number(const Options& o, const std::string& key, float fallback) {
    auto it = o.find(key);
    return it == o.end() ? fallback : number_parse(key, it->second);
}

// "a,b,,c" -> {"a", "b", "", "c"}; "" -> {""}.
std::vector<std::string> comma_split(const std::string& s) {
    std::vector<std::string> parts;
    for (size_t start = 0, comma; start <= s.size(); start = comma + 1) {
        comma = std::min(s.find(',', start), s.size());
        parts.push_back(s.substr(start, comma - start));
    }
    return parts;
}

std::vector<int> option_sizes(const Options& o, const std::string& key, const char* fallback) {
    std::vector<int> sizes;
    for (const std::string& part : comma_split(option(o, key, fallback))) sizes.push_back(int(number_parse(key, part)));
    return sizes;
}

// Streams a CSV, a .csv.gz or a zip (Kaggle's digit-recognizer.zip: its CSV of `kind`) through the core's
// readers in 1 MiB chunks.
dl::Dataset csv_load(const std::string& path, dl::CsvKind kind) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) die(path + ": cannot open the file");
    dl::DataFileReader reader(path, kind);
    std::vector<char> chunk(1 << 20);
    size_t n;
    bool ok = true;
    while (ok && (n = std::fread(chunk.data(), 1, chunk.size(), f)) > 0) ok = reader.data_feed({chunk.data(), n});
    std::fclose(f);
    if (!ok || !reader.data_finish()) die(reader.error());
    return std::move(reader.file_of(kind)->data);
}

std::vector<uint8_t> file_read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) die(path + ": cannot open the file");
    return {std::istreambuf_iterator<char>(in), {}};
}

void file_write(const std::string& path, const void* data, size_t size) {
    std::ofstream out(path, std::ios::binary);
    if (!out.write(static_cast<const char*>(data), std::streamsize(size))) die(path + ": cannot write the file");
}

// --model a.dlm,b.dlm,...: the ensemble of those models.
dl::Ensemble ensemble_load(const std::string& paths) {
    std::vector<std::vector<uint8_t>> files;
    for (const std::string& path : comma_split(paths)) files.push_back(file_read(path));
    dl::Ensemble ensemble;
    std::string error;
    if (!dl::ensemble_read(files, ensemble, error)) die(paths + ": " + error);
    return ensemble;
}

dl::Model model_load(const std::string& path) {
    const std::vector<uint8_t> bytes = file_read(path);
    dl::Model model;
    std::string error;
    if (!dl::model_file_read(bytes.data(), bytes.size(), model, error)) die(path + ": " + error);
    return model;
}

// [SECTION] Commands

// A preset (--preset "CNN Conv32 5x5"), or an MLP from --hidden/--activation/--dropout (--arch cnn: the
// Conv32 5x5 CNN); explicit options override the preset's values.
dl::TrainConfig train_config_of(const Options& o) {
    dl::TrainConfig config;
    if (o.count("preset")) {
        const dl::Preset* p = dl::preset_find(o.at("preset"));
        if (!p) die("no preset '" + o.at("preset") + "' (see: digitlab presets)");
        config = p->config;
    } else {
        const std::string arch = option(o, "arch", "mlp"), act = option(o, "activation", "relu");
        if (arch != "mlp" && arch != "cnn") die("--arch is mlp or cnn");
        if (act != "relu" && act != "tanh") die("--activation is relu or tanh");
        const float rate = option_number(o, "dropout", 0.2f);
        config.layers = arch == "cnn" ? dl::cnn_layers(rate)
                                      : dl::mlp_layers(option_sizes(o, "hidden", "256,128"),
                                                       act == "tanh" ? dl::Activation::Tanh : dl::Activation::Relu, rate);
    }
    if (o.count("optimizer")) {
        const std::map<std::string, dl::OptimizerKind> kinds = {{"sgd", dl::OptimizerKind::Sgd},
            {"adam", dl::OptimizerKind::Adam}, {"rmsprop", dl::OptimizerKind::RmsProp},
            {"adadelta", dl::OptimizerKind::Adadelta}};
        if (!kinds.count(o.at("optimizer"))) die("--optimizer is sgd, adam, rmsprop or adadelta");
        config.optimizer = dl::optimizer_defaults(kinds.at(o.at("optimizer")));
    }
    config.optimizer.learning_rate = option_number(o, "lr", config.optimizer.learning_rate);
    config.optimizer.momentum = option_number(o, "momentum", config.optimizer.momentum);
    config.batch_size = int(option_number(o, "batch", config.batch_size));
    config.epochs = int(option_number(o, "epochs", config.epochs));
    config.val_split = option_number(o, "val", config.val_split);
    config.seed = uint64_t(option_number(o, "seed", 1));
    config.threads = int(option_number(o, "threads", 0));
    dl::AugmentConfig& a = config.augment;
    a.rotation = option_number(o, "rotation", a.rotation);
    a.zoom = option_number(o, "zoom", a.zoom);
    a.shift = option_number(o, "shift", a.shift);
    a.elastic = option_number(o, "elastic", a.elastic);
    if (o.count("schedule")) {
        const std::map<std::string, dl::ScheduleKind> kinds = {{"constant", dl::ScheduleKind::Constant},
            {"step", dl::ScheduleKind::StepDecay}, {"exponential", dl::ScheduleKind::Exponential},
            {"plateau", dl::ScheduleKind::ReduceOnPlateau}, {"cosine", dl::ScheduleKind::Cosine},
            {"onecycle", dl::ScheduleKind::OneCycle}};
        if (!kinds.count(o.at("schedule"))) die("--schedule is constant, step, exponential, plateau, cosine or onecycle");
        config.schedule.kind = kinds.at(o.at("schedule"));
    }
    config.early_stopping = int(option_number(o, "early-stop", config.early_stopping));
    config.label_smoothing = option_number(o, "smoothing", config.label_smoothing);
    config.ema_decay = option_number(o, "ema", config.ema_decay);
    return config;
}

// Held-out images with their labels (test.csv and a file of ImageId,Label lines, as tools/make-sample-data
// writes), to follow a training's accuracy on data it never sees; empty without --holdout.
dl::Dataset holdout_load(const Options& o) {
    if (!o.count("holdout")) return {};
    dl::Dataset data = csv_load(o.at("holdout"), dl::CsvKind::Test);
    const std::string path = option(o, "holdout-labels");
    std::ifstream in(path);
    std::string line;
    int line_no = 1;
    if (!std::getline(in, line)) die(path + ": cannot read the file");  // the header
    while (std::getline(in, line) && int(data.labels.size()) < data.rows) {
        ++line_no;
        const size_t comma = line.find(',');
        if (comma == std::string::npos || comma + 1 >= line.size() || line[comma + 1] < '0' || line[comma + 1] > '9')
            die(path + ", line " + std::to_string(line_no) + ": expected ImageId,Label");
        data.labels.push_back(uint8_t(line[comma + 1] - '0'));
    }
    if (int(data.labels.size()) != data.rows)
        die(path + ": " + std::to_string(data.labels.size()) + " labels for " + std::to_string(data.rows) + " images");
    return data;
}

// --teacher a.dlm,b.dlm: that ensemble's probabilities for every training row, which the model trained learns
// from as well as from the labels (distillation): --teacher-weight (0.5) of each row's target is theirs.
struct Teacher {
    dl::Mat probs;
    float weight = 0;
};

Teacher teacher_load(const Options& o, const dl::Dataset& data, const dl::TrainConfig& config) {
    Teacher teacher;
    if (!o.count("teacher")) return teacher;
    teacher.weight = option_number(o, "teacher-weight", 0.5f);
    if (!(teacher.weight > 0 && teacher.weight <= 1)) die("--teacher-weight is in (0, 1]");
    if (config.loss != dl::LossKind::CrossEntropy) die("--teacher needs the cross-entropy loss");
    dl::Ensemble ensemble = ensemble_load(o.at("teacher"));
    dl::ensemble_dataset_probs(ensemble, data, teacher.probs);
    return teacher;
}

// Trains one model of `config` (from the weights of `start`, if given; towards `teacher`'s probabilities too,
// if it has any), written to `path`, printing each epoch (and its held-out accuracy, if any). The seconds
// printed are training time only.
void model_train(const dl::Dataset& data, const dl::TrainConfig& config, const dl::Model* start,
                 const Teacher& teacher, const dl::Dataset& holdout, const std::string& path) {
    dl::Trainer trainer(data, config, nullptr, start);
    if (teacher.weight > 0) trainer.teacher_set(&teacher.probs, teacher.weight);
    std::printf("%s", dl::model_summary(trainer.model()).c_str());
    std::vector<int> holdout_rows(size_t(holdout.rows));
    for (int i = 0; i < holdout.rows; ++i) holdout_rows[size_t(i)] = i;
    double seconds = 0;
    while (!trainer.finished()) {
        trainer.train_batches(1 << 30);  // returns at each epoch's end
        if (trainer.diverged()) die("training diverged (" + trainer.divergence() + "): try a smaller --lr");
        const dl::EpochStats& s = trainer.history().back();
        seconds += s.seconds;
        std::printf("epoch %d/%d  loss %.4f  acc %.4f  val_loss %.4f  val_acc %.4f  %.1fs", s.epoch,
                    config.epochs, s.train_loss, s.train_accuracy, s.validation.loss, s.validation.accuracy,
                    s.seconds);
        if (holdout.rows)
            std::printf("  holdout_acc %.4f  train_s %.1f",
                        dl::model_evaluate(trainer.weights(), holdout, holdout_rows).accuracy, seconds);
        std::printf("\n");
        std::fflush(stdout);
    }
    const std::vector<uint8_t> bytes = dl::model_file_write(trainer.model());
    file_write(path, bytes.data(), bytes.size());
}

// MODEL.dlm -> MODEL-2.dlm: member `index` (1-based) of an ensemble trained in turn.
std::string member_path(const std::string& path, int index) {
    const size_t dot = path.rfind('.');
    const size_t stem = dot == std::string::npos || dot < path.find_last_of('/') + 1 ? path.size() : dot;
    return path.substr(0, stem) + "-" + std::to_string(index) + path.substr(stem);
}

void command_train(const Options& o) {
    const dl::Dataset data = csv_load(option(o, "train"), dl::CsvKind::Train), holdout = holdout_load(o);
    dl::TrainConfig config = train_config_of(o);
    if (std::string e = dl::train_config_check(config, data.rows); !e.empty()) die(e);
    const dl::Preset* preset = o.count("preset") ? dl::preset_find(o.at("preset")) : nullptr;
    const int members = int(option_number(o, "members", preset ? float(preset->members) : 1.f));
    if (members < 1) die("--members takes 1 or more");
    std::optional<dl::Model> start;
    if (o.count("init")) {
        start = model_load(o.at("init"));
        if (std::string e = dl::model_weights_fit(*start, config.layers); !e.empty())
            die(o.at("init") + ": not the layers to train (" + e + "); give the --preset or options it was trained with");
    }
    const dl::Model* from = start ? &*start : nullptr;
    const Teacher teacher = teacher_load(o, data, config);
    // --members asks for that many models of the preset's layers: then none of a recipe's other designs.
    const bool recipe = preset && !o.count("members");
    const std::vector<dl::TrainConfig> configs =
        dl::recipe_configs(config, members, recipe ? preset->more : std::vector<dl::PresetDesign>{});
    if (configs.size() == 1) return model_train(data, config, from, teacher, holdout, option(o, "model"));
    std::string paths;
    for (size_t m = 1; m <= configs.size(); ++m) {
        const dl::TrainConfig& c = configs[m - 1];
        std::printf("model %zu of %zu (seed %llu)\n", m, configs.size(), static_cast<unsigned long long>(c.seed));
        const std::string path = member_path(option(o, "model"), int(m));
        model_train(data, c, int(m) <= members ? from : nullptr, teacher, holdout, path);  // --init: the first design's
        paths += (m > 1 ? "," : "") + path;
    }
    std::printf("predict with the ensemble: digitlab predict --model %s%s --test test.csv --out submission.csv\n",
                paths.c_str(), preset && preset->tta ? " --tta 1" : "");
}

// ImageId and the probability of each digit, one line per image (what tests/onnx compares ONNX runtimes with).
void probabilities_write(dl::Ensemble& ensemble, const dl::Dataset& test, bool tta, const std::string& path) {
    std::string csv = "ImageId,0,1,2,3,4,5,6,7,8,9\n";
    dl::Mat probs;
    dl::ensemble_dataset_probs(ensemble, test, probs, tta);
    char value[32];
    for (int i = 0; i < test.rows; ++i) {
        csv += std::to_string(i + 1);
        for (int c = 0; c < dl::kClasses; ++c) {
            std::snprintf(value, sizeof value, ",%.9g", probs(i, c));
            csv += value;
        }
        csv += '\n';
    }
    file_write(path, csv.data(), csv.size());
}

// Their probabilities averaged when --model names several models.
void command_predict(const Options& o) {
    dl::Ensemble ensemble = ensemble_load(option(o, "model"));
    const dl::Dataset test = csv_load(option(o, "test"), dl::CsvKind::Test);
    std::vector<uint8_t> labels(test.rows);
    dl::ThreadPool pool(int(option_number(o, "threads", 0)));
    std::vector<dl::Ensemble> copies(size_t(pool.size()), ensemble);  // one per thread
    dl::ensemble_predict_labels(copies, test, 0, test.rows, labels.data(), option_number(o, "tta", 0) != 0, &pool);
    const std::string csv = dl::submission_csv(labels);
    file_write(option(o, "out"), csv.data(), csv.size());
    std::printf("wrote %d predictions to %s\n", test.rows, option(o, "out").c_str());
    if (o.count("probabilities"))
        probabilities_write(ensemble, test, option_number(o, "tta", 0) != 0, o.at("probabilities"));
}

// digitlab export --onnx MODELS OUT: positional, unlike the other commands' options.
void command_export(int argc, char** argv) {
    if (argc != 5 || std::string(argv[2]) != "--onnx") die("usage: digitlab export --onnx model.dlm[,more.dlm...] model.onnx");
    const std::vector<uint8_t> bytes = dl::onnx_write(ensemble_load(argv[3]));
    file_write(argv[4], bytes.data(), bytes.size());
    std::printf("wrote %s (ONNX opset %d)\n", argv[4], dl::kOnnxOpset);
}

// Each preset's name and origin, and what it reached when measured.
// The names are padded to the longest one and two spaces, so a name is the text before the first two spaces.
void presets_print() {
    int width = 0;
    for (const dl::Preset& p : dl::presets()) width = std::max(width, int(p.name.size()) + 1);
    for (const dl::Preset& p : dl::presets()) {
        std::printf("%-*s %s\n", width, p.name.c_str(), p.origin.c_str());
        const std::string measured = dl::preset_measured_text(p);
        if (!measured.empty()) std::printf("%-*s %s\n", width, "", measured.c_str());
    }
}

}  // namespace

int main(int argc, char** argv) {
    const std::string command = argc > 1 ? argv[1] : "";
    if (command == "export") {
        command_export(argc, argv);
        return 0;
    }
    Options o;
    for (int i = 2; i < argc; i += 2) {
        const std::string key = argv[i];
        if (key.rfind("--", 0) != 0 || i + 1 >= argc) die("expected --option value, got '" + key + "'");
        o[key.substr(2)] = argv[i + 1];
    }
    if (command == "train") command_train(o);
    else if (command == "predict") command_predict(o);
    else if (command == "presets")
        presets_print();
    else if (command == "summary") std::printf("%s", dl::model_summary(model_load(option(o, "model"))).c_str());
    else die("usage: digitlab train|predict|summary|export --option value ... (see the top of src/cli/main.cpp)");
    return 0;
}
