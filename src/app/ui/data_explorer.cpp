// The Data panel's views of train.csv beyond its first images: the explorer (pages of the rows with one
// label, or all, with their line in the file; the worker holds the data and answers `browse` requests) and
// the mean image of each class.
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "digit_grid.hpp"
#include "state/text_format.hpp"
#include "ui.hpp"

namespace app {

namespace {

// "All", "0" ... "9": the label filter, the chosen one highlighted.
void label_buttons(AppState& s, Explorer& e) {
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(4, ImGui::GetStyle().ItemSpacing.y));
    for (int label = -1; label < dl::kClasses; ++label) {
        if (label >= 0) ImGui::SameLine();
        const std::string text = label < 0 ? "All" : std::to_string(label);
        const bool chosen = e.label == label;
        if (chosen) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        if (ImGui::Button(text.c_str(), ImVec2(label < 0 ? 0 : ImGui::GetFrameHeight(), 0)) && !chosen) {
            e.label = label;
            e.offset = 0;
        }
        if (chosen) ImGui::PopStyleColor();
        rect_record(s, ("explore_label:" + (label < 0 ? std::string("all") : text)).c_str());
    }
    ImGui::PopStyleVar();
}

}  // namespace

void data_explorer(AppState& s) {
    static DigitStrip strip;
    Explorer& e = s.explorer;
    explorer_request(s);
    label_buttons(s, e);

    const bool current = e.shown_label == e.label && e.shown_offset == e.offset && e.pending == 0;
    ImGui::BeginDisabled(e.offset == 0);
    if (ImGui::Button("< Previous")) e.offset = std::max(0, e.offset - kExplorePage);
    rect_record(s, "explore_prev");
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(!current || e.offset + kExplorePage >= e.total);
    if (ImGui::Button("Next >")) e.offset += kExplorePage;
    rect_record(s, "explore_next");
    ImGui::EndDisabled();
    ImGui::SameLine();
    const int shown = int(e.rows.size());
    if (e.total == 0 && current)
        ImGui::TextDisabled("no images with label %d", e.label);
    else if (shown > 0)
        ImGui::TextDisabled("%s-%s of %s%s", count_text(e.shown_offset + 1).c_str(),
                            count_text(e.shown_offset + shown).c_str(), count_text(e.total).c_str(),
                            e.shown_label < 0 ? "" : (" with label " + std::to_string(e.shown_label)).c_str());

    strip.strip_update(e.images.data(), shown, e.version);
    ImGui::BeginGroup();
    const int hovered = digit_grid(strip, shown, 8, 36, 56, [&](int i, float side) {
        char text[16];
        std::snprintf(text, sizeof text, "%d", e.labels[size_t(i)]);
        text_centered(text, side);
        std::snprintf(text, sizeof text, "%d", e.lines[size_t(i)]);
        text_centered(text, side, true);
    });
    ImGui::EndGroup();
    rect_record(s, "explore_images");
    if (hovered >= 0)
        tooltip("%s line %d (data row %d): label %d", s.train_set.file.c_str(), e.lines[size_t(hovered)],
                e.rows[size_t(hovered)] + 1, e.labels[size_t(hovered)]);
    text_hint("Under each image: its label and its line in the file.");
}

void class_means(AppState& s) {
    static DigitStrip strip;
    const DatasetInfo& d = s.train_set;
    const int classes = int(d.means.size() / dl::kImageSize);
    if (classes == 0) {
        text_hint("Load train.csv to see the mean image of each class.");
        return;
    }
    ImGui::TextDisabled("The mean of all images of each label in %s", d.file.c_str());
    strip.strip_update(d.means.data(), classes, d.version);
    ImGui::BeginGroup();
    digit_grid(strip, classes, 5, 40, 72, [&](int c, float side) {
        char text[32];
        std::snprintf(text, sizeof text, "%d", c);
        text_centered(text, side);
        text_centered(count_text(d.counts[size_t(c)]).c_str(), side, true);
    });
    ImGui::EndGroup();
    rect_record(s, "class_means");
}

}  // namespace app
