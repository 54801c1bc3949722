// The training worker's WASM module: runs inside a Web Worker (web/worker.js) and holds the datasets, trains
// and predicts, so that the page never blocks. Long jobs are cut into slices: worker.js calls worker_step()
// again and again (one macrotask each), and every call works for about kSliceMs, so a `stop` or any other
// message is handled between two slices.
//
// [SECTION] Protocol
// Every message is a dl::Message (src/protocol/message.hpp); keys below are numbers unless marked (string).
// The app (src/app) is the other end; JavaScript only moves the encoded bytes.
//
// Worker -> app
//   ready       {}                                       the module is up and takes messages
//   progress    {task (string): "parse" | "train" | "predict", done, total}
//               parse:   + file (string); done/total in bytes (total 0 when unknown)
//               train:   done/total in batches over all epochs, + epoch (completed), epochs, batch (in epoch),
//                        batches (per epoch), loss, acc (running means of the epoch so far),
//                        images (seen), seconds (of training since it started, pauses left out): the app
//                        derives images/s and ETA; paused (1 while paused: sent when pausing too);
//                        loss_smooth, acc_smooth (over the last ~10 batches), lr (the learning rate now)
//               predict: done/total in rows
//   dataset     {kind (string): "train" | "test", file (string), rows, count0..count9 (train only),
//                images (string): the first <= 24 images, 784 bytes each, labels (string): one byte each
//                (train only), means (string): train only, the mean image of each class 0-9, 784 bytes each}
//   epoch       {epoch, epochs, train_loss, train_acc, val_loss, val_acc, val_count, seconds, lr}
//   model       {epoch (whose end-of-epoch weights these are), model (string): a model file, see
//               src/core/model_file.hpp}
//               sent at each epoch end (after the last, with keep_best, the best epoch's weights), and when
//               training is stopped (the weights of that moment); a diverged training's last weights are
//               those of its last epoch end, already sent
//   validation  {epoch (whose weights), count (images), labels (string): one byte per validation image,
//               probs (string): the weights' predicted probabilities, 10 float32 per image}
//               after each epoch's model message (so after the last, with keep_best, the best epoch's); the
//               first of a training adds rows (string): each image's row in train.csv (0-based, int32),
//               lines (string): its line in the file (int32), images (string): 784 bytes each. None when
//               the validation split is 0; a stopped training's last weights have none.
//   browse_result {label, offset, total (rows with that label), rows (string): int32 each (0-based),
//               lines (string): int32 each, labels (string): one byte each, images (string): 784 bytes each}
//               the answer to a browse
//   train_done  {reason (string): "finished" | "stopped" | "diverged", epochs (completed),
//               detail (string): for "diverged", what was seen (dl::Trainer::divergence)}
//   submission  {rows, members (the models whose probabilities were averaged: 1, or an ensemble's size),
//               csv (string): Kaggle's submission file}
//   augment_preview_result {count, images (string): the first `count` images of train.csv, then each of them
//               augmented (dl::augment_image, a fresh random draw every time), 784 bytes each}
//               the answer to an augment_preview; count 0 before train.csv is loaded
//   error       {task (string): "parse" | "train" | "predict", text (string)}; the job of that task is over,
//               nothing that was loaded or trained before is replaced
//
// App -> worker
//   train       {config (string): a TrainConfig, dl::train_config_write}
//   stop        {}  ends training now (paused or not); the weights so far are sent as a model
//   pause       {}  holds training after the current batch; a progress message with paused 1 confirms it
//   resume      {}  goes on from where it was paused
//   predict     {members (1 when absent), model0, model1, ... (string): the model files to use, one per
//               member of the ensemble whose probabilities are averaged (dl::ensemble_predict); tta (1:
//               test-time augmentation, each member's probabilities averaged over small fixed shifts and
//               rotations, dl::model_predict_tta)}  labels the test set, answers with a submission
//   augment_preview {config (string): a TrainConfig (its augment part is used),
//               count (<= dl::kAugmentPreviewMax)}  answered at once with an augment_preview_result
//   browse      {label (-1: any), offset, count (<= dl::kBrowseMax)}  rows of train.csv with that label,
//               skipping the first `offset` of them; answered at once (between two slices of a running job)
//   ui_busy     {busy: 1 | 0}  while 1, the page needs a core of its own (the user draws on the pad, and every
//               frame draws and predicts): training runs on one thread fewer, with the same results
//
// Files do not come as messages: worker.js reads them and feeds the bytes through worker_csv_*(). A file may
// also be a .csv.gz or a zip of CSVs (Kaggle's digit-recognizer.zip): each CSV in it becomes a dataset.
#include <emscripten.h>
#include <emscripten/threading.h>

#include <algorithm>
#include <memory>
#include <string>

#include "core/bytes.hpp"
#include "core/data_file_reader.hpp"
#include "core/ensemble.hpp"
#include "core/evaluation.hpp"
#include "core/model_file.hpp"
#include "core/submission.hpp"
#include "core/trainer.hpp"
#include "protocol/message.hpp"

namespace {

constexpr double kSliceMs = 50;            // work per worker_step(): short enough to stop within a second
constexpr double kProgressMs = 100;        // at most this often a progress message while parsing
constexpr double kMaxFileBytes = 1 << 30;  // 1 GiB: Kaggle's train.csv is 73 MB
constexpr int kGalleryImages = 24;
constexpr int kPredictChunk = 32;          // rows between deadline checks: small enough for a CNN

// [SECTION] Sending

// Copies the bytes out of the WASM heap and posts them to the page (this C++ runs on the worker's own
// thread, so postMessage is the worker's).
EM_JS(void, js_post_bytes, (const uint8_t* data, size_t size), {
    const bytes = HEAPU8.slice(data, data + size);
    postMessage(bytes.buffer, [bytes.buffer]);
});

void message_post(const dl::Message& message) {
    const std::vector<uint8_t> bytes = dl::message_encode(message);
    js_post_bytes(bytes.data(), bytes.size());
}

void error_post(const char* task, const std::string& text) {
    dl::Message m{"error", {}, {}};
    m.strings["task"] = task;
    m.strings["text"] = text;
    message_post(m);
}

void progress_post(dl::Message& m, const char* task, double done, double total) {
    m.type = "progress";
    m.strings["task"] = task;
    m.numbers["done"] = done;
    m.numbers["total"] = total;
    message_post(m);
}

// [SECTION] State

// A finished dataset is shared: a training or prediction keeps the one it started with alive, so a file
// loaded meanwhile replaces it for the next job without pulling it from under the running one.
using DatasetPtr = std::shared_ptr<const dl::Dataset>;

struct Parse {
    dl::DataFileReader reader;
    std::string file;
    double total = 0, done = 0;
    double last_progress = 0;
};

struct Training {
    DatasetPtr data;  // declared before the trainer, which refers to it
    dl::Trainer trainer;
    int epochs = 0;
    double start = 0;        // emscripten_get_now() at the start, moved forward by each pause's length
    bool paused = false;
    double paused_at = 0;
    bool validation_images_sent = false;
    Training(DatasetPtr d, const dl::TrainConfig& config, dl::ThreadPool& pool)
        : data(std::move(d)), trainer(*data, config, &pool), epochs(config.epochs), start(emscripten_get_now()) {}
};

struct Prediction {
    DatasetPtr data;
    std::vector<dl::Ensemble> copies;  // the models in use (one member for a single model), once per thread
    std::vector<uint8_t> labels;
    int next = 0;
    bool tta = false;
};

struct Worker {
    // The threads of the training and of the prediction, which take turns on this thread (see pool_get()).
    // Declared first, so that it is destroyed last.
    std::unique_ptr<dl::ThreadPool> pool;
    DatasetPtr train, test;
    std::unique_ptr<Parse> parse;
    std::unique_ptr<Training> training;
    std::unique_ptr<Prediction> prediction;
    bool ui_busy = false;
};

Worker& worker() {
    static Worker w;
    return w;
}

// One thread per core. The module has a pthread pool of one Web Worker per core but the caller's (see
// CMakeLists.txt), all lent to this one pool: a thread more would wait forever for a Web Worker that can
// only start after this call returns. The single-thread build (a page without cross-origin isolation)
// starts no threads.
dl::ThreadPool& pool_get() {
    Worker& w = worker();
#ifdef __EMSCRIPTEN_PTHREADS__
    if (!w.pool) w.pool = std::make_unique<dl::ThreadPool>(std::max(1, emscripten_num_logical_cores()));
#else
    if (!w.pool) w.pool = std::make_unique<dl::ThreadPool>(1);
#endif
    return *w.pool;
}

// How many of a job's `threads` may run now: while the page draws a stroke (ui_busy), one fewer, lent to it.
int threads_lent(int threads) { return worker().ui_busy && threads > 1 ? threads - 1 : threads; }

// [SECTION] Datasets

void dataset_post(const dl::Dataset& data, dl::CsvKind kind, const std::string& file) {
    dl::Message m{"dataset", {}, {}};
    m.strings["kind"] = kind == dl::CsvKind::Train ? "train" : "test";
    m.strings["file"] = file;
    m.numbers["rows"] = data.rows;
    const int shown = std::min(data.rows, kGalleryImages);
    m.strings["images"].assign((const char*)data.pixels.data(), size_t(shown) * dl::kImageSize);
    if (data.has_labels()) {
        m.strings["labels"].assign((const char*)data.labels.data(), size_t(shown));
        const auto counts = dl::dataset_class_counts(data);
        for (int c = 0; c < dl::kClasses; ++c) m.numbers["count" + std::to_string(c)] = counts[c];
        dl::message_array_set(m, "means", dl::dataset_class_means(data));
    }
    message_post(m);
}

void parse_progress_post(Parse& p) {
    p.last_progress = emscripten_get_now();
    dl::Message m;
    m.strings["file"] = p.file;
    progress_post(m, "parse", p.done, p.total);
}

void parse_fail(const std::string& text) {
    error_post("parse", text);
    worker().parse.reset();
}

// [SECTION] Training

void model_post(dl::Trainer& trainer) {
    dl::Message m{"model", {}, {}};
    m.numbers["epoch"] = trainer.weights_epoch();
    const std::vector<uint8_t> file = dl::model_file_write(trainer.model());
    m.strings["model"].assign((const char*)file.data(), file.size());
    message_post(m);
}

// The rows' images and where they are in the file, as the validation and browse_result messages carry them.
void rows_put(dl::Message& m, const dl::Dataset& data, const std::vector<int>& rows) {
    std::vector<int32_t> lines;
    std::string& images = m.strings["images"];
    images.reserve(rows.size() * dl::kImageSize);
    for (int r : rows) {
        lines.push_back(dl::dataset_line(data, r));
        images.append((const char*)data.image(r), dl::kImageSize);
    }
    dl::message_array_set(m, "rows", std::vector<int32_t>(rows.begin(), rows.end()));
    dl::message_array_set(m, "lines", lines);
}

// The validation set as the weights of trainer.weights_epoch() predict it (see the protocol above).
void validation_post(Training& t) {
    const dl::Trainer& tr = t.trainer;
    const std::vector<int>& rows = tr.validation_rows();
    if (rows.empty() || tr.validation_probs().size() != rows.size() * dl::kClasses) return;
    dl::Message m{"validation", {}, {}};
    m.numbers["epoch"] = tr.weights_epoch();
    m.numbers["count"] = double(rows.size());
    std::string& labels = m.strings["labels"];
    for (int r : rows) labels += char(t.data->labels[size_t(r)]);
    dl::message_array_set(m, "probs", tr.validation_probs());
    if (!t.validation_images_sent) rows_put(m, *t.data, rows);
    t.validation_images_sent = true;
    message_post(m);
}

void epoch_post(const dl::EpochStats& s, int epochs) {
    dl::Message m{"epoch", {}, {}};
    dl::epoch_stats_fields(s, [&](const char* key, auto v) { m.numbers[key] = double(v); });
    m.numbers["epochs"] = epochs;
    message_post(m);
}

void train_progress_post(Training& t) {
    const dl::Trainer& tr = t.trainer;
    dl::Message m;
    m.numbers["epoch"] = tr.epoch();
    m.numbers["epochs"] = t.epochs;
    m.numbers["batch"] = tr.batch_in_epoch();
    m.numbers["batches"] = tr.batches_per_epoch();
    m.numbers["loss"] = tr.running_loss();
    m.numbers["acc"] = tr.running_accuracy();
    m.numbers["loss_smooth"] = tr.smoothed_loss();
    m.numbers["acc_smooth"] = tr.smoothed_accuracy();
    m.numbers["lr"] = tr.learning_rate();
    m.numbers["images"] = double(tr.images_seen());
    m.numbers["seconds"] = ((t.paused ? t.paused_at : emscripten_get_now()) - t.start) / 1000;
    m.numbers["paused"] = t.paused;
    const double per_epoch = tr.batches_per_epoch();
    progress_post(m, "train", tr.epoch() * per_epoch + tr.batch_in_epoch(), t.epochs * per_epoch);
}

// Says why training ended and forgets it. A stop comes mid-epoch, so its weights are sent first; otherwise
// the current weights are those of the last epoch end (a diverged trainer restores them), already sent.
void train_end(const char* reason, bool weights_unsent) {
    Training& t = *worker().training;
    if (weights_unsent) model_post(t.trainer);
    dl::Message m{"train_done", {}, {}};
    m.strings["reason"] = reason;
    m.strings["detail"] = t.trainer.divergence();
    m.numbers["epochs"] = t.trainer.epoch();
    message_post(m);
    worker().training.reset();
}

void train_start(const dl::Message& m) {
    Worker& w = worker();
    if (w.training) return error_post("train", "Training is already running.");
    if (!w.train) return error_post("train", "Load train.csv first.");
    const std::string& bytes = m.string("config");
    dl::ByteReader r((const uint8_t*)bytes.data(), bytes.size());
    dl::TrainConfig config;
    if (!dl::train_config_read(r, config))
        return error_post("train", "Internal error: unreadable training settings.");
    dl::ThreadPool& pool = pool_get();
    config.threads = std::clamp(config.threads < 1 ? pool.size() : config.threads, 1, pool.size());
    const std::string problem = dl::train_config_check(config, w.train->rows);
    if (!problem.empty()) return error_post("train", problem);
    w.training = std::make_unique<Training>(w.train, config, pool);
}

// Trains until the deadline, reporting each finished epoch (stats, then its weights) as it happens.
void train_slice(double deadline) {
    Training& t = *worker().training;
    dl::Trainer& tr = t.trainer;
    tr.threads_limit(threads_lent(tr.threads()));
    bool more = true;
    do {
        const size_t reported = tr.history().size();
        more = tr.train_batches(1);
        if (tr.history().size() > reported) {
            epoch_post(tr.history().back(), t.epochs);
            model_post(tr);
            validation_post(t);
        }
    } while (more && emscripten_get_now() < deadline);
    train_progress_post(t);
    if (!more) train_end(tr.diverged() ? "diverged" : "finished", false);
}

// [SECTION] Prediction

void predict_start(const dl::Message& m) {
    Worker& w = worker();
    if (!w.test) return error_post("predict", "Load test.csv first.");
    auto p = std::make_unique<Prediction>();
    std::vector<std::string_view> files;
    for (int i = 0; i < int(m.number("members", 1)); ++i) files.push_back(m.string("model" + std::to_string(i)));
    dl::Ensemble models;
    std::string problem;
    if (!dl::ensemble_read(files, models, problem))
        return error_post("predict", "The model cannot be used: " + problem + ".");
    p->copies.assign(size_t(pool_get().size()), models);
    p->data = w.test;
    p->tta = m.number("tta") != 0;
    p->labels.resize(size_t(p->data->rows));
    w.prediction = std::move(p);
}

void predict_slice(double deadline) {
    Prediction& p = *worker().prediction;
    const int rows = p.data->rows;
    dl::ThreadPool& pool = pool_get();
    const int threads = threads_lent(pool.size());
    do {  // a batch of kPredictChunk rows per thread
        const int end = std::min(rows, p.next + kPredictChunk * threads);
        dl::ensemble_predict_labels(p.copies, *p.data, p.next, end, p.labels.data(), p.tta, &pool, threads,
                                    kPredictChunk);
        p.next = end;
    } while (p.next < rows && emscripten_get_now() < deadline);
    dl::Message m;
    progress_post(m, "predict", p.next, rows);
    if (p.next < rows) return;
    dl::Message done{"submission", {}, {}};
    done.numbers["rows"] = rows;
    done.numbers["members"] = double(p.copies[0].members.size());
    done.strings["csv"] = dl::submission_csv(p.labels);
    message_post(done);
    worker().prediction.reset();
}

// [SECTION] Browsing the training data

void browse_answer(const dl::Message& m) {
    dl::Message out{"browse_result", {}, {}};
    const int label = int(m.number("label", -1)), offset = std::max(0, int(m.number("offset")));
    out.numbers["label"] = label;
    out.numbers["offset"] = offset;
    if (const DatasetPtr data = worker().train) {
        const int count = std::clamp(int(m.number("count")), 0, dl::kBrowseMax);
        const dl::DatasetPage page = dl::dataset_page(*data, label, offset, count);
        out.numbers["total"] = page.total;
        std::string& labels = out.strings["labels"];
        for (int r : page.rows) labels += char(data->labels[size_t(r)]);
        rows_put(out, *data, page.rows);
    }
    message_post(out);
}

// [SECTION] Augmentation preview

void augment_preview_answer(const dl::Message& m) {
    dl::Message out{"augment_preview_result", {}, {}};
    const DatasetPtr data = worker().train;
    const std::string& bytes = m.string("config");
    dl::ByteReader r((const uint8_t*)bytes.data(), bytes.size());
    dl::TrainConfig config;
    const int count = data && dl::train_config_read(r, config)
                          ? std::clamp(int(m.number("count")), 0, std::min(dl::kAugmentPreviewMax, data->rows))
                          : 0;
    out.numbers["count"] = count;
    std::string& images = out.strings["images"];
    if (count > 0) images.assign((const char*)data->pixels.data(), size_t(count) * dl::kImageSize);
    // A new draw each time ("New sample"), unlike training's seeded draws.
    static dl::Rng rng(uint64_t(emscripten_get_now() * 1000));
    float src[dl::kImageSize], dst[dl::kImageSize];
    for (int i = 0; i < count; ++i) {
        const uint8_t* image = data->image(i);
        for (int p = 0; p < dl::kImageSize; ++p) src[p] = image[p] / 255.0f;
        dl::augment_image(src, dst, config.augment, rng);
        for (int p = 0; p < dl::kImageSize; ++p) images += char(uint8_t(std::clamp(dst[p], 0.0f, 1.0f) * 255.0f + 0.5f));
    }
    message_post(out);
}

// Pausing only stops the slices: the trainer keeps its place in the epoch, so resuming is exact.
void train_pause(bool pause) {
    Training* t = worker().training.get();
    if (!t || t->paused == pause) return;
    const double now = emscripten_get_now();
    if (pause) {
        t->paused_at = now;
    } else {
        t->start += now - t->paused_at;
        t->trainer.clock_skip((now - t->paused_at) / 1000);
    }
    t->paused = pause;
    train_progress_post(*t);
}

bool training_active() { return worker().training && !worker().training->paused; }

bool worker_busy() { return training_active() || worker().prediction; }

}  // namespace

// [SECTION] Exports (called by web/worker.js)

extern "C" {

EMSCRIPTEN_KEEPALIVE void worker_start() { message_post(dl::Message{"ready", {}, {}}); }

// One encoded dl::Message from the app. Returns whether worker_step() has work to do.
EMSCRIPTEN_KEEPALIVE int worker_on_message(const uint8_t* data, size_t size) {
    dl::Message m;
    if (!dl::message_decode(data, size, m)) {
        error_post("train", "Internal error: the worker received a message it cannot read.");
    } else if (m.type == "train") {
        train_start(m);
    } else if (m.type == "stop") {
        if (worker().training) train_end("stopped", true);
    } else if (m.type == "pause" || m.type == "resume") {
        train_pause(m.type == "pause");
    } else if (m.type == "predict") {
        predict_start(m);
    } else if (m.type == "browse") {
        browse_answer(m);
    } else if (m.type == "augment_preview") {
        augment_preview_answer(m);
    } else if (m.type == "ui_busy") {
        worker().ui_busy = m.number("busy") != 0;
    }
    return worker_busy();
}

// Works for about kSliceMs on the running prediction and training. Returns whether there is more to do.
EMSCRIPTEN_KEEPALIVE int worker_step() {
    const double deadline = emscripten_get_now() + kSliceMs;
    if (worker().prediction) predict_slice(deadline);
    if (training_active()) train_slice(deadline);
    return worker_busy();
}

// Starts reading a CSV file of `size` bytes (0 if unknown); kind 0 = train, 1 = test, 2 = decided by its header.
// Returns 0 (after sending an error) if the file is refused.
EMSCRIPTEN_KEEPALIVE int worker_csv_begin(int kind, const char* name, size_t name_size, double size) {
    const std::string file(name, name_size);
    if (size > kMaxFileBytes) {
        error_post("parse", file + ": the file is " + std::to_string(int(size / (1 << 20))) +
                                " MiB; files up to 1 GiB (1024 MiB) can be opened.");
        return 0;
    }
    const dl::CsvKind kinds[] = {dl::CsvKind::Train, dl::CsvKind::Test, dl::CsvKind::Auto};
    worker().parse.reset(new Parse{dl::DataFileReader(file, kinds[std::clamp(kind, 0, 2)]), file, size});
    parse_progress_post(*worker().parse);
    return 1;
}

// The next bytes of the file. Returns 0 once the file is known to be bad (the error has been sent).
EMSCRIPTEN_KEEPALIVE int worker_csv_feed(const char* data, size_t size) {
    Parse* p = worker().parse.get();
    if (!p) return 0;
    if (!p->reader.data_feed(std::string_view(data, size))) {
        parse_fail(p->reader.error());
        return 0;
    }
    p->done += double(size);
    if (emscripten_get_now() - p->last_progress >= kProgressMs) parse_progress_post(*p);
    return 1;
}

// The end of the file: on success each dataset read (an archive's train.csv and test.csv) replaces the one
// of its kind and is announced.
EMSCRIPTEN_KEEPALIVE void worker_csv_finish() {
    Parse* p = worker().parse.get();
    if (!p) return;
    if (!p->reader.data_finish()) return parse_fail(p->reader.error());
    for (dl::DataFile& f : p->reader.files()) {
        auto data = std::make_shared<const dl::Dataset>(std::move(f.data));
        (f.kind == dl::CsvKind::Train ? worker().train : worker().test) = data;
        dataset_post(*data, f.kind, f.name == p->file ? f.name : p->file + ": " + f.name);
    }
    worker().parse.reset();
}

// The file could not be read (network or file system error): `text` says why.
EMSCRIPTEN_KEEPALIVE void worker_csv_abort(const char* text, size_t size) {
    parse_fail(std::string(text, size));
}

}  // extern "C"
