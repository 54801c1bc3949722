// The Model & training panel's "Augmentation & schedule" section: on-the-fly augmentation of the training
// images (dl::AugmentConfig) with a preview on train.csv's own first images, the learning-rate schedule
// (dl::ScheduleConfig; the Live tab's learning-rate chart shows it batch by batch), keep-best and early
// stopping. Everything edits the form's TrainConfig, so the worker trains with exactly what is shown.
#include <imgui.h>

#include <string>

#include "digit_grid.hpp"
#include "state/train_form.hpp"
#include "ui.hpp"

namespace app {

namespace {

// Two rows of thumbnails: the originals, and below each its augmented copy. Asks for new images whenever the
// settings or train.csv changed since the shown ones were made.
void augment_preview(AppState& s) {
    AugmentPreview& p = s.augment_preview;
    if (s.train_set.rows == 0) return text_hint("Load train.csv to preview the augmentation on its images.");
    if (augment_preview_stale(s) && !p.pending && s.worker_ready && !s.training.running) augment_preview_request(s);
    ImGui::BeginDisabled(p.pending || !s.worker_ready);
    if (ImGui::Button("New sample")) augment_preview_request(s);
    rect_record(s, "augment_new_sample");
    ImGui::EndDisabled();
    ImGui::SameLine();
    text_hint("train.csv's first images (top) and a random augmentation of each (below)");
    if (p.count == 0) return;
    static DigitStrip strip;
    strip.strip_update(p.images.data(), 2 * p.count, p.version);
    ImGui::BeginGroup();
    digit_grid(strip, 2 * p.count, p.count, 16, 40, [](int, float) {});
    ImGui::EndGroup();
    rect_record(s, "augment_preview");
}

void augment_fields(AppState& s) {
    dl::AugmentConfig& a = s.form.config.augment;
    bool on = a.enabled();
    if (ImGui::Checkbox("Augment training images", &on)) {
        a = on ? dl::kAugmentUsual : dl::AugmentConfig{};  // off: every strength 0
    }
    rect_record(s, "augment");
    item_tooltip("Each training image is randomly rotated, zoomed, shifted (and distorted) every time it is "
                 "used; validation images are not.");
    if (!on) return;
    ImGui::SliderFloat("Rotation", &a.rotation, 0.f, 45.f, "%.0f degrees");
    rect_record(s, "augment_rotation");
    ImGui::SliderFloat("Zoom", &a.zoom, 0.f, 0.5f, "%.2f");
    ImGui::SliderFloat("Shift", &a.shift, 0.f, 0.3f, "%.2f");
    item_tooltip("Largest shift as a fraction of the image side (0.1 = 2.8 pixels)");
    ImGui::SliderFloat("Elastic", &a.elastic, 0.f, 8.f, "%.1f px");
    item_tooltip("Strength of an elastic distortion in pixels (Simard et al.); 0 = off");
    augment_preview(s);
}

void schedule_fields(AppState& s) {
    dl::ScheduleConfig& c = s.form.config.schedule;
    if (ImGui::BeginCombo("LR schedule", dl::schedule_kind_name(c.kind))) {
        for (uint32_t k = 0; k <= uint32_t(dl::ScheduleKind::OneCycle); ++k) {
            const auto kind = dl::ScheduleKind(k);
            if (ImGui::Selectable(dl::schedule_kind_name(kind), kind == c.kind)) c.kind = kind;
            rect_record(s, (std::string("schedule:") + dl::schedule_kind_name(kind)).c_str());
        }
        ImGui::EndCombo();
    }
    rect_record(s, "schedule");
    using K = dl::ScheduleKind;
    if (c.kind == K::StepDecay || c.kind == K::Exponential || c.kind == K::ReduceOnPlateau)
        ImGui::SliderFloat("Factor", &c.factor, 0.05f, 1.f, "x %.2f");
    if (c.kind == K::StepDecay) ImGui::InputInt("Every (epochs)", &c.every);
    if (c.kind == K::ReduceOnPlateau) ImGui::InputInt("Patience (epochs)", &c.patience);
    if (c.kind == K::Cosine || c.kind == K::OneCycle) ImGui::InputFloat("Final rate", &c.min_lr, 0, 0, "%.6g");
    const char* hints[] = {"The learning rate stays as set.",
                           "Multiplied by the factor every few epochs.",
                           "Multiplied by the factor each epoch, smoothly batch by batch.",
                           "Multiplied by the factor when the validation loss stops improving.",
                           "Falls along a cosine from the learning rate to the final rate.",
                           "Rises from 1/25 of the learning rate over the first 30%, then falls along a cosine."};
    if (uint32_t(c.kind) < uint32_t(IM_ARRAYSIZE(hints))) text_hint(hints[uint32_t(c.kind)]);
}

}  // namespace

void augment_schedule_section(AppState& s) {
    const bool open = ImGui::CollapsingHeader("Augmentation & schedule");
    rect_record(s, "augment_header");
    if (!open) return;
    augment_fields(s);
    ImGui::Separator();
    schedule_fields(s);
    dl::TrainConfig& c = s.form.config;
    ImGui::Checkbox("Keep best weights", &c.keep_best);
    rect_record(s, "keep_best");
    item_tooltip("At the end, go back to the epoch with the best validation accuracy");
    ImGui::InputInt("Early stopping", &c.early_stopping);
    rect_record(s, "early_stopping");
    item_tooltip("Stop when the validation accuracy has not improved for this many epochs; 0 = never");
}

}  // namespace app
