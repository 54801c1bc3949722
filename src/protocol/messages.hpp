// The protocol between the page (src/app) and the training worker (src/worker): one struct per message, what
// each field means, and under which key it travels (its fields(), see message.hpp). Both ends are always
// built together, so a change here needs no care for older builds.
//
// Files do not come as messages: web/worker.js reads them and feeds the bytes to the worker's worker_csv_*()
// (src/worker/worker_main.cpp). A file may also be a .csv.gz or a zip of CSVs (Kaggle's digit-recognizer.zip):
// each CSV in it becomes a dataset.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "core/epoch_stats.hpp"
#include "core/train_config.hpp"
#include "message.hpp"

namespace dl {

// A message with no fields.
struct NoFields {
    template <class Self, class Field>
    static void fields(Self&, Field&&) {}
};

// [SECTION] Worker -> app

// The module is up and takes messages.
struct ReadyMessage : NoFields {
    static constexpr const char* kType = "ready";
};

// How far a job is, after each slice of its work; a training's also when it pauses.
struct ProgressMessage {
    static constexpr const char* kType = "progress";
    std::string task;  // "parse", "train" or "predict"
    // parse: in bytes (total 0 when unknown); train: in batches over all epochs; predict: in rows
    double done = 0, total = 0;
    std::string file;  // parse: the file being read
    // The rest is a training's (the app derives images/s and the ETA from images and seconds).
    int epoch = 0;                   // completed epochs
    int epochs = 0;                  // asked for
    int batch = 0, batches = 0;      // the batch in the epoch, of `batches` per epoch
    float loss = 0, accuracy = 0;    // running means of the epoch so far
    float loss_smooth = 0, accuracy_smooth = 0;  // over the last ~10 batches
    float learning_rate = 0;         // now
    double images = 0;               // seen since the start
    double seconds = 0;              // of training since the start, pauses left out
    bool paused = false;

    template <class Self, class Field>
    static void fields(Self& m, Field&& field) {
        field("task", m.task);
        field("done", m.done);
        field("total", m.total);
        field("file", m.file);
        field("epoch", m.epoch);
        field("epochs", m.epochs);
        field("batch", m.batch);
        field("batches", m.batches);
        field("loss", m.loss);
        field("acc", m.accuracy);
        field("loss_smooth", m.loss_smooth);
        field("acc_smooth", m.accuracy_smooth);
        field("lr", m.learning_rate);
        field("images", m.images);
        field("seconds", m.seconds);
        field("paused", m.paused);
    }
};

// A CSV file was read; it replaces the dataset of its kind.
struct DatasetMessage {
    static constexpr const char* kType = "dataset";
    std::string kind;  // "train" or "test"
    std::string file;  // its name ("digit-recognizer.zip: train.csv" for an archive's)
    int rows = 0;
    std::vector<uint8_t> images;  // the first few images (at most 24), 784 bytes each
    // train.csv's only (empty, or zeros, for test.csv):
    std::vector<uint8_t> labels;           // one byte per image above
    std::array<int, kClasses> counts{};    // the rows of each digit
    std::vector<uint8_t> means;            // the mean image of each digit 0-9, 784 bytes each

    template <class Self, class Field>
    static void fields(Self& m, Field&& field) {
        field("kind", m.kind);
        field("file", m.file);
        field("rows", m.rows);
        field("images", m.images);
        field("labels", m.labels);
        field("counts", m.counts);
        field("means", m.means);
    }
};

// A training's epoch has ended (its model message follows). The stats' keys are epoch_stats_fields' names.
struct EpochMessage {
    static constexpr const char* kType = "epoch";
    EpochStats stats;
    int epochs = 0;  // asked for

    template <class Self, class Field>
    static void fields(Self& m, Field&& field) {
        epoch_stats_fields(m.stats, field);
        field("epochs", m.epochs);
    }
};

// A training's weights: at each epoch's end (after the last, with keep_best, the best epoch's), and when the
// training is stopped (the weights of that moment). A diverged training's last weights are those of its
// last epoch end, already sent.
struct ModelMessage {
    static constexpr const char* kType = "model";
    int epoch = 0;      // whose end-of-epoch weights these are
    std::string model;  // a model file (core/model_file.hpp)

    template <class Self, class Field>
    static void fields(Self& m, Field&& field) {
        field("epoch", m.epoch);
        field("model", m.model);
    }
};

// The validation set as a model message's weights predict it, after that message (so after the last, with
// keep_best, the best epoch's). None when the validation split is 0; a stopped training's last weights
// have none.
struct ValidationMessage {
    static constexpr const char* kType = "validation";
    int epoch = 0;                // whose weights
    std::vector<uint8_t> labels;  // one per validation image
    std::vector<float> probs;     // the predicted probabilities, kClasses per image
    // The first of a training only (empty after): each image's row in train.csv (0-based), its line in the
    // file, and its pixels (784 bytes each).
    std::vector<int32_t> rows, lines;
    std::vector<uint8_t> images;

    template <class Self, class Field>
    static void fields(Self& m, Field&& field) {
        field("epoch", m.epoch);
        field("labels", m.labels);
        field("probs", m.probs);
        field("rows", m.rows);
        field("lines", m.lines);
        field("images", m.images);
    }
};

// The answer to a BrowseMessage: the rows of train.csv it asked for (none before train.csv is loaded).
struct BrowseResultMessage {
    static constexpr const char* kType = "browse_result";
    int label = -1, offset = 0;  // as asked
    int total = 0;               // rows with that label
    std::vector<int32_t> rows;   // each image's row in train.csv (0-based)
    std::vector<int32_t> lines;  // ... and line in the file
    std::vector<uint8_t> labels, images;  // one byte, and 784 bytes, each

    template <class Self, class Field>
    static void fields(Self& m, Field&& field) {
        field("label", m.label);
        field("offset", m.offset);
        field("total", m.total);
        field("rows", m.rows);
        field("lines", m.lines);
        field("labels", m.labels);
        field("images", m.images);
    }
};

// A training has ended, whatever ended it.
struct TrainDoneMessage {
    static constexpr const char* kType = "train_done";
    std::string reason;  // "finished", "stopped" or "diverged"
    int epochs = 0;      // completed
    std::string detail;  // for "diverged", what was seen (dl::Trainer::divergence)

    template <class Self, class Field>
    static void fields(Self& m, Field&& field) {
        field("reason", m.reason);
        field("epochs", m.epochs);
        field("detail", m.detail);
    }
};

// The answer to a PredictMessage.
struct SubmissionMessage {
    static constexpr const char* kType = "submission";
    int rows = 0;
    int members = 1;  // the models whose probabilities were averaged: 1, or an ensemble's size
    std::string csv;  // Kaggle's submission file

    template <class Self, class Field>
    static void fields(Self& m, Field&& field) {
        field("rows", m.rows);
        field("members", m.members);
        field("csv", m.csv);
    }
};

// The answer to an AugmentPreviewMessage.
struct AugmentPreviewResultMessage {
    static constexpr const char* kType = "augment_preview_result";
    int count = 0;  // 0 before train.csv is loaded
    // The first `count` images of train.csv, then each of them augmented (dl::augment_image, a fresh random
    // draw every time), 784 bytes each.
    std::vector<uint8_t> images;

    template <class Self, class Field>
    static void fields(Self& m, Field&& field) {
        field("count", m.count);
        field("images", m.images);
    }
};

// A job failed: it is over, and nothing that was loaded or trained before is replaced.
struct ErrorMessage {
    static constexpr const char* kType = "error";
    std::string task;  // "parse", "train" or "predict"
    std::string text;  // for the user

    template <class Self, class Field>
    static void fields(Self& m, Field&& field) {
        field("task", m.task);
        field("text", m.text);
    }
};

using WorkerReport = std::variant<ReadyMessage, ProgressMessage, DatasetMessage, EpochMessage, ModelMessage,
                                  ValidationMessage, BrowseResultMessage, TrainDoneMessage, SubmissionMessage,
                                  AugmentPreviewResultMessage, ErrorMessage>;

// [SECTION] App -> worker

// Trains a model on train.csv.
struct TrainMessage {
    static constexpr const char* kType = "train";
    TrainConfig config;

    template <class Self, class Field>
    static void fields(Self& m, Field&& field) {
        field("config", m.config);
    }
};

// Ends training now (paused or not); the weights so far are sent as a model.
struct StopMessage : NoFields {
    static constexpr const char* kType = "stop";
};

// Holds training after the current batch; a progress message with `paused` confirms it.
struct PauseMessage : NoFields {
    static constexpr const char* kType = "pause";
};

// Goes on from where training was paused.
struct ResumeMessage : NoFields {
    static constexpr const char* kType = "resume";
};

// Labels test.csv; answered with a submission.
struct PredictMessage {
    static constexpr const char* kType = "predict";
    // The model files to use: one, or an ensemble's members, whose probabilities are averaged
    // (dl::ensemble_predict).
    std::vector<std::string> models;
    // Test-time augmentation: each member's probabilities averaged over small fixed shifts and rotations
    // (dl::model_predict_tta).
    bool tta = false;

    template <class Self, class Field>
    static void fields(Self& m, Field&& field) {
        field("models", m.models);
        field("tta", m.tta);
    }
};

constexpr int kAugmentPreviewMax = 16;  // images the worker sends at most in an augment_preview_result

// train.csv's first images and an augmentation of each; answered at once with an augment_preview_result.
struct AugmentPreviewMessage {
    static constexpr const char* kType = "augment_preview";
    TrainConfig config;  // its augment part is used
    int count = 0;       // at most kAugmentPreviewMax

    template <class Self, class Field>
    static void fields(Self& m, Field&& field) {
        field("config", m.config);
        field("count", m.count);
    }
};

constexpr int kBrowseMax = 100;  // images the worker sends at most in a browse_result

// Rows of train.csv with a label, for the data explorer; answered at once (between two slices of a running
// job) with a browse_result.
struct BrowseMessage {
    static constexpr const char* kType = "browse";
    int label = -1;  // -1: any
    int offset = 0;  // rows with that label to skip
    int count = 0;   // at most kBrowseMax

    template <class Self, class Field>
    static void fields(Self& m, Field&& field) {
        field("label", m.label);
        field("offset", m.offset);
        field("count", m.count);
    }
};

// While busy, the page needs a core of its own (the user draws on the pad, and every frame draws and
// predicts): training runs on one thread fewer, with the same results.
struct UiBusyMessage {
    static constexpr const char* kType = "ui_busy";
    bool busy = false;

    template <class Self, class Field>
    static void fields(Self& m, Field&& field) {
        field("busy", m.busy);
    }
};

using WorkerRequest = std::variant<TrainMessage, StopMessage, PauseMessage, ResumeMessage, PredictMessage,
                                   AugmentPreviewMessage, BrowseMessage, UiBusyMessage>;

// [SECTION] Fields of the types above that message.hpp does not know

// train_config_write's bytes.
void message_field_put(Message& m, const char* key, const TrainConfig& v);
bool message_field_get(const Message& m, const char* key, TrainConfig& v);

// Strings (model files) as one: their count, then each with its length (dl::ByteWriter).
void message_field_put(Message& m, const char* key, const std::vector<std::string>& v);
bool message_field_get(const Message& m, const char* key, std::vector<std::string>& v);

}  // namespace dl
