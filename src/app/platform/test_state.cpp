// The app's state as JSON, for the end-to-end tests (window.digitlab.state() in web/bridge.js).
#include <emscripten.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "redraw.hpp"
#include "state/app_state.hpp"
#include "state/pad_edit.hpp"
#include "state/train_form.hpp"

namespace app {

namespace {

// [SECTION] JSON writing

void json_string(std::string& out, const std::string& s) {
    out += '"';
    for (const unsigned char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += char(c);
        } else if (c < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else {
            out += char(c);
        }
    }
    out += '"';
}

void json_number(std::string& out, double v) {
    if (!std::isfinite(v)) {  // JSON has no NaN or infinity (a diverged loss)
        out += "null";
        return;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.9g", v);
    out += buf;
}

// Writes `"key":` (after a comma unless first in its object).
void json_key(std::string& out, const char* key) {
    if (out.back() != '{' && out.back() != '[') out += ',';
    json_string(out, key);
    out += ':';
}

void json_field(std::string& out, const char* key, double v) {
    json_key(out, key);
    json_number(out, v);
}

void json_field(std::string& out, const char* key, int v) { json_field(out, key, double(v)); }

void json_field(std::string& out, const char* key, bool v) {
    json_key(out, key);
    out += v ? "true" : "false";
}

void json_field(std::string& out, const char* key, const std::string& v) {
    json_key(out, key);
    json_string(out, v);
}

// [SECTION] The state

void json_history(std::string& out, const std::vector<dl::EpochStats>& history) {
    json_key(out, "history");
    out += '[';
    for (const dl::EpochStats& e : history) {
        if (out.back() != '[') out += ',';
        out += '{';
        dl::epoch_stats_fields(e, [&](const char* key, auto v) { json_field(out, key, v); });
        out += '}';
    }
    out += ']';
}

void json_strings(std::string& out, const char* key, const std::vector<std::string>& list) {
    json_key(out, key);
    out += '[';
    for (const std::string& p : list) {
        if (out.back() != '[') out += ',';
        json_string(out, p);
    }
    out += ']';
}

void json_rects(std::string& out, const std::map<std::string, std::array<float, 4>>& rects) {
    json_key(out, "rects");
    out += '{';
    for (const auto& [name, r] : rects) {
        json_key(out, name.c_str());
        out += '[';
        for (int i = 0; i < 4; ++i) {
            if (i) out += ',';
            json_number(out, r[i]);
        }
        out += ']';
    }
    out += '}';
}

// The models kept in this browser, newest first.
void json_saved(std::string& out, const Library& l) {
    json_field(out, "keep", l.keep);
    json_field(out, "saved_listed", l.listed);
    json_key(out, "saved");
    out += '[';
    for (const SavedModel& m : l.models) {
        if (out.back() != '[') out += ',';
        out += '{';
        json_field(out, "name", m.record.name);
        json_field(out, "epoch", m.record.weights_epoch);
        json_field(out, "epochs", int(m.record.history.size()));
        json_field(out, "best_val", dl::run_record_best_accuracy(m.record));
        json_field(out, "finished", m.record.finished);
        json_field(out, "current", m.id == l.current_id);
        json_field(out, "picked", m.picked);
        out += '}';
    }
    out += ']';
}

// The live curves, the zoom of each zoomable chart ([x0, x1], empty when it shows all) and this visit's runs
// with their epochs.
void json_charts(std::string& out, const AppState& s) {
    json_field(out, "batch_points", int(s.training.batches.size()));
    json_key(out, "charts");
    out += '{';
    for (const auto& [name, view] : s.charts) {
        json_key(out, name.c_str());
        out += '[';
        if (view.zoomed()) {
            json_number(out, view.x0);
            out += ',';
            json_number(out, view.x1);
        }
        out += ']';
    }
    out += '}';
    json_key(out, "runs");
    out += '[';
    for (const SessionRun& r : s.runs) {
        if (out.back() != '[') out += ',';
        out += '{';
        json_field(out, "name", r.record.name);
        json_field(out, "shown", r.shown);
        json_field(out, "epochs", int(r.record.history.size()));
        json_history(out, r.record.history);  // a series' earlier members too, for tools/bench time-to-accuracy
        out += '}';
    }
    out += ']';
}

// The model being designed (Model & training panel) and whether Train can be pressed.
void json_model(std::string& out, const AppState& s) {
    std::vector<dl::LayerSpec> layers;
    const std::string problem = train_form_model(s.form, layers);
    json_field(out, "model_kind", std::string(train_form_kind_name(s.form.model_kind)));
    json_field(out, "model_layers", int(layers.size()));
    json_field(out, "model_params", problem.empty() ? double(dl::layers_param_count(layers).total()) : 0.0);
    json_field(out, "model_problem", problem);
    dl::TrainConfig config;
    std::string train_problem;
    json_field(out, "can_train", train_startable(s, config, train_problem));
}

// [SECTION] Inside the model and the data (inspect_state.hpp)
// Each image shown is reported with `ink`, the sum of its pixels, so that a test can tell it is the image of
// its file row.

long image_ink(const std::vector<uint8_t>& images, size_t index) {
    if ((index + 1) * dl::kImageSize > images.size()) return -1;
    long ink = 0;
    for (size_t p = 0; p < size_t(dl::kImageSize); ++p) ink += images[index * dl::kImageSize + p];
    return ink;
}

void json_ints(std::string& out, const char* key, const int* values, size_t count) {
    json_key(out, key);
    out += '[';
    for (size_t i = 0; i < count; ++i) {
        if (i) out += ',';
        json_number(out, values[i]);
    }
    out += ']';
}

// An image's 784 bytes in hex, two digits each (JSON has no bytes; an array of numbers would be longer).
std::string image_hex(const uint8_t* image) {
    static const char kDigits[] = "0123456789abcdef";
    std::string hex;
    for (int i = 0; i < dl::kImageSize; ++i) hex += {kDigits[image[i] >> 4], kDigits[image[i] & 15]};
    return hex;
}

// The drawing pad, the layout and drawing on demand.
void json_pad_screen(std::string& out, const AppState& s) {
    json_field(out, "pad_strokes", int(s.pad.strokes.size()));
    json_field(out, "pad_ink", pad_ink(s.pad));
    json_field(out, "pad_pending", s.pad.dirty);  // the prediction shown is not yet the new model's or strokes'
    json_field(out, "pad_image", image_hex(s.pad.image));  // the model's input, for a test to predict it elsewhere
    json_field(out, "brush", s.pad.brush);
    // The strokes' points' bounding box {x0, y0, x1, y1} in pad units (0..1): where the input landed.
    float box[4] = {1, 1, 0, 0};
    for (const dl::PadStroke& stroke : s.pad.strokes)
        for (const dl::PadPoint& p : stroke.points) {
            box[0] = std::min(box[0], p.x), box[1] = std::min(box[1], p.y);
            box[2] = std::max(box[2], p.x), box[3] = std::max(box[3], p.y);
        }
    json_key(out, "pad_box");
    out += '[';
    for (int i = 0; i < 4 && box[0] <= box[2]; ++i) {
        if (i) out += ',';
        json_number(out, box[i]);
    }
    out += ']';
    json_field(out, "help_open", s.help_open);
    json_field(out, "compact", s.compact);
    json_field(out, "ui_scale", double(s.ui_scale));
    json_field(out, "frames", s.frames);
    json_field(out, "frames_partial", s.frames_partial);
    json_field(out, "layouts", s.layouts);
    json_field(out, "progress_ms", redraw_progress_ms());
    json_field(out, "progress_held", int(s.progress_held.size()));
    json_field(out, "layout_ms", s.layout_ms);
    json_field(out, "ui_busy", s.ui_busy_sent);
    json_strings(out, "problems", s.problems);
    json_strings(out, "scrolled_out", s.scrolled_out);
}

// What the Draw panel's inside view shows: how many first-layer images, and maps per convolution.
void json_inside(std::string& out, const InsideView& v) {
    json_field(out, "inside_filters", v.weights.count);
    json_key(out, "inside_maps");
    out += '[';
    for (const dl::ImageStack& m : v.maps) {
        if (out.back() != '[') out += ',';
        json_number(out, m.count);
    }
    out += ']';
}

// Validation images `items` (indices), shown from `images` (the k-th item is image k there).
void json_validation_items(std::string& out, const char* key, const Validation& v, const std::vector<int>& items,
                           const std::vector<uint8_t>& images, size_t max) {
    json_key(out, key);
    out += '[';
    for (size_t k = 0; k < std::min(items.size(), max); ++k) {
        const int i = items[k];
        const int predicted = v.predicted(i);
        if (k) out += ',';
        out += '{';
        json_field(out, "row", v.rows[size_t(i)]);
        json_field(out, "line", v.lines[size_t(i)]);
        json_field(out, "label", int(v.labels[size_t(i)]));
        json_field(out, "pred", predicted);
        json_field(out, "p", double(v.image_probs(i)[predicted]));
        json_field(out, "p_true", double(v.image_probs(i)[v.labels[size_t(i)]]));
        json_field(out, "ink", double(image_ink(images, k)));
        out += '}';
    }
    out += ']';
}

void json_validation(std::string& out, const Validation& v) {
    json_key(out, "validation");
    out += '{';
    json_field(out, "epoch", v.epoch);
    json_field(out, "count", v.count());
    json_ints(out, "confusion", v.confusion.data(), v.confusion.size());
    json_validation_items(out, "mistakes", v, v.mistakes, v.mistake_images, size_t(kMistakesShown));
    const int cell[2] = {v.cell_truth, v.cell_predicted};
    json_ints(out, "cell", cell, 2);
    json_field(out, "cell_count", int(v.cell.size()));
    json_validation_items(out, "cell_items", v, v.cell, v.cell_images, v.cell_images.size() / dl::kImageSize);
    out += '}';
}

void json_explorer(std::string& out, const Explorer& e) {
    json_key(out, "explorer");
    out += '{';
    json_field(out, "label", e.label);
    json_field(out, "offset", e.offset);
    json_field(out, "pending", e.pending);
    json_field(out, "shown_label", e.shown_label);
    json_field(out, "shown_offset", e.shown_offset);
    json_field(out, "total", e.total);
    json_key(out, "items");
    out += '[';
    for (size_t i = 0; i < e.rows.size(); ++i) {
        if (i) out += ',';
        out += '{';
        json_field(out, "row", e.rows[i]);
        json_field(out, "line", e.lines[i]);
        json_field(out, "label", int(e.labels[i]));
        json_field(out, "ink", double(image_ink(e.images, i)));
        out += '}';
    }
    out += "]}";
}

// The class means as the sums of their pixels (what a test can recompute from the file).
void json_class_means(std::string& out, const DatasetInfo& d) {
    std::vector<int> ink;
    for (size_t c = 0; c < d.means.size() / dl::kImageSize; ++c) ink.push_back(int(image_ink(d.means, c)));
    json_ints(out, "class_means", ink.data(), ink.size());
}

// [SECTION] Accuracy: augmentation, schedule, test-time augmentation

void json_accuracy(std::string& out, const AppState& s) {
    const dl::TrainConfig& c = s.form.config;
    json_field(out, "augment", c.augment.enabled());
    json_field(out, "schedule", std::string(dl::schedule_kind_name(c.schedule.kind)));
    json_field(out, "keep_best", c.keep_best);
    json_field(out, "early_stopping", c.early_stopping);
    json_field(out, "predict_tta", s.predict_tta);
    const AugmentPreview& p = s.augment_preview;
    json_key(out, "augment_preview");
    out += '{';
    json_field(out, "count", p.count);
    json_field(out, "pending", p.pending);
    json_field(out, "version", p.version);
    std::vector<int> ink;  // the originals', then the augmented images'
    for (int i = 0; i < 2 * p.count; ++i) ink.push_back(int(image_ink(p.images, size_t(i))));
    json_ints(out, "ink", ink.data(), ink.size());
    // How many pixels of each augmented image differ from its original by more than a rounding.
    std::vector<int> changed;
    for (int i = 0; i < p.count; ++i) {
        int n = 0;
        for (size_t k = 0; k < size_t(dl::kImageSize); ++k) {
            const int a = p.images[size_t(i) * dl::kImageSize + k], b = p.images[size_t(p.count + i) * dl::kImageSize + k];
            n += std::abs(a - b) > 2;
        }
        changed.push_back(n);
    }
    json_ints(out, "changed", changed.data(), changed.size());
    out += '}';
    json_key(out, "batch_lr");  // the learning rate at each live point
    out += '[';
    for (const BatchPoint& b : s.training.batches) {
        if (out.back() != '[') out += ',';
        json_number(out, b.learning_rate);
    }
    out += ']';
}

std::string state_json(const AppState& s) {
    std::string out = "{";
    json_field(out, "ready", s.first_frame_done && s.worker_ready);
    json_field(out, "mode", std::string(kRunMode));
    json_field(out, "mode_why", s.run_mode_why);
    json_field(out, "status", s.status);
    json_field(out, "error", s.error);
    json_field(out, "train_rows", s.train_set.rows);
    json_field(out, "test_rows", s.test_set.rows);
    json_field(out, "train_file", s.train_set.file);
    json_field(out, "test_file", s.test_set.file);
    json_field(out, "training", s.training.running);
    json_field(out, "paused", s.training.paused);
    json_field(out, "train_done", s.training.progress.done);
    json_field(out, "train_images", s.training.images);    // seen so far, as the last progress report said
    json_field(out, "train_seconds", s.training.seconds);  // ... after this much training
    json_field(out, "epoch", double(s.training.history.size()));
    json_field(out, "epochs", s.training.epochs);
    json_field(out, "models_to_train", s.form.models);  // the form's, for the next Train
    json_field(out, "series_models", train_form_models(s.form));  // ... and with a recipe's other designs
    json_field(out, "seed", s.form.seed);               // the form's: the next Train's first model's
    json_field(out, "series_count", s.series.count());  // the models of the running series
    json_field(out, "series_index", s.series.index);  // the model training now, 0-based
    json_field(out, "progress", s.training.progress.fraction());
    json_history(out, s.training.history);
    json_charts(out, s);
    json_model(out, s);
    json_field(out, "has_model", s.model.present);
    json_field(out, "current_params", double(s.model.params));
    json_field(out, "model_file", s.model.file_name);
    json_field(out, "model_epoch", s.model.epoch);
    json_saved(out, s.library);
    json_field(out, "default_model", s.model.present && s.model.pretrained);
    json_inside(out, s.inside);
    json_field(out, "prediction", s.pad.prediction);
    json_key(out, "probs");
    out += '[';
    for (int c = 0; c < dl::kClasses; ++c) {
        if (c) out += ',';
        json_number(out, s.pad.probs[c]);
    }
    out += ']';
    json_field(out, "submission_rows", s.submission_rows);
    json_field(out, "submission_members", s.submission_members);
    json_field(out, "ensemble", int(s.ensemble.models.members.size()));
    json_validation(out, s.training.validation);
    json_explorer(out, s.explorer);
    json_class_means(out, s.train_set);
    json_pad_screen(out, s);
    json_accuracy(out, s);
    json_rects(out, s.rects);
    out += '}';
    return out;
}

}  // namespace

}  // namespace app

// The state as JSON; the pointer stays valid until the next call.
extern "C" EMSCRIPTEN_KEEPALIVE const char* app_state_json() {
    static std::string json;
    json = app::state_json(app::app_state());
    return json.c_str();
}
