// The model editor, in the Model & training panel: the chosen model's layers as a table (what each layer
// is, the shape it outputs, its parameters) with small buttons to move and remove layers, a menu to add
// one, and the selected layer's settings below. Any edit turns the model into "Custom", keeping the
// training settings (a preset's optimizer, batch size and epochs stay). Shapes and counts come from the
// layer settings alone, so they follow every keystroke; dl::layers_check() says what makes a model
// impossible, and Train stays disabled until that is fixed (train_form_config applies the same check).
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <utility>

#include "state/text_format.hpp"
#include "state/train_form.hpp"
#include "ui.hpp"

namespace app {

namespace {

using K = dl::LayerKind;

// Every kind, in the order the menus offer them: the ones that shape the data first, activations last.
constexpr K kKinds[] = {K::Dense,     K::Conv2D,  K::MaxPool2D, K::AvgPool2D, K::ZeroPadding2D, K::BatchNorm,
                        K::Dropout,   K::Flatten, K::Relu,      K::Tanh,      K::Sigmoid,       K::Selu};
constexpr dl::Init kInits[] = {dl::Init::GlorotUniform, dl::Init::HeNormal, dl::Init::LecunNormal};

// A new layer of `kind` with the classic tutorials' settings, so that it fits a usual model as it is.
dl::LayerSpec layer_default(K kind) {
    dl::LayerSpec l;
    l.kind = kind;
    if (kind == K::Dense) l.units = 128;
    if (kind == K::Conv2D) l.units = 32, l.kernel = 3;
    if (kind == K::MaxPool2D || kind == K::AvgPool2D) l.kernel = 2, l.stride = 2;
    if (kind == K::Dropout) l.rate = 0.25f;
    if (kind == K::ZeroPadding2D) l.pad = 1;
    return l;
}

// "24x24x32", or "128" for a flat vector.
std::string shape_text(dl::Shape s) {
    char text[48];
    if (s.h == 1 && s.w == 1)
        std::snprintf(text, sizeof text, "%d", s.c);
    else
        std::snprintf(text, sizeof text, "%dx%dx%d", s.h, s.w, s.c);
    return text;
}

std::string rect_name(int row, const char* what) { return "layer_" + std::to_string(row + 1) + what; }

// [SECTION] The table

enum class RowAction { None, Up, Down, Remove };

// Draws the layers, one row each; a click on a row selects it. Returns true if `layers` was changed.
bool layer_table(AppState& s, std::vector<dl::LayerSpec>& layers) {
    int& selected = s.form.layer_selected;
    const ImGuiTableFlags flags =
        ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("layers", 5, flags)) return false;
    const float button = ImGui::GetFrameHeight();
    ImGui::TableSetupColumn("#");
    ImGui::TableSetupColumn("Layer", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("Output");
    ImGui::TableSetupColumn("Params");
    ImGui::TableSetupColumn("", 0, 3 * button + 2 * ImGui::GetStyle().ItemSpacing.x);
    ImGui::TableHeadersRow();

    int acted = -1;
    RowAction action = RowAction::None;
    dl::Shape shape = dl::kInputShape;
    bool fits = true;  // every shape so far is at least 1x1: the counts below mean something
    const int rows = int(layers.size());
    for (int i = 0; i < rows; ++i) {
        const dl::LayerSpec& l = layers[size_t(i)];
        const dl::ParamCount params = dl::layer_spec_param_count(l, shape);
        shape = dl::layer_output_shape(l, shape);
        fits = fits && shape.h >= 1 && shape.w >= 1 && shape.c >= 1;
        ImGui::PushID(i);
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        char number[16];
        std::snprintf(number, sizeof number, "%d", i + 1);
        // The row is one selectable; the buttons drawn over it in the last column still take their clicks.
        if (ImGui::Selectable(number, i == selected,
                              ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap))
            selected = i == selected ? -1 : i;
        rect_record(s, rect_name(i, "").c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(dl::layer_text(l).c_str());
        ImGui::TableNextColumn();
        if (fits)
            ImGui::TextUnformatted(shape_text(shape).c_str());
        else
            text_problem(shape.h < 1 || shape.w < 1 ? "< 1x1" : "-");
        ImGui::TableNextColumn();
        if (fits) ImGui::TextUnformatted(count_text(double(params.total())).c_str());
        ImGui::TableNextColumn();
        ImGui::BeginDisabled(i == 0);
        if (ImGui::ArrowButton("up", ImGuiDir_Up)) acted = i, action = RowAction::Up;
        rect_record(s, rect_name(i, "_up").c_str());
        ImGui::EndDisabled();
        ImGui::SameLine();
        ImGui::BeginDisabled(i == rows - 1);
        if (ImGui::ArrowButton("down", ImGuiDir_Down)) acted = i, action = RowAction::Down;
        rect_record(s, rect_name(i, "_down").c_str());
        ImGui::EndDisabled();
        ImGui::SameLine();
        if (ImGui::Button("x", ImVec2(button, 0))) acted = i, action = RowAction::Remove;
        rect_record(s, rect_name(i, "_remove").c_str());
        item_tooltip("Remove this layer");
        ImGui::PopID();
    }
    ImGui::EndTable();

    // Applied after drawing, so that every row above was drawn from the same list.
    const size_t at = size_t(acted);
    switch (action) {
        case RowAction::None: return false;
        case RowAction::Up:
            std::swap(layers[at - 1], layers[at]);
            selected = acted - 1;
            break;
        case RowAction::Down:
            std::swap(layers[at], layers[at + 1]);
            selected = acted + 1;
            break;
        case RowAction::Remove:
            layers.erase(layers.begin() + acted);
            if (selected == acted)
                selected = -1;
            else if (selected > acted)
                --selected;
            break;
    }
    return true;
}

// [SECTION] Adding a layer

// "Add layer..." and its menu of kinds. The new layer goes after the selected row, else before the last
// layer (the classifier, which must stay last), and becomes the selected one.
bool layer_add_menu(AppState& s, std::vector<dl::LayerSpec>& layers) {
    if (ImGui::Button("Add layer...")) ImGui::OpenPopup("add_layer_menu");
    rect_record(s, "add_layer");
    if (!ImGui::BeginPopup("add_layer_menu")) return false;
    bool added = false;
    for (K kind : kKinds) {
        if (ImGui::Selectable(dl::layer_kind_name(kind))) {
            int& selected = s.form.layer_selected;
            const int at = selected >= 0 ? selected + 1 : std::max(int(layers.size()) - 1, 0);
            layers.insert(layers.begin() + at, layer_default(kind));
            selected = at;
            added = true;
        }
        rect_record(s, (std::string("add_layer:") + dl::layer_kind_name(kind)).c_str());
    }
    ImGui::EndPopup();
    return added;
}

// [SECTION] The selected layer's settings

bool init_combo(dl::Init& init) {
    bool changed = false;
    if (ImGui::BeginCombo("Initializer", dl::init_name(init))) {
        for (dl::Init i : kInits)
            if (ImGui::Selectable(dl::init_name(i), i == init)) init = i, changed = true;
        ImGui::EndCombo();
    }
    return changed;
}

// A small integer field.
bool int_field(AppState& s, const char* label, const char* rect, int& value) {
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 4);
    const bool changed = ImGui::InputInt(label, &value, 0);
    rect_record(s, rect);
    return changed;
}

// The kind, then the settings of that kind below it. Returns true if the layer was changed.
bool layer_fields(AppState& s, int index, dl::LayerSpec& l) {
    bool changed = false;
    ImGui::Text("Layer %d:", index + 1);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 11);
    if (ImGui::BeginCombo("##kind", dl::layer_kind_name(l.kind))) {
        for (K kind : kKinds) {
            // A new kind starts from its own defaults: the old kind's numbers mean something else.
            if (ImGui::Selectable(dl::layer_kind_name(kind), kind == l.kind) && kind != l.kind)
                l = layer_default(kind), changed = true;
        }
        ImGui::EndCombo();
    }
    rect_record(s, "layer_kind");
    switch (l.kind) {
        case K::Dense: changed |= int_field(s, "Units", "layer_units", l.units); break;
        case K::Conv2D:
        case K::MaxPool2D:
        case K::AvgPool2D:
            if (l.kind == K::Conv2D) {
                changed |= int_field(s, "Filters", "layer_units", l.units);
                ImGui::SameLine();
            }
            changed |= int_field(s, l.kind == K::Conv2D ? "Kernel" : "Pool size", "layer_kernel", l.kernel);
            ImGui::SameLine();
            changed |= int_field(s, "Stride", "layer_stride", l.stride);
            ImGui::SameLine();
            changed |= ImGui::Checkbox("'same' padding", &l.same);
            break;
        case K::Dropout:
            ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
            changed |= ImGui::SliderFloat("Rate", &l.rate, 0.f, 0.95f, "%.2f");
            break;
        case K::ZeroPadding2D: changed |= int_field(s, "Pixels per side", "layer_pad", l.pad); break;
        case K::BatchNorm:
            ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5);
            changed |= ImGui::InputFloat("Momentum", &l.momentum, 0, 0, "%.3f");
            ImGui::SameLine();
            ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5);
            changed |= ImGui::InputFloat("Epsilon", &l.epsilon, 0, 0, "%g");
            break;
        default: break;  // activations and Flatten have no settings
    }
    if (l.kind == K::Dense || l.kind == K::Conv2D) changed |= init_combo(l.init);
    return changed;
}

}  // namespace

void model_editor(AppState& s) {
    TrainForm& f = s.form;
    std::vector<dl::LayerSpec> layers;
    const std::string form_problem = train_form_layers(f, layers);
    const std::string problem = form_problem.empty() ? dl::layers_check(layers) : form_problem;
    char header[96];
    if (problem.empty())
        std::snprintf(header, sizeof header, "Layers: %d, %s parameters###layers", int(layers.size()),
                      count_text(double(dl::layers_param_count(layers).total())).c_str());
    else
        std::snprintf(header, sizeof header, "Layers: %d, not a valid model###layers", int(layers.size()));
    const bool open = ImGui::CollapsingHeader(header);
    rect_record(s, "layers");
    // The model's problem is shown here only (Train points here), open or closed.
    if (!open) {
        if (!problem.empty()) text_problem(problem.c_str());
        return;
    }
    if (!form_problem.empty()) {  // the MLP fields make no layer list to edit
        text_problem(form_problem.c_str());
        return;
    }
    if (f.layer_selected >= int(layers.size())) f.layer_selected = -1;
    bool changed = layer_table(s, layers);
    changed |= layer_add_menu(s, layers);
    if (f.layer_selected >= 0)
        changed |= layer_fields(s, f.layer_selected, layers[size_t(f.layer_selected)]);
    else
        text_hint("Click a layer to change its settings.");
    if (changed) train_form_customize(f, std::move(layers));
    // The check of the list as drawn; an edit made this frame is checked on the next one.
    if (!problem.empty()) text_problem(problem.c_str());
}

}  // namespace app
