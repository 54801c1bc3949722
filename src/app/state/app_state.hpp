// Everything the page shows, in one place: what the worker reported, the training settings being edited,
// the model trained last (kept here so that nothing trained is lost if the worker fails), the drawing pad.
// The UI code reads and edits it once per frame; messages from the worker update it between frames. It
// holds no handle to the browser: requests to the outside go into its outbox.
#pragma once
#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/digitize.hpp"
#include "core/ensemble.hpp"
#include "core/model.hpp"
#include "core/run_record.hpp"
#include "core/model_inside.hpp"
#include "core/tensor.hpp"
#include "core/trainer.hpp"
#include "protocol/messages.hpp"
#include "inspect_state.hpp"
#include "outbox.hpp"

namespace app {

// How this build runs. web/bridge.js loads the threaded app and worker on a cross-origin isolated page and
// the single-thread builds (DL_THREADS=OFF) elsewhere, so the app's own build tells the page's mode.
#ifdef __EMSCRIPTEN_PTHREADS__
constexpr const char* kRunMode = "threads";
#else
constexpr const char* kRunMode = "single-thread";
#endif

// The x range a chart shows when the user has zoomed or panned it (x1 > x0); otherwise (x1 <= x0) all of it.
// Mouse wheel over the chart: zoom around the pointer; drag: pan; double-click: show all again (ui/chart.hpp).
struct ChartView {
    float x0 = 0, x1 = 0;
    bool zoomed() const { return x1 > x0; }
};

// [SECTION] Worker-side state, as reported

// A dataset the worker holds. The app only keeps its first images, for the gallery.
struct DatasetInfo {
    std::string file;
    int rows = 0;
    bool labelled = false;
    std::array<int, dl::kClasses> counts{};
    std::vector<uint8_t> images;  // 784 bytes per image
    std::vector<uint8_t> labels;  // one per image when labelled
    std::vector<uint8_t> means;   // train only: the mean image of each class, 784 bytes each
    int version = 0;              // bumped on every change, so that textures know when to upload again
};

// A running job with a progress bar.
struct Task {
    bool active = false;
    std::string file;
    double done = 0, total = 0;  // total 0: unknown
    double started = 0;          // dl::seconds_now() at its first progress report, for the ETA
    float fraction() const { return total > 0 ? float(done / total) : 0.f; }
};

// A point of the live curves, one per progress message (about 15 a second), then one per 2, 4, ... of them
// in a long training (kBatchPointsMax).
struct BatchPoint {
    float epoch = 0;  // epochs done, with the fraction of the current one
    float loss = 0, accuracy = 0;  // smoothed over the last ~10 batches
    float learning_rate = 0;
    float images_per_second = 0;   // since the previous point
};

// The live curves keep fewer points than this: when full, every other one goes and points come half as often.
// A chart is under 1,000 pixels wide, and each progress frame and the test state go over every point: an
// hour's training (about 15 points a second) would otherwise hold some 50,000.
constexpr size_t kBatchPointsMax = 2048;

struct Training {
    bool running = false;
    bool paused = false;   // as the worker confirmed
    std::vector<dl::EpochStats> history;
    int epochs = 0;        // asked for
    Task progress;         // in batches over all epochs
    float loss = 0, accuracy = 0;  // running means of the current epoch
    double images = 0, seconds = 0;
    Validation validation;  // the validation set as the current weights predict it
    std::vector<BatchPoint> batches;
    int batch_point_every = 1;       // progress messages per point
    int batch_point_waited = 0;      // progress messages since the last point
    double point_images = 0, point_seconds = 0;  // at the last point
};

// Several models trained in turn (train_series.hpp), one training each; one model is a single training.
struct TrainSeries {
    std::vector<dl::TrainConfig> configs;  // each model's settings, in turn (dl::recipe_configs)
    int index = 0;                          // the model training now, 0-based
    int count() const { return std::max(1, int(configs.size())); }
    std::vector<double> ids;       // the finished models' keys in the store (0 for one not kept)
    std::vector<std::vector<uint8_t>> files;  // ... and their model files
};

// A run to compare (its curves per epoch): a training of this visit, or one saved in this browser.
struct SessionRun {
    dl::RunRecord record;
    bool shown = true;  // drawn in the comparison chart
    double saved_id = 0;  // its key in the store (Library), 0 if it is not kept
    bool running = false;  // the training in progress: its record grows with each epoch
};

// [SECTION] App-side state

// The training settings as edited. `config` holds what the form edits directly (optimizer, loss, batch
// size, epochs, validation split) and, for a preset (softmax regression is one), its layers; MLP layers
// come from the fields below, a custom model's from `custom_layers` (made by editing any model's layers).
struct TrainForm {
    TrainForm() { config.threads = 0; }  // every core by default: the worker has a thread per core

    // Preset i of dl::presets() is FirstPreset + i.
    enum ModelKind { Mlp = 0, Custom = 1, FirstPreset = 2 };  // softmax regression is a preset
    int model_kind = Mlp;
    char hidden[64] = "256,128";
    int activation = 0;  // index into kActivations (train_form.hpp)
    float dropout = 0.2f;
    int seed = 1;
    int models = 1;  // "Models to train": trained in turn with seeds seed, seed+1, ... (train_series.hpp); then
                     // a preset's models of other designs, if it has any
    dl::TrainConfig config;
    std::vector<dl::LayerSpec> custom_layers;  // kept when another model is chosen, to come back to
    int layer_selected = -1;                   // the model editor's selected row
};

// The current model: used by the drawing pad and by Predict; trained here or opened from a file.
struct TrainedModel {
    bool present = false;
    dl::Model model;
    std::vector<uint8_t> file;  // the model file it was read from
    std::string file_name;      // the file it was opened from; empty if trained here
    int epoch = 0;
    long params = 0;
    bool pretrained = false;    // the default model the page fetches at startup (default_model.cpp)
};

// Models kept in the browser (IndexedDB, through web/bridge.js; see model_store.hpp), each with the record of
// its run. They come back after a reload; the model files themselves are read only when used or downloaded.
struct SavedModel {
    double id = 0;  // the store's key: the run's start time in ms, unique in one browser
    dl::RunRecord record;
    char name_edit[96] = {};  // the name field being edited in the list
    bool picked = false;      // ticked in the list's Ensemble column
};

struct Library {
    bool keep = true;          // keep the next training's model (each epoch's weights as they arrive)
    bool listed = false;       // the store has been read since the page loaded
    std::vector<SavedModel> models;  // newest first
    double run_id = 0;         // the running training's key; 0 when it is not kept
    bool run_saved = false;    // at least one of its models is in the store
    double current_id = 0;     // the saved model that is the current model, 0 if none
};

// Several saved models used together (ensemble_use.hpp): the pad and Predict average their probabilities
// instead of asking the current model alone, which is then the first member (for Inside the model and
// Download model).
struct EnsembleInUse {
    dl::Ensemble models;                      // no members: none in use
    std::vector<std::vector<uint8_t>> files;  // each member's model file, as Predict sends them to the worker
    std::vector<double> ids;                  // each member's key in the store
    // Being read from the store (its answers come one by one): the keys, and the files come so far.
    std::vector<double> loading;
    std::vector<std::vector<uint8_t>> loaded;
    bool in_use() const { return !models.members.empty(); }
};

struct Pad {
    std::vector<dl::PadStroke> strokes;
    bool drawing = false;
    bool dirty = false;       // strokes or model changed: preprocess and predict again
    bool has_ink = false;
    uint8_t image[dl::kImageSize] = {};  // the model's input, 255 = ink
    int image_version = 0;
    int prediction = -1;
    std::array<float, dl::kClasses> probs{};
    int brush = 4;  // new strokes' radius in hundredths of the pad's side (kBrushMin..kBrushMax, pad_edit.hpp)
    // Where the pointer went with the button held since the last frame ({x, y} in CSS pixels, from SDL's
    // events): ImGui samples the mouse once per frame, a fast stroke needs every point.
    std::vector<std::array<float, 2>> trail;
};

// What a keyboard shortcut asks for (shortcuts.hpp); done at the start of the next frame.
enum class Command {
    Undo, ClearPad, BrushSmaller, BrushBigger, Train, Predict, Help, Escape,
    OpenTrain, OpenTest, OpenModel, PanelNext, PanelPrevious
};

// The Draw panel's look inside the current model (panel_inside.cpp), for the pad's current image.
struct InsideView {
    int version = -1;                  // the pad's image_version it was made for
    dl::ImageStack weights;            // the first layer's filters (or an MLP's first units)
    std::vector<dl::ImageStack> maps;  // each convolution's activation maps; empty without ink
};

// The Augmentation & schedule section's preview: train.csv's first images and a random augmentation of each.
struct AugmentPreview {
    std::vector<uint8_t> images;  // `count` originals, then `count` augmented, 784 bytes each
    int count = 0;
    int version = 0;              // bumped on every answer (textures)
    bool pending = false;         // a request is on its way
    dl::AugmentConfig shown;      // the settings the images were made with
    int train_version = -1;       // ... and the train.csv (DatasetInfo::version)
};

struct AppState {
    bool worker_ready = false;
    bool first_frame_done = false;
    std::string status = "Starting the worker...";
    std::string run_mode_why;  // why the page runs single-threaded (bridge.js, threadsMissing), '' with threads
    std::string error;       // shown until dismissed, or until the same kind of job starts or succeeds
    // "parse", "train", "predict" (as in the worker's error messages), "worker" or "model" (opening a file)
    std::string error_task;

    DatasetInfo train_set, test_set;
    Task parse;
    Training training;
    TrainSeries series;
    TrainForm form;
    TrainedModel model;
    Library library;
    EnsembleInUse ensemble;
    std::vector<SessionRun> runs;  // the saved runs, then every training of this visit, oldest first
    std::map<std::string, ChartView> charts;  // zoom and pan of each zoomable chart, by name
    Pad pad;
    InsideView inside;
    Task predict;
    std::string submission_csv;
    int submission_rows = 0;
    int submission_members = 0;  // the models whose probabilities made it (the worker's answer)
    Explorer explorer;  // the Data panel's explorer of train.csv
    AugmentPreview augment_preview;
    bool predict_tta = false;  // Predict with test-time augmentation

    // Screen rectangles of named widgets ({x, y, w, h} in CSS pixels), for the end-to-end tests.
    std::map<std::string, std::array<float, 4>> rects;
    // Those of them that their window or panel scrolled out of view this frame: a click there misses them.
    std::vector<std::string> scrolled_out;
    // The problems (text_problem) shown this frame, for the end-to-end tests: each one once.
    std::vector<std::string> problems;

    // [SECTION] The screen: layout, help, drawing on demand
    std::vector<Command> commands;  // from keyboard shortcuts, not yet done
    int panel_steps = 0;            // Tab (+1 each) and Shift+Tab (-1 each) for the UI to do (ui/panel_focus.hpp)
    bool help_open = false;
    bool compact = false;           // tabs instead of columns (ui_frame.cpp): a small or short window
    float ui_scale = 1;             // widgets and fonts, from the window's size (ui_scale.hpp)
    int frames = 0;                 // frames sent to WebGL so far (only those that change the screen)
    int frames_partial = 0;         // of those, the frames drawn only where they changed (frame_change.hpp)
    int layouts = 0;                // frames laid out so far (sent to WebGL or not)
    double layout_ms = 0;           // what laying out a frame costs (moving average; tools/bench reports it)
    int redraw_frames = 0;          // frames still to lay out after the last change (redraw.hpp)
    std::vector<dl::WorkerReport> progress_held;  // progress reports not shown yet (redraw.hpp)
    bool ui_busy_sent = false;      // what the worker was last told in a ui_busy message (actions.hpp)

    Outbox outbox;  // what the platform layer is to send and do next
};

AppState& app_state();

void error_set(AppState& s, const std::string& task, const std::string& text);
// Clears the error if it is about `task`: a new or successful job of that kind makes it stale.
void error_clear(AppState& s, const char* task);

}  // namespace app
