// The models kept in this browser (model_store.hpp), as a table in the Model & training panel: name (edit it
// to rename), epochs, best validation accuracy, date, a tick for an ensemble, and Use / Download / Delete;
// below it, the ensemble in use or the button that makes the ticked models one (ensemble_use.hpp).
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "state/ensemble_use.hpp"
#include "state/model_store.hpp"
#include "ui.hpp"

namespace app {

namespace {

constexpr int kRowsShown = 5;  // more scroll, so the charts below keep their room

// A button whose rectangle the tests find as "<name>:<row>".
bool row_button(AppState& s, const char* label, const char* name, int row) {
    ImGui::PushID(name);
    const bool clicked = ImGui::SmallButton(label);
    ImGui::PopID();
    rect_record(s, (std::string(name) + ":" + std::to_string(row)).c_str());
    return clicked;
}

// Returns the action the user asked for on this row.
enum Action { kNone, kUse, kDownload, kDelete };

Action saved_row(AppState& s, int row) {
    SavedModel& m = s.library.models[size_t(row)];
    const dl::RunRecord& r = m.record;
    Action action = kNone;
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::SetNextItemWidth(-1);
    // A click selects the whole name: renaming means typing a new one.
    ImGui::InputText("##name", m.name_edit, sizeof m.name_edit, ImGuiInputTextFlags_AutoSelectAll);
    rect_record(s, ("saved_name:" + std::to_string(row)).c_str());
    if (ImGui::IsItemDeactivated()) store_model_rename(s, row);  // Enter, a click elsewhere or Tab
    // When it was started, in a tooltip: a column of its own would leave the name too little room.
    if (ImGui::IsItemHovered() && !ImGui::IsItemActive()) {
        const std::time_t t = std::time_t(r.created_ms / 1000);
        char when[32];
        std::strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", std::localtime(&t));
        tooltip("Started %s. Click to rename.", when);
    }
    ImGui::TableNextColumn();
    const bool current = m.id == s.library.current_id;
    const bool running = m.id == s.library.run_id;
    ImGui::Text("%d/%d%s%s", r.weights_epoch, r.config.epochs, running ? " (training)" : "",
                !running && !r.finished ? " (interrupted)" : "");
    ImGui::TableNextColumn();
    if (!r.history.empty()) ImGui::Text("%.2f%%", dl::run_record_best_accuracy(r) * 100.0);
    ImGui::TableNextColumn();
    ImGui::Checkbox("##pick", &m.picked);
    rect_record(s, ("saved_pick:" + std::to_string(row)).c_str());
    ImGui::TableNextColumn();
    ImGui::BeginDisabled(current || s.training.running);
    if (row_button(s, current ? "In use" : "Use", "saved_use", row)) action = kUse;
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (row_button(s, "Download", "saved_download", row)) action = kDownload;
    ImGui::SameLine();
    if (row_button(s, "Delete", "saved_delete", row)) action = kDelete;
    return action;
}

// The ticked models' keys, in the list's order (newest first).
std::vector<double> picked_ids(const Library& l) {
    std::vector<double> ids;
    for (const SavedModel& m : l.models)
        if (m.picked) ids.push_back(m.id);
    return ids;
}

// Under the list: which ensemble is in use and the way back to one model, or the button that makes the
// ticked models the ensemble.
void ensemble_line(AppState& s) {
    const std::vector<double> picked = picked_ids(s.library);
    const EnsembleInUse& e = s.ensemble;
    std::vector<double> in_use = e.ids;  // a series' ensemble is oldest first, the list newest first
    std::sort(in_use.rbegin(), in_use.rend());
    if (e.in_use()) {
        ImGui::Text("Using an ensemble of %d models.", int(e.ids.size()));
        rect_record(s, "ensemble_status");
        ImGui::SameLine();
        if (ImGui::SmallButton("Use one model")) ensemble_leave(s);
        rect_record(s, "ensemble_leave");
        item_tooltip("The first model of the ensemble alone");
    }
    if (picked == in_use) return;
    if (picked.size() < 2) {
        if (!e.in_use()) text_hint("Tick two or more models to use them together, as an ensemble.");
        return;
    }
    ImGui::BeginDisabled(s.training.running || !e.loading.empty());
    char label[64];
    std::snprintf(label, sizeof label, "Use the %d ticked models as an ensemble", int(picked.size()));
    if (ImGui::SmallButton(label)) ensemble_load(s, picked);
    rect_record(s, "ensemble_use");
    ImGui::EndDisabled();
    item_tooltip("The pad and Predict average the models' probabilities");
}

}  // namespace

void saved_models_section(AppState& s) {
    Library& l = s.library;
    char title[64];
    std::snprintf(title, sizeof title, "Saved in this browser (%d)###saved", int(l.models.size()));
    const bool open = ImGui::CollapsingHeader(title, ImGuiTreeNodeFlags_DefaultOpen);
    rect_record(s, "saved");
    if (!open) return;
    if (l.models.empty()) {
        text_hint(l.listed ? "Nothing yet. With \"Keep in this browser\" on, each training's model is saved "
                             "here after every epoch and comes back after a reload."
                           : "Reading the models saved in this browser...");
        return;
    }
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_SizingStretchProp;
    const float row_h = ImGui::GetFrameHeightWithSpacing();
    const float h = row_h * float(std::min(int(l.models.size()), kRowsShown) + 1) + 4;
    if (!ImGui::BeginTable("saved_models", 5, flags, ImVec2(0, h))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthStretch, 3.f);
    ImGui::TableSetupColumn("Epoch", ImGuiTableColumnFlags_WidthStretch, 1.2f);
    ImGui::TableSetupColumn("Best val", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("Best val").x);
    ImGui::TableSetupColumn("Ensemble", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("Ensemble").x);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed,
                            ImGui::CalcTextSize("In useDownloadDelete").x + 6 * ImGui::GetStyle().FramePadding.x +
                                2 * ImGui::GetStyle().ItemSpacing.x);
    ImGui::TableHeadersRow();
    int act_row = -1;
    Action action = kNone;
    for (int row = 0; row < int(l.models.size()); ++row) {
        ImGui::PushID(row);
        if (const Action a = saved_row(s, row); a != kNone) {
            action = a;
            act_row = row;
        }
        ImGui::PopID();
    }
    ImGui::EndTable();
    // After the table: a delete changes the list the loop walks.
    if (action == kUse) store_model_use(s, act_row);
    if (action == kDownload) store_model_download(s, act_row);
    if (action == kDelete) store_model_delete(s, act_row);
    ensemble_line(s);
}

}  // namespace app
