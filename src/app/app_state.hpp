// Everything the page shows, in one place: what the worker reported, the training settings being edited,
// the model trained last (kept here so that nothing trained is lost if the worker fails), the drawing pad.
// The UI code reads and edits it once per frame; messages from the worker update it between frames.
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/digitize.hpp"
#include "core/model.hpp"
#include "core/model_inside.hpp"
#include "core/tensor.hpp"
#include "core/trainer.hpp"

namespace app {

// How this build runs. web/bridge.js loads the threaded app and worker on a cross-origin isolated page and
// the single-thread builds (DL_THREADS=OFF) elsewhere, so the app's own build tells the page's mode.
#ifdef __EMSCRIPTEN_PTHREADS__
constexpr const char* kRunMode = "threads";
#else
constexpr const char* kRunMode = "single-thread";
#endif

// [SECTION] Worker-side state, as reported

// A dataset the worker holds. The app only keeps its first images, for the gallery.
struct DatasetInfo {
    std::string file;
    int rows = 0;
    bool labelled = false;
    std::array<int, dl::kClasses> counts{};
    std::vector<uint8_t> images;  // 784 bytes per image
    std::vector<uint8_t> labels;  // one per image when labelled
    int version = 0;              // bumped on every change, so that textures know when to upload again
};

// A running job with a progress bar.
struct Task {
    bool active = false;
    std::string file;
    double done = 0, total = 0;  // total 0: unknown
    float fraction() const { return total > 0 ? float(done / total) : 0.f; }
};

struct Training {
    bool running = false;
    std::vector<dl::EpochStats> history;
    int epochs = 0;        // asked for
    Task progress;         // in batches over all epochs
    float loss = 0, accuracy = 0;  // running means of the current epoch
    double images = 0, seconds = 0;
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

struct Pad {
    std::vector<dl::PadStroke> strokes;
    bool drawing = false;
    bool dirty = false;       // strokes or model changed: preprocess and predict again
    bool has_ink = false;
    uint8_t image[dl::kImageSize] = {};  // the model's input, 255 = ink
    int image_version = 0;
    int prediction = -1;
    std::array<float, dl::kClasses> probs{};
};

// The Draw panel's look inside the current model (panel_inside.cpp), for the pad's current image.
struct InsideView {
    int version = -1;                  // the pad's image_version it was made for
    dl::ImageStack weights;            // the first layer's filters (or an MLP's first units)
    std::vector<dl::ImageStack> maps;  // each convolution's activation maps; empty without ink
};

struct AppState {
    bool worker_ready = false;
    bool first_frame_done = false;
    std::string status = "Starting the worker...";
    std::string error;       // shown until dismissed, or until the same kind of job starts or succeeds
    // "parse", "train", "predict" (as in the worker's error messages), "worker" or "model" (opening a file)
    std::string error_task;

    DatasetInfo train_set, test_set;
    Task parse;
    Training training;
    TrainForm form;
    TrainedModel model;
    Pad pad;
    InsideView inside;
    Task predict;
    std::string submission_csv;
    int submission_rows = 0;

    // Screen rectangles of named widgets ({x, y, w, h} in CSS pixels), for the end-to-end tests.
    std::map<std::string, std::array<float, 4>> rects;
};

AppState& app_state();

void error_set(AppState& s, const std::string& task, const std::string& text);
// Clears the error if it is about `task`: a new or successful job of that kind makes it stale.
void error_clear(AppState& s, const char* task);

}  // namespace app
