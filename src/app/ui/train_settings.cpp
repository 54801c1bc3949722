// The settings part of the Model & training panel: the model (an MLP of your own, a Kaggle tutorial's
// model such as softmax regression, or any of them edited layer by layer in model_editor.cpp, summarized in
// model_summary.cpp), the optimizer and the training loop's settings.
#include <imgui.h>

#include <algorithm>
#include <string>

#include "core/presets.hpp"
#include "state/train_form.hpp"
#include "ui.hpp"

namespace app {

namespace {

constexpr int kModelsMax = 10;  // "Models to train": more would rarely help an ensemble and take hours

void model_fields(AppState& s) {
    TrainForm& f = s.form;
    const int kinds = TrainForm::FirstPreset + int(dl::presets().size());
    // "Custom" is made by editing layers; it is offered once it exists.
    const bool custom_listed = f.model_kind == TrainForm::Custom || !f.custom_layers.empty();
    if (ImGui::BeginCombo("Model", train_form_kind_name(f.model_kind), ImGuiComboFlags_HeightLarge)) {
        for (int k = 0; k < kinds; ++k) {
            if (k == TrainForm::Custom && !custom_listed) continue;
            const dl::Preset* preset = train_form_kind_preset(k);
            // A heading where the tutorials' models start, and where ours follow them.
            const dl::Preset* before = k > TrainForm::FirstPreset ? preset - 1 : nullptr;
            if (preset && (!before || before->tutorial != preset->tutorial)) {
                ImGui::Separator();
                ImGui::TextDisabled(preset->tutorial ? "Models of Kaggle tutorials" : "Designed by DigitLab");
            }
            ImGui::PushID(k);  // a preset may share a built-in kind's name
            if (ImGui::Selectable(train_form_kind_name(k), k == f.model_kind)) {
                if (k >= TrainForm::FirstPreset) {
                    train_form_preset(f, k - TrainForm::FirstPreset);
                    s.predict_tta = preset->tta;  // part of the preset's recipe, as its ensemble size is
                } else
                    f.model_kind = k;
                f.layer_selected = -1;
            }
            rect_record(s, (std::string("model_kind:") + train_form_kind_name(k)).c_str());
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
    rect_record(s, "model_kind");
    if (const dl::Preset* preset = train_form_kind_preset(f.model_kind)) {
        text_hint(preset->origin.c_str());
        const std::string measured = dl::preset_measured_text(*preset);
        if (!measured.empty()) text_hint(measured.c_str());
    }
    if (f.model_kind != TrainForm::Mlp) return;
    ImGui::InputText("Hidden layers", f.hidden, sizeof f.hidden, ImGuiInputTextFlags_CharsNoBlank);
    rect_record(s, "hidden");
    item_tooltip("Units per hidden layer, comma-separated, e.g. 256,128");
    if (ImGui::BeginCombo("Activation", kActivations[f.activation].name)) {
        for (int i = 0; i < IM_ARRAYSIZE(kActivations); ++i)
            if (ImGui::Selectable(kActivations[i].name, i == f.activation)) f.activation = i;
        ImGui::EndCombo();
    }
    ImGui::SliderFloat("Dropout", &f.dropout, 0.f, 0.9f, "%.2f");
}

void optimizer_fields(AppState& s) {
    dl::TrainConfig& c = s.form.config;
    dl::OptimizerConfig& o = c.optimizer;
    if (ImGui::BeginCombo("Optimizer", dl::optimizer_kind_name(o.kind))) {
        for (auto kind : {dl::OptimizerKind::Sgd, dl::OptimizerKind::Adam, dl::OptimizerKind::RmsProp,
                          dl::OptimizerKind::Adadelta}) {
            // Switching takes the new optimizer's own defaults (learning rate above all): a working setup.
            if (ImGui::Selectable(dl::optimizer_kind_name(kind), kind == o.kind)) o = dl::optimizer_defaults(kind);
        }
        ImGui::EndCombo();
    }
    ImGui::InputFloat("Learning rate", &o.learning_rate, 0, 0, "%.6g");
    rect_record(s, "learning_rate");
    if (o.kind == dl::OptimizerKind::Sgd) {
        ImGui::SliderFloat("Momentum", &o.momentum, 0.f, 0.99f, "%.2f");
        ImGui::SameLine();
        ImGui::Checkbox("Nesterov", &o.nesterov);
    }
    if (o.kind == dl::OptimizerKind::RmsProp || o.kind == dl::OptimizerKind::Adadelta)
        ImGui::SliderFloat("Rho", &o.rho, 0.f, 0.999f, "%.3f");
    if (ImGui::BeginCombo("Loss", dl::loss_kind_name(c.loss))) {
        for (auto kind : {dl::LossKind::CrossEntropy, dl::LossKind::MeanAbsoluteError,
                          dl::LossKind::BinaryCrossEntropy})
            if (ImGui::Selectable(dl::loss_kind_name(kind), kind == c.loss)) c.loss = kind;
        ImGui::EndCombo();
    }
    // Shown with every loss: train_config_check refuses smoothing with the others, and the user must be able to
    // turn it off.
    ImGui::SliderFloat("Label smoothing", &c.label_smoothing, 0.f, 0.3f, c.label_smoothing > 0 ? "%.2f" : "off");
    item_tooltip("With the cross-entropy loss: trains towards s / 10 for each wrong digit and 1 - 9 s / 10 for "
                 "the right one, instead of 0 and 1 (s = 0.1 is typical): a model less sure of itself, which "
                 "often scores better");
    ImGui::SliderFloat("Weight average", &c.ema_decay, 0.f, 0.9999f, c.ema_decay > 0 ? "%.4f" : "off");
    item_tooltip("Decay per step of a moving average of the weights (0.999 is typical). Each epoch is "
                 "scored with the average, and training yields it: steadier weights, above all when "
                 "training stops before the learning rate has decayed");
    ImGui::InputInt("Batch size", &c.batch_size);
    rect_record(s, "batch_size");
    ImGui::InputInt("Epochs", &c.epochs);
    rect_record(s, "epochs");
    ImGui::SliderFloat("Validation split", &c.val_split, 0.f, 0.5f, "%.2f");
    ImGui::InputInt("Seed", &s.form.seed);
    rect_record(s, "seed");
    if (ImGui::InputInt("Models to train", &s.form.models)) s.form.models = std::clamp(s.form.models, 1, kModelsMax);
    rect_record(s, "models_to_train");
    item_tooltip("Trains this many models in turn (seeds seed, seed+1, ...), then uses them together as "
                 "an ensemble: their probabilities are averaged");
    for (const dl::PresetDesign& d : train_form_more(s.form))  // a recipe of two designs: what follows these
        ImGui::TextDisabled("then %d more of another design, %d epochs each (the recipe's)", d.count, d.config.epochs);
    ImGui::InputInt("Threads", &c.threads);
    item_tooltip("0 = one per CPU core");
}

}  // namespace

void train_settings(AppState& s) {
    ImGui::PushItemWidth(ImGui::GetContentRegionAvail().x * 0.5f);
    ImGui::BeginDisabled(s.training.running);  // the settings of a running training cannot change
    model_fields(s);
    model_editor(s);
    model_summary_section(s);
    optimizer_fields(s);
    augment_schedule_section(s);
    ImGui::EndDisabled();
    ImGui::PopItemWidth();
}

}  // namespace app
