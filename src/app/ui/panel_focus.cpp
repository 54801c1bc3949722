#include "panel_focus.hpp"

#include <imgui.h>
#include <imgui_internal.h>

#include <vector>

#include "state/actions.hpp"

namespace app {

namespace {

// The windows of ui_frame.cpp, in reading order; the help, when open, first.
std::vector<ImGuiWindow*> panels(const AppState& s) {
    std::vector<const char*> names;
    if (s.help_open) names.push_back("Help###help");
    if (s.compact)
        names.push_back("##panels");
    else
        names.insert(names.end(), {"Data", "Predict", "Model & training", "Draw"});
    names.push_back("##status");
    std::vector<ImGuiWindow*> out;
    for (const char* name : names)
        if (ImGuiWindow* w = ImGui::FindWindowByName(name)) out.push_back(w);
    return out;
}

}  // namespace

void panel_focus_update(AppState& s) {
    ImGuiContext& g = *ImGui::GetCurrentContext();
    while (s.panel_steps != 0) {
        const int step = s.panel_steps > 0 ? 1 : -1;
        s.panel_steps -= step;
        const std::vector<ImGuiWindow*> list = panels(s);
        // Until the keyboard has moved ImGui's focus (at the start, after the mouse), Tab starts at the first panel.
        int at = -1;
        for (int i = 0; i < int(list.size()); ++i)
            if (g.NavWindow && !g.NavDisableHighlight && g.NavWindow->RootWindow == list[i]) at = i;
        const int next = at < 0 ? (step > 0 ? 0 : int(list.size()) - 1) : at + step;
        if (next < 0 || next >= int(list.size())) {
            ImGui::FocusWindow(nullptr);
            s.panel_steps = 0;  // the keys after this one are the page's
            return focus_leave(s, step > 0);
        }
        ImGui::FocusWindow(list[next]);
        ImGui::NavInitWindow(list[next], true);  // its first widget, highlighted
        g.NavDisableHighlight = false;
        g.NavDisableMouseHover = true;
    }
}

void panel_focus_record(AppState& s) {
    const ImGuiContext& g = *ImGui::GetCurrentContext();
    ImGuiWindow* w = g.NavWindow;
    if (!w) return;
    s.rects["nav_panel"] = {w->RootWindow->Pos.x, w->RootWindow->Pos.y, w->RootWindow->Size.x, w->RootWindow->Size.y};
    if (!g.NavId || g.NavDisableHighlight) return;
    const ImRect r = ImGui::WindowRectRelToAbs(w, w->NavRectRel[g.NavLayer]);
    s.rects["nav_focus"] = {r.Min.x, r.Min.y, r.GetWidth(), r.GetHeight()};
}

}  // namespace app
