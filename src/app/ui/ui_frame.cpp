// The fixed layout: three columns over a status bar.
//   Data (top left)      | Model & training (middle) | Draw (right)
//   Predict (bottom left)|                           |
// Column widths are fractions of the window, with minimums for the side columns where the window has
// room for them; panels whose contents do not fit get a scrollbar. A window too narrow or too short for
// three columns (a phone, a small browser window) shows the panels as tabs, one at a time, full size.
// Sizes are in CSS pixels at UI scale 1 (ui_scale.hpp), multiplied by the scale.
#include <imgui.h>

#include <algorithm>
#include <cstdarg>
#include <string>

#include "core/profile.hpp"
#include "panel_focus.hpp"
#include "state/text_format.hpp"
#include "ui.hpp"

namespace app {

namespace {

constexpr ImGuiWindowFlags kPanelFlags =
    ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
    ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;

void panel_window(const char* title, ImVec2 pos, ImVec2 size, void (*contents)(AppState&), AppState& s,
                  ImGuiWindowFlags extra = 0) {
    ImGui::SetNextWindowPos(pos);
    ImGui::SetNextWindowSize(size);
    if (ImGui::Begin(title, nullptr, kPanelFlags | extra)) contents(s);
    ImGui::End();
}

// The panels as tabs of one window; each tab scrolls on its own.
void panel_tabs(AppState& s, ImVec2 size) {
    static const struct {
        const char* title;
        void (*contents)(AppState&);
    } kTabs[] = {{"Data", panel_data}, {"Model & training", panel_train}, {"Draw", panel_draw},
                 {"Predict", panel_predict}};
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(size);
    if (ImGui::Begin("##panels", nullptr, kPanelFlags | ImGuiWindowFlags_NoTitleBar) &&
        ImGui::BeginTabBar("panels")) {
        for (const auto& tab : kTabs) {
            const bool open = ImGui::BeginTabItem(tab.title);
            rect_record(s, (std::string("tab:") + tab.title).c_str());
            if (!open) continue;
            ImGui::BeginChild(tab.title);
            tab.contents(s);
            ImGui::EndChild();
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
    ImGui::End();
}

}  // namespace

void ui_frame(AppState& s) {
    s.rects.clear();  // filled again by the widgets drawn this frame
    s.scrolled_out.clear();
    s.problems.clear();
    panel_focus_update(s);
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const float k = s.ui_scale;
    const ImGuiStyle& style = ImGui::GetStyle();
    const float bar_h = ImGui::GetFrameHeight() + 2 * style.WindowPadding.y;
    const float h = std::max(display.y - bar_h, 200.f);

    s.compact = display.x < 1000 * k || display.y < 560 * k;
    if (s.compact) {
        panel_tabs(s, ImVec2(display.x, h));
    } else {
        const float side_w = display.x >= 1080 * k ? std::max(display.x * 0.29f, 340.f * k) : display.x * 0.29f;
        const float left_w = side_w, right_w = side_w, mid_w = display.x - 2 * side_w;
        const float predict_h = std::min(170.f * k, h * 0.4f);

        panel_window("Data", ImVec2(0, 0), ImVec2(left_w, h - predict_h), panel_data, s);
        panel_window("Predict", ImVec2(0, h - predict_h), ImVec2(left_w, predict_h), panel_predict, s);
        panel_window("Model & training", ImVec2(left_w, 0), ImVec2(mid_w, h), panel_train, s);
        panel_window("Draw", ImVec2(left_w + mid_w, 0), ImVec2(right_w, h), panel_draw, s);
    }
    panel_window("##status", ImVec2(0, h), ImVec2(display.x, bar_h), status_bar, s,
                 ImGuiWindowFlags_NoDecoration);
    help_window(s);
    panel_focus_record(s);
}

void rect_record(AppState& s, const char* name) {
    const ImVec2 lo = ImGui::GetItemRectMin(), hi = ImGui::GetItemRectMax();
    s.rects[name] = {lo.x, lo.y, hi.x - lo.x, hi.y - lo.y};
    const ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec2 clip_lo = draw->GetClipRectMin(), clip_hi = draw->GetClipRectMax();
    if (hi.y <= clip_lo.y || lo.y >= clip_hi.y || hi.x <= clip_lo.x || lo.x >= clip_hi.x)
        s.scrolled_out.push_back(name);
}

bool tab_item(AppState& s, const char* label, const char* rect_name) {
    const bool open = ImGui::BeginTabItem(label);
    rect_record(s, rect_name);
    return open;
}

void task_progress_bar(const Task& task, const char* overlay) {
    ImGui::ProgressBar(std::clamp(task.fraction(), 0.f, 1.f), ImVec2(-1, 0), overlay);
}

std::string task_eta_text(const Task& task) {
    const double elapsed = dl::seconds_now() - task.started;
    if (task.done <= 0 || task.total <= 0 || elapsed < 0.5) return "";
    return ", ETA " + duration_text(elapsed * (task.total - task.done) / task.done);
}

void text_hint(const char* text) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", text);
    ImGui::PopStyleColor();
}

namespace {

void tooltip_v(const char* fmt, va_list args) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.f);
    ImGui::TextV(fmt, args);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

}  // namespace

void tooltip(const char* fmt, ...) {
    va_list args;
    va_start(args, fmt);
    tooltip_v(fmt, args);
    va_end(args);
}

void item_tooltip(const char* fmt, ...) {
    if (!ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) return;
    va_list args;
    va_start(args, fmt);
    tooltip_v(fmt, args);
    va_end(args);
}

void text_problem(const char* text) {
    app_state().problems.push_back(text);
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 110, 100, 255));
    ImGui::TextWrapped("%s", text);
    ImGui::PopStyleColor();
}

}  // namespace app
