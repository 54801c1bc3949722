// What the user can ask for, by a button or a keyboard shortcut. The UI calls these; they change the state
// and put what the worker, the store or the browser must do in the outbox (outbox.hpp).
#pragma once
#include "app_state.hpp"

namespace app {

constexpr int kPreviewImages = 8;  // the augmentation preview's images
static_assert(kPreviewImages <= dl::kAugmentPreviewMax, "the worker sends at most kAugmentPreviewMax");

// [SECTION] Training (false if not possible now)
bool train_start(AppState& s);  // a training, or the series of "Models to train"
void train_run_start(AppState& s, const dl::TrainConfig& config);  // one training (of the series)
void train_stop(AppState& s);
void train_pause_toggle(AppState& s);  // pause, or resume a paused training

// [SECTION] Predicting and files
bool predict_possible(const AppState& s);
bool predict_start(AppState& s);
void submission_download(AppState& s);
void model_download(AppState& s);  // the current model's file
// The model in use as ONNX: the ensemble in use, if any, as one model that averages its members (as the pad,
// Predict and `digitlab export --onnx` do); without a model, an error says so.
void onnx_download(AppState& s);
void file_pick(AppState& s, FilePick kind);
void sample_load(AppState& s);
// Tab past the last panel (forward) or before the first: the keyboard goes on to the page's file controls.
void focus_leave(AppState& s, bool forward);

// [SECTION] Views that ask the worker for data
// Asks for the explorer's page the user wants, unless it was asked for already. A newly loaded train.csv
// starts again at its first page.
void explorer_request(AppState& s);
// Whether the augmentation preview's images were made with other settings or another train.csv.
bool augment_preview_stale(const AppState& s);
void augment_preview_request(AppState& s);

// [SECTION] Once per frame
// Runs the commands of keyboard shortcuts queued since the last frame, then brings the pad's prediction
// up to date: the one place that runs the pad's model.
void frame_update(AppState& s);
// A stroke on the pad draws and predicts on every frame: while it lasts, training leaves the page a core.
void ui_busy_update(AppState& s);

}  // namespace app
