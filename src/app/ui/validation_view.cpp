// The validation views of the Model & training panel: the confusion matrix of the validation set (click a
// cell to see its images) and the gallery of the most confident mistakes, both for the weights the worker
// last reported (each epoch's, then the kept best ones).
#include <imgui.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <string>

#include "digit_grid.hpp"
#include "state/text_format.hpp"
#include "ui.hpp"

namespace app {

namespace {

// How good the weights are, and which ones they are.
void validation_heading(const AppState& s, const Validation& v) {
    int right = 0;
    for (int c = 0; c < dl::kClasses; ++c) right += v.confusion[size_t(c * dl::kClasses + c)];
    ImGui::Text("Validation set, weights of epoch %d: %s of %s right (%.2f%%)", v.epoch, count_text(right).c_str(),
                count_text(v.count()).c_str(), v.count() ? 100.0 * right / v.count() : 0.0);
    if (!s.model.file_name.empty())
        text_hint(("This is the model trained here, not " + s.model.file_name + ", opened since.").c_str());
}

// A cell's colour: the diagonal green by the share of its row it holds, mistakes red by their count
// relative to the largest mistake cell (square root, so that small counts still show).
ImU32 cell_color(const Validation& v, int truth, int predicted, int row_total, int max_mistakes) {
    const int n = v.confusion[size_t(truth * dl::kClasses + predicted)];
    if (n == 0) return ImGui::GetColorU32(ImGuiCol_FrameBg);
    if (truth == predicted) {
        const float a = 0.25f + 0.75f * float(n) / float(std::max(row_total, 1));
        return IM_COL32(40, int(90 + 110 * a), 70, 255);
    }
    const float a = std::sqrt(float(n) / float(std::max(max_mistakes, 1)));
    return IM_COL32(int(90 + 150 * a), 50, 45, 255);
}

// The 10x10 grid: rows are true labels, columns predicted ones; each cell a button.
void confusion_grid(AppState& s, Validation& v, float width) {
    const float line_h = ImGui::GetTextLineHeight();
    const float label_w = ImGui::CalcTextSize("0").x + 10;
    const float cell_w = std::floor((width - label_w) / dl::kClasses);
    const float cell_h = std::max(line_h + 6, std::min(cell_w, 26.f));
    int max_mistakes = 0;
    std::array<int, dl::kClasses> row_total{};
    for (int t = 0; t < dl::kClasses; ++t)
        for (int p = 0; p < dl::kClasses; ++p) {
            const int n = v.confusion[size_t(t * dl::kClasses + p)];
            row_total[size_t(t)] += n;
            if (t != p) max_mistakes = std::max(max_mistakes, n);
        }

    ImGui::BeginGroup();
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + label_w);
    ImGui::TextDisabled("predicted");
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + label_w);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec2 head = ImGui::GetCursorScreenPos();
    char text[16];
    for (int p = 0; p < dl::kClasses; ++p) {
        std::snprintf(text, sizeof text, "%d", p);
        draw->AddText(ImVec2(head.x + cell_w * (p + 0.5f) - ImGui::CalcTextSize(text).x / 2, head.y),
                      ImGui::GetColorU32(ImGuiCol_Text), text);
    }
    ImGui::Dummy(ImVec2(cell_w * dl::kClasses, line_h));
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(0, 0));
    for (int t = 0; t < dl::kClasses; ++t) {
        const ImVec2 row = ImGui::GetCursorScreenPos();
        std::snprintf(text, sizeof text, "%d", t);
        draw->AddText(ImVec2(row.x + 2, row.y + (cell_h - line_h) / 2), ImGui::GetColorU32(ImGuiCol_Text), text);
        ImGui::Dummy(ImVec2(label_w, cell_h));
        for (int p = 0; p < dl::kClasses; ++p) {
            ImGui::SameLine();
            const ImVec2 lo = ImGui::GetCursorScreenPos();
            ImGui::PushID(t * dl::kClasses + p);
            if (ImGui::InvisibleButton("cell", ImVec2(cell_w, cell_h))) {
                const bool again = v.cell_truth == t && v.cell_predicted == p;
                validation_cell_select(v, again ? -1 : t, again ? -1 : p);  // a second click deselects
            }
            ImGui::PopID();
            const std::string name = "confusion:" + std::to_string(t) + ":" + std::to_string(p);
            rect_record(s, name.c_str());
            const bool hovered = ImGui::IsItemHovered();
            const ImVec2 hi(lo.x + cell_w - 1, lo.y + cell_h - 1);
            draw->AddRectFilled(lo, hi, cell_color(v, t, p, row_total[size_t(t)], max_mistakes));
            const int n = v.confusion[size_t(t * dl::kClasses + p)];
            if (n) {
                std::snprintf(text, sizeof text, "%d", n);
                const ImVec2 size = ImGui::CalcTextSize(text);
                if (size.x < cell_w - 2)
                    draw->AddText(ImVec2(lo.x + (cell_w - size.x) / 2, lo.y + (cell_h - size.y) / 2),
                                  ImGui::GetColorU32(ImGuiCol_Text), text);
            }
            if (hovered || (v.cell_truth == t && v.cell_predicted == p))
                draw->AddRect(lo, hi, IM_COL32(255, 255, 255, hovered ? 160 : 255), 0, 0, 2);
            if (hovered) tooltip("true %d, predicted %d: %d image(s)", t, p, n);
        }
    }
    ImGui::PopStyleVar();
    ImGui::TextDisabled("rows: true label");
    ImGui::EndGroup();
}

// The selected cell's images, most confident first, each with p(predicted) and its ten probabilities.
void cell_images(const Validation& v) {
    static DigitStrip strip;
    if (v.cell_truth < 0) {
        text_hint("Click a cell to see its images.");
        return;
    }
    ImGui::TextWrapped("True %d, predicted %d: %s image(s), most confident first", v.cell_truth, v.cell_predicted,
                       count_text(double(v.cell.size())).c_str());
    if (v.cell.empty()) return;
    const int shown = int(v.cell_images.size() / dl::kImageSize);
    const bool wrong = v.cell_truth != v.cell_predicted;
    const std::string truth = std::to_string(v.cell_truth), predicted = std::to_string(v.cell_predicted);
    std::string hint = int(v.cell.size()) > shown ? "The " + std::to_string(shown) + " most confident shown. " : "";
    hint += "Under each: p(" + predicted + ")" + (wrong ? ", p(" + truth + ")" : "") + ", all ten probabilities.";
    text_hint(hint.c_str());
    strip.strip_update(v.cell_images.data(), shown, v.version);
    const int hovered = digit_grid(strip, shown, 8, 40, 56, [&](int k, float side) {
        const int i = v.cell[size_t(k)];
        char text[16];
        std::snprintf(text, sizeof text, "%.0f%%", v.image_probs(i)[v.cell_predicted] * 100.0);
        text_centered(text, side);
        if (wrong) {
            std::snprintf(text, sizeof text, "%.0f%%", v.image_probs(i)[v.cell_truth] * 100.0);
            text_centered(text, side, true);
        }
        probs_bars(v.image_probs(i), v.cell_truth, v.cell_predicted, side, 12);
    });
    if (hovered >= 0) {
        const int i = v.cell[size_t(hovered)];
        prediction_tooltip(v.lines[size_t(i)], v.labels[size_t(i)], v.image_probs(i));
    }
}

}  // namespace

void validation_confusion(AppState& s) {
    Validation& v = s.training.validation;
    validation_heading(s, v);
    const float avail = ImGui::GetContentRegionAvail().x;
    const float grid_w = std::clamp(avail * 0.55f, 180.f, 420.f);
    confusion_grid(s, v, grid_w);
    rect_record(s, "confusion_grid");
    ImGui::SameLine();
    ImGui::BeginChild("cell", ImVec2(0, std::max(ImGui::GetContentRegionAvail().y, 120.f)));
    cell_images(v);
    ImGui::EndChild();
    rect_record(s, "confusion_cell");
}

void validation_mistakes(AppState& s) {
    static DigitStrip strip;
    const Validation& v = s.training.validation;
    validation_heading(s, v);
    int wrong = 0;
    for (int t = 0; t < dl::kClasses; ++t)
        for (int p = 0; p < dl::kClasses; ++p) wrong += t == p ? 0 : v.confusion[size_t(t * dl::kClasses + p)];
    if (v.mistakes.empty()) {
        text_hint("No mistakes on the validation set.");
        return;
    }
    text_hint(("The " + std::to_string(v.mistakes.size()) + " most confident of " + count_text(wrong) +
               " mistakes: true label \"as\" predicted label, and how sure the model was.")
                  .c_str());
    const int shown = int(v.mistake_images.size() / dl::kImageSize);
    strip.strip_update(v.mistake_images.data(), shown, v.version);
    ImGui::BeginGroup();
    const int hovered = digit_grid(strip, shown, 8, 44, 64, [&](int k, float side) {
        const int i = v.mistakes[size_t(k)];
        const int p = v.predicted(i);
        char text[32];
        std::snprintf(text, sizeof text, "%d as %d", v.labels[size_t(i)], p);
        text_centered(text, side);
        std::snprintf(text, sizeof text, "%.1f%%", v.image_probs(i)[p] * 100.0);
        text_centered(text, side, true);
    });
    ImGui::EndGroup();
    rect_record(s, "mistakes_gallery");
    if (hovered >= 0) {
        const int i = v.mistakes[size_t(hovered)];
        prediction_tooltip(v.lines[size_t(i)], v.labels[size_t(i)], v.image_probs(i));
    }
}

}  // namespace app
