// The app's state, and its JSON view for the end-to-end tests (window.digitlab.state() in web/bridge.js).
#include "app_state.hpp"

#include <emscripten.h>

#include <cmath>
#include <cstdio>

#include "train_form.hpp"

namespace app {

AppState& app_state() {
    static AppState state;
    return state;
}

void error_set(AppState& s, const std::string& task, const std::string& text) {
    s.error = text;
    s.error_task = task;
}

void error_clear(AppState& s, const char* task) {
    if (s.error_task != task) return;
    s.error.clear();
    s.error_task.clear();
}

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
        json_field(out, "epoch", e.epoch);
        json_field(out, "train_loss", e.train_loss);
        json_field(out, "train_acc", e.train_accuracy);
        json_field(out, "val_loss", e.validation.loss);
        json_field(out, "val_acc", e.validation.accuracy);
        json_field(out, "seconds", e.seconds);
        out += '}';
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

std::string state_json(const AppState& s) {
    std::string out = "{";
    json_field(out, "ready", s.first_frame_done && s.worker_ready);
    json_field(out, "mode", std::string(kRunMode));
    json_field(out, "status", s.status);
    json_field(out, "error", s.error);
    json_field(out, "train_rows", s.train_set.rows);
    json_field(out, "test_rows", s.test_set.rows);
    json_field(out, "train_file", s.train_set.file);
    json_field(out, "test_file", s.test_set.file);
    json_field(out, "training", s.training.running);
    json_field(out, "epoch", double(s.training.history.size()));
    json_field(out, "epochs", s.training.epochs);
    json_field(out, "progress", s.training.progress.fraction());
    json_history(out, s.training.history);
    json_model(out, s);
    json_field(out, "has_model", s.model.present);
    json_field(out, "current_params", double(s.model.params));
    json_field(out, "model_file", s.model.file_name);
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
