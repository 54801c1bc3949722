// SDL's events, besides what ImGui makes of them: the pointer's path while a button is held (for the
// drawing pad, Pad::trail) and keyboard shortcuts (shortcuts.hpp). Any event asks for a redraw.
// Touch: SDL turns the first finger into mouse events (and the browser's own emulated mouse events are
// suppressed by SDL's touch handlers), so a finger draws exactly like a mouse; SDL_FINGER* events are
// left alone, else one touch would draw twice. A pen comes as mouse events.
#pragma once
#include <SDL_events.h>

#include "state/app_state.hpp"

namespace app {

// True when the event is a shortcut that ImGui must not see as well (Tab moving between panels).
bool input_event(AppState& s, const SDL_Event& event);

}  // namespace app
