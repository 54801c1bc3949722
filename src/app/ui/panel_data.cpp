// The Data panel: opening train.csv and test.csv (the files go straight from the browser to the worker),
// reading progress, and what was loaded: rows, class counts and, in tabs, the first images, the explorer and
// the class means (data_explorer.cpp).
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "chart.hpp"
#include "digit_strip.hpp"
#include "state/text_format.hpp"
#include "ui.hpp"

namespace app {

namespace {

// The first images of a dataset, several per row, each with its label below when the data has labels.
void gallery_draw(DigitStrip& strip, const DatasetInfo& d, int max_images) {
    strip.strip_update(d.images.data(), int(d.images.size() / dl::kImageSize), d.version);
    const int per_row = 8;
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float side = std::clamp((ImGui::GetContentRegionAvail().x - gap * (per_row - 1)) / per_row, 20.f, 56.f);
    const int shown = std::min(strip.count(), max_images);
    for (int i = 0; i < shown; ++i) {
        if (i % per_row) ImGui::SameLine();
        ImGui::BeginGroup();
        strip.strip_image(i, side);
        if (d.labelled && i < int(d.labels.size())) {
            char label[4];
            std::snprintf(label, sizeof label, "%d", d.labels[i]);
            ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (side - ImGui::CalcTextSize(label).x) / 2);
            ImGui::TextUnformatted(label);
        }
        ImGui::EndGroup();
    }
}

void dataset_heading(const char* title, const DatasetInfo& d) {
    ImGui::TextUnformatted(title);
    ImGui::SameLine();
    if (d.rows == 0) {
        ImGui::TextDisabled("not loaded");
        return;
    }
    ImGui::TextDisabled("%s: %s images", d.file.c_str(), count_text(d.rows).c_str());
}

}  // namespace

void panel_data(AppState& s) {
    static DigitStrip train_strip, test_strip;

    if (ImGui::Button("Open train.csv...")) file_pick(s, FilePick::Train);
    rect_record(s, "open_train");
    ImGui::SameLine();
    if (ImGui::Button("Open test.csv...")) file_pick(s, FilePick::Test);
    rect_record(s, "open_test");
    ImGui::BeginDisabled(!s.worker_ready);
    if (ImGui::Button("Load sample data")) sample_load(s);
    rect_record(s, "load_sample");
    ImGui::EndDisabled();
    ImGui::SameLine();
    text_hint("or drop Kaggle's CSV files on the page");

    if (s.parse.active) {
        char overlay[128];
        std::snprintf(overlay, sizeof overlay, "%s: %s of %s MB%s", s.parse.file.c_str(),
                      count_text(s.parse.done / 1e6).c_str(),
                      s.parse.total > 0 ? count_text(s.parse.total / 1e6).c_str() : "?",
                      task_eta_text(s.parse).c_str());
        task_progress_bar(s.parse, overlay);
    }

    ImGui::Separator();
    dataset_heading("Training data", s.train_set);
    if (s.train_set.rows > 0) {
        ImGui::TextDisabled("Images per class");
        chart_bars(s.train_set.counts.data(), dl::kClasses,
                   ImVec2(ImGui::GetContentRegionAvail().x, 4 * ImGui::GetTextLineHeight()));
        rect_record(s, "class_counts");
    }
    if (!ImGui::BeginTabBar("data_views")) return;
    if (tab_item(s, "Gallery", "tab_gallery")) {
        if (s.train_set.rows > 0) gallery_draw(train_strip, s.train_set, 24);
        ImGui::Separator();
        dataset_heading("Test data", s.test_set);
        if (s.test_set.rows > 0) gallery_draw(test_strip, s.test_set, 8);
        ImGui::EndTabItem();
    }
    if (s.train_set.rows > 0) {
        if (tab_item(s, "Explore", "tab_explore")) {
            data_explorer(s);
            ImGui::EndTabItem();
        }
        if (tab_item(s, "Class means", "tab_means")) {
            class_means(s);
            ImGui::EndTabItem();
        }
    }
    ImGui::EndTabBar();
}

}  // namespace app
