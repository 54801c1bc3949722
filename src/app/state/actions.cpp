#include "actions.hpp"

#include <string>

#include "core/onnx_export.hpp"
#include "model_store.hpp"
#include "pad_edit.hpp"
#include "pad_predict.hpp"
#include "train_form.hpp"
#include "train_series.hpp"

namespace app {

// [SECTION] Training

bool train_start(AppState& s) {
    dl::TrainConfig config;
    std::string problem;
    if (!train_startable(s, config, problem)) {
        if (!problem.empty() && !s.training.running) s.status = "Cannot train: " + problem;
        return false;
    }
    series_begin(s, train_form_series(s.form, config));
    train_run_start(s, series_config(s.series));
    return true;
}

void train_run_start(AppState& s, const dl::TrainConfig& config) {
    s.outbox.messages.push_back(dl::TrainMessage{config});
    error_clear(s, "train");
    Training& t = s.training;
    t = Training{};
    t.running = true;
    t.epochs = config.epochs;
    // The models of a series are told apart by their seed: their names say it.
    const std::string seed = s.series.count() > 1 ? ", seed " + std::to_string(config.seed) : "";
    store_run_begin(s, run_record_start(config, train_form_title(s.form) + seed));
    const std::string text = series_text(s.series);
    s.status = text.empty() ? "Training..." : "Training " + text.substr(0, text.size() - 2) + "...";
}

void train_stop(AppState& s) {
    if (s.training.running) s.outbox.messages.push_back(dl::StopMessage{});
}

void train_pause_toggle(AppState& s) {
    // The state follows the worker's confirmation, so a quick second click never sends the same request twice.
    if (!s.training.running) return;
    if (s.training.paused)
        s.outbox.messages.push_back(dl::ResumeMessage{});
    else
        s.outbox.messages.push_back(dl::PauseMessage{});
}

// [SECTION] Predicting and files

bool predict_possible(const AppState& s) {
    return s.model.present && s.test_set.rows > 0 && !s.predict.active && s.worker_ready;
}

bool predict_start(AppState& s) {
    if (!predict_possible(s)) return false;
    // The model (or each of the ensemble's) travels with the request: the worker predicts with exactly the
    // model the page shows, even if the worker was restarted since it trained it.
    dl::PredictMessage m;
    const std::vector<std::vector<uint8_t>> single{s.model.file};
    for (const std::vector<uint8_t>& file : s.ensemble.in_use() ? s.ensemble.files : single)
        m.models.emplace_back(file.begin(), file.end());
    m.tta = s.predict_tta;
    s.outbox.messages.push_back(std::move(m));
    error_clear(s, "predict");
    s.predict = Task{};
    s.predict.active = true;
    s.submission_csv.clear();
    s.submission_rows = 0;
    return true;
}

void submission_download(AppState& s) {
    s.outbox.downloads.push_back({"submission.csv", "text/csv", s.submission_csv});
}

void model_download(AppState& s) {
    s.outbox.downloads.push_back(
        {"digitlab-model.dlm", "application/octet-stream", std::string(s.model.file.begin(), s.model.file.end())});
}

void onnx_download(AppState& s) {
    // Checked here because the core throws without a model, and the page is built without -fexceptions.
    if (!s.model.present) {
        error_set(s, "model", "There is no model to save as ONNX: train one or open a model file first.");
        return;
    }
    const std::vector<uint8_t> onnx = s.ensemble.in_use() ? dl::onnx_write(s.ensemble.models)
                                                          : dl::onnx_write(dl::Ensemble{{s.model.model}});
    s.outbox.downloads.push_back(
        {"digitlab-model.onnx", "application/octet-stream", std::string(onnx.begin(), onnx.end())});
}

void file_pick(AppState& s, FilePick kind) { s.outbox.picks.push_back(kind); }

void sample_load(AppState& s) { s.outbox.sample_load = true; }

void focus_leave(AppState& s, bool forward) { s.outbox.focus_leave = forward; }

// [SECTION] Views that ask the worker for data

void explorer_request(AppState& s) {
    Explorer& e = s.explorer;
    const DatasetInfo& train = s.train_set;
    if (train.rows == 0) return;
    if (e.asked_version != train.version && e.asked_version >= 0) e.offset = 0;
    if (e.asked_label == e.label && e.asked_offset == e.offset && e.asked_version == train.version) return;
    s.outbox.messages.push_back(dl::BrowseMessage{e.label, e.offset, kExplorePage});
    e.asked_label = e.label;
    e.asked_offset = e.offset;
    e.asked_version = train.version;
    ++e.pending;
}

bool augment_preview_stale(const AppState& s) {
    const dl::AugmentConfig &a = s.augment_preview.shown, &b = s.form.config.augment;
    const bool same = a.rotation == b.rotation && a.zoom == b.zoom && a.shift == b.shift &&
                      a.elastic == b.elastic && a.elastic_sigma == b.elastic_sigma;
    return !same || s.augment_preview.train_version != s.train_set.version;
}

void augment_preview_request(AppState& s) {
    s.outbox.messages.push_back(dl::AugmentPreviewMessage{s.form.config, kPreviewImages});
    AugmentPreview& p = s.augment_preview;
    p.pending = true;
    p.shown = s.form.config.augment;
    p.train_version = s.train_set.version;
}

// [SECTION] Once per frame

void frame_update(AppState& s) {
    for (const Command c : s.commands) {
        switch (c) {
            case Command::Undo: pad_undo(s.pad); break;
            case Command::ClearPad: pad_clear(s.pad); break;
            case Command::BrushSmaller: pad_brush_set(s.pad, s.pad.brush - 1); break;
            case Command::BrushBigger: pad_brush_set(s.pad, s.pad.brush + 1); break;
            case Command::Train: train_start(s); break;
            case Command::Predict: predict_start(s); break;
            case Command::Help: s.help_open = !s.help_open; break;
            case Command::OpenTrain: file_pick(s, FilePick::Train); break;
            case Command::OpenTest: file_pick(s, FilePick::Test); break;
            case Command::OpenModel: file_pick(s, FilePick::Model); break;
            case Command::PanelNext: ++s.panel_steps; break;
            case Command::PanelPrevious: --s.panel_steps; break;
            case Command::Escape:
                if (s.help_open)
                    s.help_open = false;
                else
                    train_stop(s);
                break;
        }
    }
    s.commands.clear();
    pad_update(s.pad, s.model, s.ensemble);
}

void ui_busy_update(AppState& s) {
    if (!s.worker_ready || s.pad.drawing == s.ui_busy_sent) return;
    s.ui_busy_sent = s.pad.drawing;
    s.outbox.messages.push_back(dl::UiBusyMessage{s.ui_busy_sent});
}

}  // namespace app
