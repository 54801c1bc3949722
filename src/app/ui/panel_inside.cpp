// The Draw panel's "Inside the model" section, below the prediction: which model the pad uses, and, when
// opened, the first layer's weights as small images (a CNN's filters; for an MLP the weights of its first
// 16 units over the 28x28 pixels) and every convolution's activation maps for the digit on the pad, so one
// can see what the model responds to. Hovering an image shows it large.
#include <imgui.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "state/default_model.hpp"
#include "digit_strip.hpp"
#include "ui.hpp"

namespace app {

namespace {

constexpr int kMaxFilters = 64;  // a first convolution's filters shown (all of them in the usual models)
constexpr int kMaxUnits = 16;    // an MLP's first units shown
constexpr int kPerRow = 16;      // images per row at the panel's width
constexpr float kZoomSide = 112.f;

// The view follows the pad: pad_update() bumps image_version after every new forward pass (new strokes or
// a new model), which leaves the layers' outputs of that pass in the model.
void inside_update(InsideView& v, const Pad& pad, const TrainedModel& m) {
    if (v.version == pad.image_version) return;
    v.version = pad.image_version;
    v.weights = dl::ImageStack{};
    v.maps.clear();
    if (!m.present) return;
    v.weights = dl::first_layer_weights(m.model, kMaxFilters);
    if (v.weights.layer >= 0 && m.model.layers[size_t(v.weights.layer)].spec.kind == dl::LayerKind::Dense)
        v.weights = dl::first_layer_weights(m.model, kMaxUnits);
    if (pad.prediction >= 0) v.maps = dl::model_feature_maps(m.model, 0);
}

// Grey bytes for display, one scale for the whole stack so that weak images look weak. Weights (signed):
// mid grey is zero, white the largest magnitude positive, black negative. Maps: black is zero (or the
// lowest value, for a convolution without ReLU), white the largest activation.
std::vector<uint8_t> stack_grey(const dl::ImageStack& st, bool is_signed) {
    float lo = 0, hi = 0;
    for (float v : st.values) lo = std::min(lo, v), hi = std::max(hi, v);
    if (is_signed) hi = std::max(hi, -lo), lo = -hi;
    const float scale = hi > lo ? 255.f / (hi - lo) : 0.f;
    std::vector<uint8_t> grey(st.values.size());
    for (size_t i = 0; i < grey.size(); ++i) grey[i] = uint8_t(std::clamp((st.values[i] - lo) * scale + 0.5f, 0.f, 255.f));
    return grey;
}

// The stack's images in rows of kPerRow, as one group whose rectangle is recorded as `name`.
void stack_show(AppState& s, const char* name, const DigitStrip& strip, const char* what) {
    const float gap = 2.f;
    const float cell = std::max(8.f, (ImGui::GetContentRegionAvail().x - gap * (kPerRow - 1)) / kPerRow);
    ImGui::BeginGroup();
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(gap, gap));
    for (int i = 0; i < strip.count(); ++i) {
        if (i % kPerRow) ImGui::SameLine();
        strip.strip_image(i, cell);
        if (ImGui::IsItemHovered()) {
            ImGui::BeginTooltip();
            strip.strip_image(i, kZoomSide);
            ImGui::Text("%s %d", what, i + 1);
            ImGui::EndTooltip();
        }
    }
    ImGui::PopStyleVar();
    ImGui::EndGroup();
    rect_record(s, name);
}

std::string model_name(const AppState& s) {
    const TrainedModel& m = s.model;
    // The pad averages the ensemble; the look inside is at its first member, the current model.
    if (s.ensemble.in_use())
        return "an ensemble of " + std::to_string(s.ensemble.ids.size()) + " models (inside: the first)";
    if (m.pretrained) return kDefaultModelName;
    if (!m.file_name.empty()) return m.file_name;
    return "trained here, epoch " + std::to_string(m.epoch);
}

}  // namespace

void panel_inside(AppState& s) {
    InsideView& v = s.inside;
    inside_update(v, s.pad, s.model);
    ImGui::Spacing();
    ImGui::TextDisabled("Model: %s", model_name(s).c_str());
    rect_record(s, "pad_model");
    const bool open = ImGui::CollapsingHeader("Inside the model");
    rect_record(s, "inside");
    if (!open) return;

    // Textures follow the view's version, uploaded only while the section is open.
    static DigitStrip weights_strip;
    static std::vector<std::unique_ptr<DigitStrip>> map_strips;
    static int uploaded = -1;
    if (uploaded != v.version) {
        uploaded = v.version;
        weights_strip.strip_update(stack_grey(v.weights, true).data(), v.weights.count, v.version, v.weights.h);
        while (map_strips.size() < v.maps.size()) map_strips.push_back(std::make_unique<DigitStrip>());
        for (size_t i = 0; i < v.maps.size(); ++i)
            map_strips[i]->strip_update(stack_grey(v.maps[i], false).data(), v.maps[i].count, v.version, v.maps[i].h);
    }

    ImGui::BeginGroup();
    const std::vector<dl::Layer>& layers = s.model.model.layers;
    if (v.weights.count == 0) {
        text_hint("The first layer has no weights to show as images (neither a convolution nor a dense layer "
                  "on the pixels).");
    } else {
        const bool conv = layers[size_t(v.weights.layer)].spec.kind == dl::LayerKind::Conv2D;
        ImGui::Text(conv ? "First layer's filters (%d, %dx%d)" : "First layer's weights, units 1-%d (%dx%d)",
                    v.weights.count, v.weights.h, v.weights.w);
        item_tooltip("Grey is 0, white positive, black negative weights.\n%s",
                     conv ? "A filter responds to strokes that look like its white part."
                          : "A unit responds to ink on its white pixels, and against ink on its black ones.");
        stack_show(s, "inside_filters", weights_strip, conv ? "filter" : "unit");
    }

    if (v.maps.empty()) {
        const bool has_conv = std::any_of(layers.begin(), layers.end(),
                                          [](const dl::Layer& l) { return l.spec.kind == dl::LayerKind::Conv2D; });
        text_hint(!has_conv           ? "This model has no convolutions: no activation maps to show."
                  : s.pad.has_ink     ? "No activation maps for this drawing."
                                      : "Draw a digit: each convolution's activation maps appear here.");
    } else {
        ImGui::BeginGroup();
        for (size_t i = 0; i < v.maps.size(); ++i) {
            const dl::ImageStack& m = v.maps[i];
            ImGui::Text("Layer %d, %s: %d maps %dx%d", m.layer + 1, dl::layer_text(layers[size_t(m.layer)].spec).c_str(),
                        m.count, m.h, m.w);
            item_tooltip("What each filter of this convolution finds in the drawn digit (after its "
                         "activation);\nwhite is the strongest response in the layer.");
            stack_show(s, ("inside_maps:" + std::to_string(i)).c_str(), *map_strips[i], "map");
        }
        ImGui::EndGroup();
        rect_record(s, "inside_maps");
    }
    ImGui::EndGroup();
    rect_record(s, "inside_view");
}

}  // namespace app
