// The Summary section of the Model & training panel: the chosen model as Keras' model.summary() shows it
// (layer, output shape, parameters, totals with the non-trainable ones), from the layer settings alone, so
// that it is there before training and follows every edit.
#include <imgui.h>

#include <string>

#include "state/text_format.hpp"
#include "state/train_form.hpp"
#include "ui.hpp"

namespace app {

namespace {

// Keras' form: "(None, 24, 24, 32)", or "(None, 128)" for a flat vector.
std::string keras_shape_text(dl::Shape s) {
    if (s.h == 1 && s.w == 1) return "(None, " + std::to_string(s.c) + ")";
    return "(None, " + std::to_string(s.h) + ", " + std::to_string(s.w) + ", " + std::to_string(s.c) + ")";
}

void summary_table(const std::vector<dl::LayerSpec>& layers) {
    const ImGuiTableFlags flags = ImGuiTableFlags_BordersOuterH | ImGuiTableFlags_BordersInnerH |
                                  ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("summary", 3, flags)) return;
    ImGui::TableSetupColumn("Layer (type)", ImGuiTableColumnFlags_WidthStretch, 3);
    ImGui::TableSetupColumn("Output Shape", ImGuiTableColumnFlags_WidthStretch, 3);
    ImGui::TableSetupColumn("Param #", ImGuiTableColumnFlags_WidthStretch, 2);
    ImGui::TableHeadersRow();
    dl::Shape shape = dl::kInputShape;
    for (size_t i = 0; i < layers.size(); ++i) {
        const dl::ParamCount params = dl::layer_spec_param_count(layers[i], shape);
        shape = dl::layer_output_shape(layers[i], shape);
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::Text("%s %d", dl::layer_kind_name(layers[i].kind), int(i + 1));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(keras_shape_text(shape).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(count_text(double(params.total())).c_str());
    }
    ImGui::EndTable();
}

}  // namespace

void model_summary_section(AppState& s) {
    const bool open = ImGui::CollapsingHeader("Summary");
    rect_record(s, "summary");
    if (!open) return;
    std::vector<dl::LayerSpec> layers;
    if (!train_form_model(s.form, layers).empty()) {
        text_hint("No summary: the model is not valid (see Layers).");
        return;
    }
    summary_table(layers);
    const dl::ParamCount total = dl::layers_param_count(layers);
    ImGui::Text("Total params: %s", count_text(double(total.total())).c_str());
    ImGui::Text("Trainable params: %s", count_text(double(total.trainable)).c_str());
    ImGui::Text("Non-trainable params: %s", count_text(double(total.frozen)).c_str());
}

}  // namespace app
