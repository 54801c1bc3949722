// The training worker's WASM module: runs inside a Web Worker (web/worker.js) and holds the datasets, trains
// and predicts, so that the page never blocks. Long jobs are cut into slices: worker.js calls worker_step()
// again and again (one macrotask each), and every call works for about kSliceMs, so a `stop` or any other
// message is handled between two slices.
//
// The messages it takes and sends, and what each field means, are the structs of src/protocol/messages.hpp;
// the app (src/app) is the other end, and JavaScript only moves the encoded bytes.
#include <emscripten.h>
#include <emscripten/threading.h>

#include <algorithm>
#include <memory>
#include <string>

#include "core/data_file_reader.hpp"
#include "core/ensemble.hpp"
#include "core/evaluation.hpp"
#include "core/model_file.hpp"
#include "core/submission.hpp"
#include "core/trainer.hpp"
#include "protocol/messages.hpp"

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

// `message` is one of the structs of dl::WorkerReport.
template <class T>
void message_post(const T& message) {
    const std::vector<uint8_t> bytes = dl::message_bytes_write(message);
    js_post_bytes(bytes.data(), bytes.size());
}

void error_post(const char* task, const std::string& text) { message_post(dl::ErrorMessage{task, text}); }

void progress_post(dl::ProgressMessage& m, const char* task, double done, double total) {
    m.task = task;
    m.done = done;
    m.total = total;
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
    dl::DatasetMessage m;
    m.kind = kind == dl::CsvKind::Train ? "train" : "test";
    m.file = file;
    m.rows = data.rows;
    const int shown = std::min(data.rows, kGalleryImages);
    m.images.assign(data.pixels.begin(), data.pixels.begin() + long(shown) * dl::kImageSize);
    if (data.has_labels()) {
        m.labels.assign(data.labels.begin(), data.labels.begin() + shown);
        m.counts = dl::dataset_class_counts(data);
        m.means = dl::dataset_class_means(data);
    }
    message_post(m);
}

void parse_progress_post(Parse& p) {
    p.last_progress = emscripten_get_now();
    dl::ProgressMessage m;
    m.file = p.file;
    progress_post(m, "parse", p.done, p.total);
}

void parse_fail(const std::string& text) {
    error_post("parse", text);
    worker().parse.reset();
}

// [SECTION] Training

void model_post(dl::Trainer& trainer) {
    const std::vector<uint8_t> file = dl::model_file_write(trainer.weights());
    message_post(dl::ModelMessage{trainer.weights_epoch(), std::string(file.begin(), file.end())});
}

// The rows' images and where they are in the file, as dl::ValidationMessage and dl::BrowseResultMessage (`M`)
// carry them.
template <class M>
void rows_put(M& m, const dl::Dataset& data, const std::vector<int>& rows) {
    m.images.reserve(rows.size() * dl::kImageSize);
    for (int r : rows) {
        m.rows.push_back(r);
        m.lines.push_back(dl::dataset_line(data, r));
        m.images.insert(m.images.end(), data.image(r), data.image(r) + dl::kImageSize);
    }
}

// The labels of `rows`, one byte each.
std::vector<uint8_t> labels_of(const dl::Dataset& data, const std::vector<int>& rows) {
    std::vector<uint8_t> labels;
    for (int r : rows) labels.push_back(data.labels[size_t(r)]);
    return labels;
}

// The validation set as the weights of trainer.weights_epoch() predict it (its images with the first).
void validation_post(Training& t) {
    const dl::Trainer& tr = t.trainer;
    const std::vector<int>& rows = tr.validation_rows();
    if (rows.empty() || tr.validation_probs().size() != rows.size() * dl::kClasses) return;
    dl::ValidationMessage m;
    m.epoch = tr.weights_epoch();
    m.labels = labels_of(*t.data, rows);
    m.probs = tr.validation_probs();
    if (!t.validation_images_sent) rows_put(m, *t.data, rows);
    t.validation_images_sent = true;
    message_post(m);
}

void train_progress_post(Training& t) {
    const dl::Trainer& tr = t.trainer;
    dl::ProgressMessage m;
    m.epoch = tr.epoch();
    m.epochs = t.epochs;
    m.batch = tr.batch_in_epoch();
    m.batches = tr.batches_per_epoch();
    m.loss = tr.running_loss();
    m.accuracy = tr.running_accuracy();
    m.loss_smooth = tr.smoothed_loss();
    m.accuracy_smooth = tr.smoothed_accuracy();
    m.learning_rate = tr.learning_rate();
    m.images = double(tr.images_seen());
    m.seconds = ((t.paused ? t.paused_at : emscripten_get_now()) - t.start) / 1000;
    m.paused = t.paused;
    const double per_epoch = tr.batches_per_epoch();
    progress_post(m, "train", tr.epoch() * per_epoch + tr.batch_in_epoch(), t.epochs * per_epoch);
}

// Says why training ended and forgets it. A stop comes mid-epoch, so its weights are sent first; otherwise
// the current weights are those of the last epoch end (a diverged trainer restores them), already sent.
void train_end(const char* reason, bool weights_unsent) {
    Training& t = *worker().training;
    if (weights_unsent) model_post(t.trainer);
    message_post(dl::TrainDoneMessage{reason, t.trainer.epoch(), t.trainer.divergence()});
    worker().training.reset();
}

void train_start(dl::TrainConfig config) {
    Worker& w = worker();
    if (w.training) return error_post("train", "Training is already running.");
    if (!w.train) return error_post("train", "Load train.csv first.");
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
            message_post(dl::EpochMessage{tr.history().back(), t.epochs});
            model_post(tr);
            validation_post(t);
        }
    } while (more && emscripten_get_now() < deadline);
    train_progress_post(t);
    if (!more) train_end(tr.diverged() ? "diverged" : "finished", false);
}

// [SECTION] Prediction

void predict_start(const dl::PredictMessage& m) {
    Worker& w = worker();
    if (!w.test) return error_post("predict", "Load test.csv first.");
    auto p = std::make_unique<Prediction>();
    const std::vector<std::string_view> files(m.models.begin(), m.models.end());
    dl::Ensemble models;
    std::string problem;
    if (!dl::ensemble_read(files, models, problem))
        return error_post("predict", "The model cannot be used: " + problem + ".");
    p->copies.assign(size_t(pool_get().size()), models);
    p->data = w.test;
    p->tta = m.tta;
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
    dl::ProgressMessage m;
    progress_post(m, "predict", p.next, rows);
    if (p.next < rows) return;
    message_post(dl::SubmissionMessage{rows, int(p.copies[0].members.size()), dl::submission_csv(p.labels)});
    worker().prediction.reset();
}

// [SECTION] Browsing the training data

void browse_answer(const dl::BrowseMessage& m) {
    dl::BrowseResultMessage out;
    out.label = m.label;
    out.offset = std::max(0, m.offset);
    if (const DatasetPtr data = worker().train) {
        const dl::DatasetPage page =
            dl::dataset_page(*data, out.label, out.offset, std::clamp(m.count, 0, dl::kBrowseMax));
        out.total = page.total;
        out.labels = labels_of(*data, page.rows);
        rows_put(out, *data, page.rows);
    }
    message_post(out);
}

// [SECTION] Augmentation preview

void augment_preview_answer(const dl::AugmentPreviewMessage& m) {
    dl::AugmentPreviewResultMessage out;
    const DatasetPtr data = worker().train;
    out.count = data ? std::clamp(m.count, 0, std::min(dl::kAugmentPreviewMax, data->rows)) : 0;
    if (out.count > 0) out.images.assign(data->pixels.begin(), data->pixels.begin() + long(out.count) * dl::kImageSize);
    // A new draw each time ("New sample"), unlike training's seeded draws.
    static dl::Rng rng(uint64_t(emscripten_get_now() * 1000));
    float src[dl::kImageSize], dst[dl::kImageSize];
    for (int i = 0; i < out.count; ++i) {
        const uint8_t* image = data->image(i);
        for (int p = 0; p < dl::kImageSize; ++p) src[p] = image[p] / 255.0f;
        dl::augment_image(src, dst, m.config.augment, rng);
        for (int p = 0; p < dl::kImageSize; ++p)
            out.images.push_back(uint8_t(std::clamp(dst[p], 0.0f, 1.0f) * 255.0f + 0.5f));
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

EMSCRIPTEN_KEEPALIVE void worker_start() { message_post(dl::ReadyMessage{}); }

// One encoded dl::WorkerRequest from the app. Returns whether worker_step() has work to do.
EMSCRIPTEN_KEEPALIVE int worker_on_message(const uint8_t* data, size_t size) {
    dl::WorkerRequest request;
    if (!dl::message_bytes_read(data, size, request)) {
        error_post("train", "Internal error: the worker received a message it cannot read.");
        return worker_busy();
    }
    std::visit(dl::Overloaded{
                   [](const dl::TrainMessage& t) { train_start(t.config); },
                   [](const dl::StopMessage&) {
                       if (worker().training) train_end("stopped", true);
                   },
                   [](const dl::PauseMessage&) { train_pause(true); },
                   [](const dl::ResumeMessage&) { train_pause(false); },
                   [](const dl::PredictMessage& p) { predict_start(p); },
                   [](const dl::BrowseMessage& b) { browse_answer(b); },
                   [](const dl::AugmentPreviewMessage& a) { augment_preview_answer(a); },
                   [](const dl::UiBusyMessage& u) { worker().ui_busy = u.busy; },
               },
               request);
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
