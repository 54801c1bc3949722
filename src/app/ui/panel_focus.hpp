// Keyboard focus between the panels. ImGui moves between its windows with Ctrl+Tab, which browsers keep for
// themselves, so Tab and Shift+Tab (outside a text field) go from panel to panel in reading order, and
// ImGui's navigation moves within one (arrows, Space or Enter, Esc). Past the last panel or before the first,
// the focus leaves the canvas for the page's own controls, as Tab does on any page.
#pragma once
#include "state/app_state.hpp"

namespace app {

// Moves the focus by the Tab and Shift+Tab pressed since the last frame (AppState::panel_steps); called
// within a frame, before the panels.
void panel_focus_update(AppState& s);
// Records where the keyboard focus is as the rectangles "nav_focus" (the focused widget, while ImGui shows
// it) and "nav_panel" (its panel), for the end-to-end tests; called at the end of a frame.
void panel_focus_record(AppState& s);

}  // namespace app
