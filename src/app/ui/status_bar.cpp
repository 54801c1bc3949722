// The status bar: the Help button, the last thing that happened or the last error (red) until dismissed;
// at its right end, whether training runs with threads.
#include <imgui.h>

#include <algorithm>
#include <string>
#include <string_view>

#include "ui.hpp"

namespace app {

namespace {

void run_mode_show(const AppState& s) {
    const bool threads = std::string_view(kRunMode) == "threads";
    const std::string text = std::string("Mode: ") + kRunMode +
                             (threads || s.run_mode_why.empty() ? "" : ": " + s.run_mode_why);
    const float w = ImGui::CalcTextSize(text.c_str()).x;
    ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - w));
    ImGui::TextDisabled("%s", text.c_str());
    if (!threads)
        item_tooltip("Training uses one core. WebAssembly threads need a cross-origin isolated page, "
                     "SharedArrayBuffer and shared WebAssembly memory.");
}

}  // namespace

void status_bar(AppState& s) {
    if (ImGui::SmallButton("Help")) s.help_open = !s.help_open;
    rect_record(s, "help_button");
    item_tooltip("What to do, keyboard shortcuts (? or F1)");
    ImGui::SameLine();
    if (s.error.empty()) {
        ImGui::TextUnformatted(s.status.c_str());
        run_mode_show(s);
        return;
    }
    if (ImGui::SmallButton("x")) error_set(s, "", "");
    rect_record(s, "error_dismiss");
    item_tooltip("Dismiss");
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 110, 100, 255));
    ImGui::TextUnformatted(s.error.c_str());
    ImGui::PopStyleColor();
    item_tooltip("%s", s.error.c_str());  // a long message is cut at the edge
}

}  // namespace app
