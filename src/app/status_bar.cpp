// The status bar: the last thing that happened, or the last error (red) until dismissed.
#include <imgui.h>

#include "ui.hpp"

namespace app {

void status_bar(AppState& s) {
    if (s.error.empty()) {
        ImGui::TextUnformatted(s.status.c_str());
        return;
    }
    if (ImGui::SmallButton("x")) error_set(s, "", "");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Dismiss");
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 110, 100, 255));
    ImGui::TextUnformatted(s.error.c_str());
    ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", s.error.c_str());  // a long message is cut at the edge
}

}  // namespace app
