// The Model & training panel: settings (train_settings.cpp), Train / Pause / Stop with progress, ETA and
// speed, the models saved in this browser (panel_saved.cpp), and the results in tabs (train_history.cpp).
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "model_store.hpp"
#include "text_format.hpp"
#include "train_form.hpp"
#include "ui.hpp"
#include "worker_bridge.hpp"

namespace app {

namespace {

void train_controls(AppState& s) {
    dl::TrainConfig config;
    std::string problem;
    const bool startable = train_startable(s, config, problem);
    Training& t = s.training;

    ImGui::BeginDisabled(!startable);
    if (ImGui::Button("Train", ImVec2(100, 0))) {
        worker_send(train_message(config));
        error_clear(s, "train");
        t = Training{};
        t.running = true;
        t.epochs = config.epochs;
        const dl::RunRecord run = run_record_start(config, train_form_title(s.form));
        s.runs.push_back(SessionRun{run});
        store_run_begin(s, run);
        s.status = "Training...";
    }
    rect_record(s, "train");
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(!t.running);
    // The label follows the worker's confirmation, so a quick second click never sends the same request twice.
    if (ImGui::Button(t.paused ? "Resume" : "Pause", ImVec2(100, 0)))
        worker_send(dl::Message{t.paused ? "resume" : "pause", {}, {}});
    rect_record(s, "pause");
    ImGui::SameLine();
    if (ImGui::Button("Stop", ImVec2(100, 0))) worker_send(dl::Message{"stop", {}, {}});
    rect_record(s, "stop");
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(t.running);  // decided when training starts
    ImGui::Checkbox("Keep in this browser", &s.library.keep);
    rect_record(s, "keep");
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("Saves the model after every epoch, so that it survives a reload or a closed tab");
    if (!problem.empty() && !t.running) text_problem(problem.c_str());
}

// The running training's progress bar (epoch, percentage, ETA) and speed.
void train_progress(const Training& t) {
    const Task& p = t.progress;
    char overlay[96] = "starting...";
    if (t.paused) {
        std::snprintf(overlay, sizeof overlay, "paused at %.0f%%", p.fraction() * 100.0);
    } else if (p.done > 0) {
        const int epoch = std::min(int(t.history.size()) + 1, t.epochs);
        const double eta = t.seconds * (p.total - p.done) / p.done;
        std::snprintf(overlay, sizeof overlay, "epoch %d/%d, %.0f%%, ETA %s", epoch, t.epochs,
                      p.fraction() * 100.0, duration_text(eta).c_str());
    }
    task_progress_bar(p, overlay);
    if (t.seconds > 0)
        ImGui::Text("loss %.4f, accuracy %.2f%% (this epoch so far), %s images/s", t.loss, t.accuracy * 100.0,
                    count_text(t.images / t.seconds).c_str());
}

}  // namespace

void panel_train(AppState& s) {
    train_settings(s);
    ImGui::Separator();
    train_controls(s);
    if (s.training.running) train_progress(s.training);
    saved_models_section(s);
    ImGui::Separator();
    train_history(s);
}

}  // namespace app
