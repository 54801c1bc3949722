// The Model & training panel: settings (train_settings.cpp), Train / Stop with progress, ETA and speed, and
// the results per epoch (train_history.cpp) with, in tabs, the validation set's confusion matrix and
// mistakes (validation_view.cpp).
#include <imgui.h>

#include <algorithm>
#include <cstdio>

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
        s.status = "Training...";
    }
    rect_record(s, "train");
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(!t.running);
    if (ImGui::Button("Stop", ImVec2(100, 0))) worker_send(dl::Message{"stop", {}, {}});
    rect_record(s, "stop");
    ImGui::EndDisabled();
    if (!problem.empty() && !t.running) text_problem(problem.c_str());
}

// The running training's progress bar (epoch, percentage, ETA) and speed.
void train_progress(const Training& t) {
    const Task& p = t.progress;
    char overlay[96] = "starting...";
    if (p.done > 0) {
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
    ImGui::Separator();
    if (!ImGui::BeginTabBar("results")) return;
    if (tab_item(s, "Progress", "tab_progress")) {
        train_history(s.training);
        ImGui::EndTabItem();
    }
    // What the weights get right and wrong, once an epoch has been validated.
    if (s.training.validation.epoch > 0) {
        if (tab_item(s, "Confusion", "tab_confusion")) {
            validation_confusion(s);
            ImGui::EndTabItem();
        }
        if (tab_item(s, "Mistakes", "tab_mistakes")) {
            validation_mistakes(s);
            ImGui::EndTabItem();
        }
    }
    ImGui::EndTabBar();
}

}  // namespace app
