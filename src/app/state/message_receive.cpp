#include "message_receive.hpp"

#include "core/profile.hpp"

#include "model_open.hpp"
#include "model_store.hpp"
#include "text_format.hpp"
#include "train_series.hpp"

namespace app {

namespace {

void task_update(Task& task, const dl::Message& m) {
    if (!task.active) task.started = dl::seconds_now();
    task.active = true;
    task.file = m.string("file");
    task.done = m.number("done");
    task.total = m.number("total");
}

// The live curves get a point per progress message of a training that moved on.
void batch_point_add(Training& t, const dl::Message& m) {
    const double images = m.number("images"), seconds = m.number("seconds");
    const double batches = m.number("batches");
    if (batches <= 0 || images <= t.images) return;  // nothing new (a pause, or the first message)
    BatchPoint p;
    p.epoch = float(m.number("epoch") + m.number("batch") / batches);
    p.loss = float(m.number("loss_smooth"));
    p.accuracy = float(m.number("acc_smooth"));
    p.learning_rate = float(m.number("lr"));
    p.images_per_second = seconds > t.seconds ? float((images - t.images) / (seconds - t.seconds)) : 0.f;
    t.batches.push_back(p);
}

void progress_receive(AppState& s, const dl::Message& m) {
    const std::string& task = m.string("task");
    if (task == "parse") {
        task_update(s.parse, m);
        s.status = "Reading " + s.parse.file + "...";
    } else if (task == "predict") {
        task_update(s.predict, m);
    } else if (task == "train") {
        Training& t = s.training;
        task_update(t.progress, m);
        t.epochs = int(m.number("epochs"));
        batch_point_add(t, m);  // before images and seconds move on: it measures the speed since the last
        t.loss = float(m.number("loss"));
        t.accuracy = float(m.number("acc"));
        t.images = m.number("images");
        t.seconds = m.number("seconds");
        t.paused = m.number("paused") != 0;
    }
}

void dataset_receive(AppState& s, const dl::Message& m) {
    const bool train = m.string("kind") == "train";
    DatasetInfo& d = train ? s.train_set : s.test_set;
    d.file = m.string("file");
    d.rows = int(m.number("rows"));
    const std::string& images = m.string("images");
    const std::string& labels = m.string("labels");
    d.images.assign(images.begin(), images.end());
    d.labels.assign(labels.begin(), labels.end());
    d.labelled = train;
    for (int c = 0; c < dl::kClasses; ++c) d.counts[c] = int(m.number("count" + std::to_string(c)));
    const std::string& means = m.string("means");
    d.means.assign(means.begin(), means.end());
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

void epoch_receive(AppState& s, const dl::Message& m) {
    dl::EpochStats e;
    dl::epoch_stats_fields(e, [&](const char* key, auto& v) { v = decltype(+v)(m.number(key)); });
    s.training.history.push_back(e);
    if (SessionRun* run = run_running(s)) run->record.history = s.training.history;
}

void model_receive(AppState& s, const dl::Message& m) {
    std::string problem;
    const int epoch = int(m.number("epoch"));
    if (!current_model_set(s, m.string("model"), epoch, "", problem))
        error_set(s, "train",
                  "The worker sent a model that cannot be read (" + problem + "); the last one is kept.");
    else
        store_run_model(s, m.string("model"), epoch);
}

// The training is over, whatever ended it.
void training_end(AppState& s) {
    s.training.running = false;
    s.training.paused = false;
    s.training.progress.active = false;
    store_run_end(s);
}

void train_done_receive(AppState& s, const dl::Message& m) {
    const double run_id = s.library.run_saved ? s.library.run_id : 0;  // store_run_end forgets it
    training_end(s);
    const std::string& reason = m.string("reason");
    const std::string epochs = count_text(m.number("epochs")) + " epoch(s)";
    if (reason == "finished")
        s.status = "Training finished: " + epochs + ".";
    else if (reason == "stopped")
        s.status = "Training stopped after " + epochs + "; the model keeps the weights trained so far.";
    else if (m.number("epochs") > 0)
        error_set(s, "train", "Training diverged: " + m.string("detail") + ". The model keeps the weights of epoch " +
                                  count_text(m.number("epochs")) + ", the last good ones. Try a smaller learning rate.");
    else
        error_set(s, "train", "Training diverged: " + m.string("detail") + ", before any epoch was complete. " +
                                  (s.model.present ? "The model you had is kept. " : "") +
                                  "Try a smaller learning rate.");
    series_model_done(s, reason, run_id, s.model.file);
}

void submission_receive(AppState& s, const dl::Message& m) {
    s.predict = Task{};
    s.submission_csv = m.string("csv");
    s.submission_rows = int(m.number("rows"));
    s.submission_members = int(m.number("members", 1));
    error_clear(s, "predict");
    s.status = "Predicted " + count_text(s.submission_rows) + " test images" +
               (s.submission_members > 1 ? " with an ensemble of " + std::to_string(s.submission_members) + " models"
                                         : "") +
               "; submission.csv is ready.";
}

void augment_preview_receive(AugmentPreview& p, const dl::Message& m) {
    const std::string& images = m.string("images");
    p.count = int(m.number("count"));
    p.images.assign(images.begin(), images.end());
    if (p.images.size() != size_t(p.count) * 2 * dl::kImageSize) p.count = 0;  // never draw past the bytes
    p.pending = false;
    ++p.version;
}

void error_receive(AppState& s, const dl::Message& m) {
    const std::string& task = m.string("task");
    if (task == "parse") {
        // The status said which file was being read (a parse that had reported progress); that has ended.
        if (!s.parse.file.empty()) s.status = s.parse.file + " was not loaded.";
        s.parse = Task{};
    }
    if (task == "predict") s.predict = Task{};
    if (task == "train") {
        if (s.training.running) s.status = "The training failed.";  // it said "Training..."
        training_end(s);
        series_end(s);
    }
    error_set(s, task, m.string("text"));
}

}  // namespace

void message_receive(AppState& s, const dl::Message& m) {
    if (m.type == "ready") {
        s.worker_ready = true;
        s.status = "Ready. Load data to start.";
    } else if (m.type == "progress") {
        progress_receive(s, m);
    } else if (m.type == "dataset") {
        dataset_receive(s, m);
    } else if (m.type == "epoch") {
        epoch_receive(s, m);
    } else if (m.type == "model") {
        model_receive(s, m);
    } else if (m.type == "train_done") {
        train_done_receive(s, m);
    } else if (m.type == "submission") {
        submission_receive(s, m);
    } else if (m.type == "error") {
        error_receive(s, m);
    } else if (m.type == "validation") {
        validation_receive(s.training.validation, m);
    } else if (m.type == "browse_result") {
        browse_receive(s.explorer, m);
    } else if (m.type == "augment_preview_result") {
        augment_preview_receive(s.augment_preview, m);
    }
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
