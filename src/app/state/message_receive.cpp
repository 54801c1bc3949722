#include "message_receive.hpp"

#include "core/profile.hpp"

#include "model_open.hpp"
#include "model_store.hpp"
#include "text_format.hpp"
#include "train_series.hpp"

namespace app {

namespace {

void task_update(Task& task, const dl::ProgressMessage& m) {
    if (!task.active) task.started = dl::seconds_now();
    task.active = true;
    task.file = m.file;
    task.done = m.done;
    task.total = m.total;
}

// Every other point goes, the last one kept, and points come half as often from now on.
void batch_points_halve(Training& t) {
    size_t kept = 0;
    for (size_t i = t.batches.size() % 2 ? 0 : 1; i < t.batches.size(); i += 2) t.batches[kept++] = t.batches[i];
    t.batches.resize(kept);
    t.batch_point_every *= 2;
}

// The live curves get a point per progress message of a training that moved on, or per 2, 4, ... of them.
void batch_point_add(Training& t, const dl::ProgressMessage& m) {
    if (m.batches <= 0 || m.images <= t.images) return;  // nothing new (a pause, or the first message)
    if (++t.batch_point_waited < t.batch_point_every) return;
    t.batch_point_waited = 0;
    BatchPoint p;
    p.epoch = float(m.epoch + double(m.batch) / m.batches);
    p.loss = m.loss_smooth;
    p.accuracy = m.accuracy_smooth;
    p.learning_rate = m.learning_rate;
    p.images_per_second =
        m.seconds > t.point_seconds ? float((m.images - t.point_images) / (m.seconds - t.point_seconds)) : 0.f;
    t.point_images = m.images;
    t.point_seconds = m.seconds;
    t.batches.push_back(p);
    if (t.batches.size() >= kBatchPointsMax) batch_points_halve(t);
}

void progress_receive(AppState& s, const dl::ProgressMessage& m) {
    if (m.task == "parse") {
        task_update(s.parse, m);
        s.status = "Reading " + s.parse.file + "...";
    } else if (m.task == "predict") {
        task_update(s.predict, m);
    } else if (m.task == "train") {
        Training& t = s.training;
        task_update(t.progress, m);
        t.epochs = m.epochs;
        batch_point_add(t, m);  // before images move on: a message that adds none is no point
        t.loss = m.loss;
        t.accuracy = m.accuracy;
        t.images = m.images;
        t.seconds = m.seconds;
        t.paused = m.paused;
    }
}

void dataset_receive(AppState& s, const dl::DatasetMessage& m) {
    const bool train = m.kind == "train";
    DatasetInfo& d = train ? s.train_set : s.test_set;
    d.file = m.file;
    d.rows = m.rows;
    d.images = m.images;
    d.labels = m.labels;
    d.labelled = train;
    d.counts = m.counts;
    d.means = m.means;
    ++d.version;
    s.parse = Task{};
    error_clear(s, "parse");
    if (!train) {  // a submission is for the test set it was made from
        s.submission_csv.clear();
        s.submission_rows = 0;
    }
    s.status = "Loaded " + d.file + " as " + (train ? "training" : "test") + " data: " + count_text(d.rows) +
               " images.";
}

void epoch_receive(AppState& s, const dl::EpochMessage& m) {
    s.training.history.push_back(m.stats);
    if (SessionRun* run = run_running(s)) run->record.history = s.training.history;
}

void model_receive(AppState& s, const dl::ModelMessage& m) {
    std::string problem;
    if (!current_model_set(s, m.model, m.epoch, "", problem))
        error_set(s, "train",
                  "The worker sent a model that cannot be read (" + problem + "); the last one is kept.");
    else
        store_run_model(s, m.model, m.epoch);
}

// The training is over, whatever ended it.
void training_end(AppState& s) {
    s.training.running = false;
    s.training.paused = false;
    s.training.progress.active = false;
    store_run_end(s);
}

void train_done_receive(AppState& s, const dl::TrainDoneMessage& m) {
    const double run_id = s.library.run_saved ? s.library.run_id : 0;  // store_run_end forgets it
    training_end(s);
    const std::string epochs = count_text(m.epochs) + " epoch(s)";
    if (m.reason == "finished")
        s.status = "Training finished: " + epochs + ".";
    else if (m.reason == "stopped")
        s.status = "Training stopped after " + epochs + "; the model keeps the weights trained so far.";
    else if (m.epochs > 0)
        error_set(s, "train", "Training diverged: " + m.detail + ". The model keeps the weights of epoch " +
                                  count_text(m.epochs) + ", the last good ones. Try a smaller learning rate.");
    else
        error_set(s, "train", "Training diverged: " + m.detail + ", before any epoch was complete. " +
                                  (s.model.present ? "The model you had is kept. " : "") +
                                  "Try a smaller learning rate.");
    series_model_done(s, m.reason, run_id, s.model.file);
}

void submission_receive(AppState& s, const dl::SubmissionMessage& m) {
    s.predict = Task{};
    s.submission_csv = m.csv;
    s.submission_rows = m.rows;
    s.submission_members = m.members;
    error_clear(s, "predict");
    s.status = "Predicted " + count_text(s.submission_rows) + " test images" +
               (s.submission_members > 1 ? " with an ensemble of " + std::to_string(s.submission_members) + " models"
                                         : "") +
               "; submission.csv is ready.";
}

void augment_preview_receive(AugmentPreview& p, const dl::AugmentPreviewResultMessage& m) {
    p.count = m.count;
    p.images = m.images;
    if (p.images.size() != size_t(p.count) * 2 * dl::kImageSize) p.count = 0;  // never draw past the bytes
    p.pending = false;
    ++p.version;
}

void error_receive(AppState& s, const dl::ErrorMessage& m) {
    if (m.task == "parse") {
        // The status said which file was being read (a parse that had reported progress); that has ended.
        if (!s.parse.file.empty()) s.status = s.parse.file + " was not loaded.";
        s.parse = Task{};
    }
    if (m.task == "predict") s.predict = Task{};
    if (m.task == "train") {
        if (s.training.running) s.status = "The training failed.";  // it said "Training..."
        training_end(s);
        series_end(s);
    }
    error_set(s, m.task, m.text);
}

}  // namespace

void message_receive(AppState& s, const dl::WorkerReport& report) {
    std::visit(dl::Overloaded{
                   [&](const dl::ReadyMessage&) {
                       s.worker_ready = true;
                       s.status = "Ready. Load data to start.";
                   },
                   [&](const dl::ProgressMessage& m) { progress_receive(s, m); },
                   [&](const dl::DatasetMessage& m) { dataset_receive(s, m); },
                   [&](const dl::EpochMessage& m) { epoch_receive(s, m); },
                   [&](const dl::ModelMessage& m) { model_receive(s, m); },
                   [&](const dl::TrainDoneMessage& m) { train_done_receive(s, m); },
                   [&](const dl::SubmissionMessage& m) { submission_receive(s, m); },
                   [&](const dl::ErrorMessage& m) { error_receive(s, m); },
                   [&](const dl::ValidationMessage& m) { validation_receive(s.training.validation, m); },
                   [&](const dl::BrowseResultMessage& m) { browse_receive(s.explorer, m); },
                   [&](const dl::AugmentPreviewResultMessage& m) { augment_preview_receive(s.augment_preview, m); },
               },
               report);
}

void worker_lost(AppState& s, const std::string& text) {
    s.worker_ready = false;
    s.ui_busy_sent = false;  // a new worker starts with all its threads
    s.train_set = DatasetInfo{};
    s.test_set = DatasetInfo{};
    s.parse = Task{};
    s.predict = Task{};
    s.explorer = Explorer{};  // its requests died with the worker
    s.augment_preview = AugmentPreview{};
    training_end(s);
    series_end(s);
    s.status = "No data is loaded: the training worker was restarted.";  // it may have said "Reading ..."
    error_set(s, "worker", "The training worker crashed (" + text + "); a model too large for the browser's " +
                               "memory does this. It was restarted: load the data again." +
                               (s.model.present ? " The trained model is kept." : ""));
}

}  // namespace app
