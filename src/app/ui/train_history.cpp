// The results part of the Model & training panel, in tabs:
//   Live       smoothed loss and accuracy per batch, learning rate and images/s, zoomable (one view for all);
//   Per epoch  loss and accuracy per epoch, as charts and a table;
//   Compare    validation accuracy and loss per epoch of every run of this visit, each one can be hidden;
//   Confusion, Mistakes  the validation set as the current weights predict it (validation_view.cpp).
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "chart.hpp"
#include "ui.hpp"

namespace app {

namespace {

constexpr ImU32 kTrainColor = IM_COL32(90, 160, 255, 255);
constexpr ImU32 kValColor = IM_COL32(255, 170, 60, 255);
constexpr ImU32 kRateColor = IM_COL32(120, 220, 140, 255);
// Runs in the comparison, in turn.
constexpr ImU32 kRunColors[] = {IM_COL32(90, 160, 255, 255),  IM_COL32(255, 170, 60, 255),
                                IM_COL32(120, 220, 140, 255), IM_COL32(235, 100, 120, 255),
                                IM_COL32(190, 140, 255, 255), IM_COL32(240, 230, 110, 255)};
constexpr float kNone = std::numeric_limits<float>::quiet_NaN();  // no point: nothing drawn

float validation_or_none(const dl::EpochStats& e, float v) { return e.validation.count > 0 ? v : kNone; }

// Two charts side by side, the second after SameLine.
ImVec2 half_size(float height) {
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    return ImVec2((ImGui::GetContentRegionAvail().x - gap) / 2, height);
}

// [SECTION] Live

void live_charts(AppState& s, float height) {
    const Training& t = s.training;
    if (t.batches.empty()) {
        text_hint("The curves appear here while a model trains.");
        return;
    }
    ChartSeries loss{"train (smoothed)", kTrainColor, {}, {}}, acc{"train (smoothed)", kTrainColor, {}, {}};
    ChartSeries rate{"learning rate", kRateColor, {}, {}}, speed{"images/s", kTrainColor, {}, {}};
    for (const BatchPoint& p : t.batches) {
        for (ChartSeries* c : {&loss, &acc, &rate, &speed}) c->xs.push_back(p.epoch);
        loss.values.push_back(p.loss);
        acc.values.push_back(p.accuracy);
        rate.values.push_back(p.learning_rate);
        speed.values.push_back(p.images_per_second);
    }
    // Validation is measured at each epoch's end: points at whole epochs.
    ChartSeries val_loss{"val", kValColor, {}, {}}, val_acc{"val", kValColor, {}, {}};
    for (const dl::EpochStats& e : t.history) {
        val_loss.xs.push_back(float(e.epoch));
        val_acc.xs.push_back(float(e.epoch));
        val_loss.values.push_back(validation_or_none(e, e.validation.loss));
        val_acc.values.push_back(validation_or_none(e, e.validation.accuracy));
    }
    // Whole epochs up to the one in progress: the curves fill the chart while the training goes on.
    const float x_max = std::max(1.f, std::ceil(t.batches.back().epoch));
    ChartView* view = &s.charts["live"];
    if (view->zoomed()) {
        ImGui::Text("Epochs %.2f to %.2f", view->x0, view->x1);
        ImGui::SameLine();
        if (ImGui::SmallButton("Show all")) *view = ChartView{};
        rect_record(s, "chart_live_all");
    } else {
        text_hint("Mouse wheel on a chart: zoom; drag: pan; double-click: show all.");
    }
    const ImVec2 size = half_size(height);
    chart_lines("Loss", {loss, val_loss}, 0, x_max, false, false, size, view);
    rect_record(s, "chart_live");
    ImGui::SameLine();
    chart_lines("Accuracy", {acc, val_acc}, 0, x_max, true, false, size, view);
    chart_lines("Learning rate", {rate}, 0, x_max, false, false, size, view);
    ImGui::SameLine();
    chart_lines("Speed", {speed}, 0, x_max, false, false, size, view);
}

// [SECTION] Per epoch

void epoch_charts(const Training& t, float height) {
    ChartSeries loss[2] = {{"train", kTrainColor, {}}, {"val", kValColor, {}}};
    ChartSeries acc[2] = {{"train", kTrainColor, {}}, {"val", kValColor, {}}};
    for (const dl::EpochStats& e : t.history) {
        loss[0].values.push_back(e.train_loss);
        loss[1].values.push_back(validation_or_none(e, e.validation.loss));
        acc[0].values.push_back(e.train_accuracy);
        acc[1].values.push_back(validation_or_none(e, e.validation.accuracy));
    }
    const ImVec2 size = half_size(height);
    chart_epochs("Loss", {loss[0], loss[1]}, t.epochs, false, size);
    ImGui::SameLine();
    chart_epochs("Accuracy", {acc[0], acc[1]}, t.epochs, true, size);
}

void epoch_table(const Training& t) {
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_SizingStretchSame;
    if (!ImGui::BeginTable("epochs", 6, flags, ImVec2(0, std::max(ImGui::GetContentRegionAvail().y, 80.f))))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    for (const char* h : {"Epoch", "Train loss", "Train acc", "Val loss", "Val acc", "Time"})
        ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    for (const dl::EpochStats& e : t.history) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::Text("%d", e.epoch);
        ImGui::TableNextColumn();
        ImGui::Text("%.4f", e.train_loss);
        ImGui::TableNextColumn();
        ImGui::Text("%.2f%%", e.train_accuracy * 100.0);
        ImGui::TableNextColumn();
        if (e.validation.count > 0) ImGui::Text("%.4f", e.validation.loss);
        ImGui::TableNextColumn();
        if (e.validation.count > 0) ImGui::Text("%.2f%%", e.validation.accuracy * 100.0);
        ImGui::TableNextColumn();
        ImGui::Text("%.1f s", e.seconds);
    }
    ImGui::EndTable();
}

// [SECTION] Compare runs

void run_comparison(AppState& s, float height) {
    if (s.runs.empty()) {
        text_hint("Every training of this visit is listed here, to compare their validation curves.");
        return;
    }
    std::vector<ChartSeries> acc, loss;
    int epochs = 1;
    for (size_t i = 0; i < s.runs.size(); ++i) {
        const SessionRun& r = s.runs[i];
        epochs = std::max(epochs, r.record.config.epochs);
        if (!r.shown) continue;
        const ImU32 color = kRunColors[i % std::size(kRunColors)];
        ChartSeries a{"", color, {}}, l{"", color, {}};
        for (const dl::EpochStats& e : r.record.history) {
            a.values.push_back(validation_or_none(e, e.validation.accuracy));
            l.values.push_back(validation_or_none(e, e.validation.loss));
        }
        acc.push_back(a);
        loss.push_back(l);
    }
    const ImVec2 size = half_size(height);
    chart_epochs("Validation accuracy", acc, epochs, true, size, &s.charts["compare_acc"]);
    ImGui::SameLine();
    chart_epochs("Validation loss", loss, epochs, false, size, &s.charts["compare_loss"]);
    // The legend: a checkbox per run in its colour, with its best accuracy.
    for (size_t i = 0; i < s.runs.size(); ++i) {
        SessionRun& r = s.runs[i];
        ImGui::PushID(int(i));
        ImGui::PushStyleColor(ImGuiCol_CheckMark, kRunColors[i % std::size(kRunColors)]);
        ImGui::PushStyleColor(ImGuiCol_FrameBg, kRunColors[i % std::size(kRunColors)] & IM_COL32(255, 255, 255, 90));
        ImGui::Checkbox(r.record.name.c_str(), &r.shown);
        ImGui::PopStyleColor(2);
        rect_record(s, ("run:" + std::to_string(i)).c_str());
        if (!r.record.history.empty()) {
            ImGui::SameLine();
            ImGui::TextDisabled("best val %.2f%%, %d epoch(s)", dl::run_record_best_accuracy(r.record) * 100.0,
                                int(r.record.history.size()));
        }
        ImGui::PopID();
    }
}

}  // namespace

void train_history(AppState& s) {
    if (!ImGui::BeginTabBar("results")) return;
    if (tab_item(s, "Live", "tab_live")) {
        live_charts(s, ImGui::GetFontSize() * 10);  // 130 pixels at UI scale 1
        ImGui::EndTabItem();
    }
    if (tab_item(s, "Per epoch", "tab_epochs")) {
        epoch_charts(s.training, ImGui::GetFontSize() * 11.5f);
        epoch_table(s.training);
        ImGui::EndTabItem();
    }
    if (tab_item(s, "Compare runs", "tab_compare")) {
        run_comparison(s, ImGui::GetFontSize() * 11.5f);
        ImGui::EndTabItem();
    }
    // What the weights get right and wrong, once an epoch has been validated (validation_view.cpp).
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
