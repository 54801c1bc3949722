// The Model & training panel: Train / Pause / Stop with progress, ETA and speed, the settings
// (train_settings.cpp), the models saved in this browser (panel_saved.cpp), and the results in tabs
// (train_history.cpp).
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "state/text_format.hpp"
#include "state/train_form.hpp"
#include "state/train_series.hpp"
#include "ui.hpp"

namespace app {

namespace {

void train_controls(AppState& s) {
    dl::TrainConfig config;
    std::string problem;
    const bool startable = train_startable(s, config, problem);
    const Training& t = s.training;
    const float button_w = ImGui::GetFontSize() * 7.5f;

    ImGui::BeginDisabled(!startable);
    if (ImGui::Button("Train", ImVec2(button_w, 0))) train_start(s);
    rect_record(s, "train");
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(!t.running);
    if (ImGui::Button(t.paused ? "Resume" : "Pause", ImVec2(button_w, 0))) train_pause_toggle(s);
    rect_record(s, "pause");
    ImGui::SameLine();
    if (ImGui::Button("Stop", ImVec2(button_w, 0))) train_stop(s);
    rect_record(s, "stop");
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(t.running);  // decided when training starts
    ImGui::Checkbox("Keep in this browser", &s.library.keep);
    rect_record(s, "keep");
    ImGui::EndDisabled();
    item_tooltip("Saves the model after every epoch, so that it survives a reload or a closed tab");
    if (problem.empty() || t.running) return;
    // The model's own problem is shown once, with the layers (model_editor.cpp); here only where to look.
    std::vector<dl::LayerSpec> layers;
    text_problem(train_form_model(s.form, layers).empty() ? problem.c_str()
                                                          : "Not a valid model: see its Layers.");
}

// The running training's progress bar (model of the series, epoch, percentage, ETA) and speed.
void train_progress(const Training& t, const TrainSeries& series) {
    const Task& p = t.progress;
    char overlay[96] = "starting...";
    if (t.paused) {
        std::snprintf(overlay, sizeof overlay, "paused at %.0f%%", p.fraction() * 100.0);
    } else if (p.done > 0) {
        const int epoch = std::min(int(t.history.size()) + 1, t.epochs);
        // The models after this one take about as long an epoch as this one.
        const double later = t.seconds * p.total / p.done / t.epochs * series_epochs_after(series);
        const double eta = t.seconds * (p.total - p.done) / p.done + later;
        std::snprintf(overlay, sizeof overlay, "%sepoch %d/%d, %.0f%%, ETA %s", series_text(series).c_str(), epoch,
                      t.epochs, p.fraction() * 100.0, duration_text(eta).c_str());
    }
    task_progress_bar(p, overlay);
    if (t.seconds > 0)
        ImGui::Text("loss %.4f, accuracy %.2f%% (this epoch so far), %s images/s", t.loss, t.accuracy * 100.0,
                    count_text(t.images / t.seconds).c_str());
}

// The buttons, then the running training's progress.
void train_run(AppState& s) {
    train_controls(s);
    if (s.training.running) train_progress(s.training, s.series);
}

}  // namespace

void panel_train(AppState& s) {
    const ImVec2 room = ImGui::GetContentRegionAvail();
    // A wide and short tab (a phone on its side): settings and training side by side, so Train shows.
    const bool side_by_side = s.compact && room.x > 1.4f * room.y;
    if (side_by_side) {
        ImGui::BeginChild("settings", ImVec2((room.x - ImGui::GetStyle().ItemSpacing.x) / 2, 0));
        train_settings(s);
        ImGui::EndChild();
        ImGui::SameLine();
        ImGui::BeginChild("training");
        train_run(s);
    } else {
        // Train, Pause and Stop above the settings, which can be taller than the window (a CNN's layers,
        // Augmentation & schedule open): the buttons and the progress never scroll out of view.
        train_run(s);
        ImGui::Separator();
        train_settings(s);
        ImGui::Separator();
    }
    saved_models_section(s);
    ImGui::Separator();
    train_history(s);
    if (side_by_side) ImGui::EndChild();
}

}  // namespace app
