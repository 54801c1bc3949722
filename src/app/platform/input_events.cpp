#include "input_events.hpp"

#include <imgui.h>

#include "redraw.hpp"
#include "shortcuts.hpp"

namespace app {

namespace {

void trail_add(Pad& pad, int x, int y) { pad.trail.push_back({float(x), float(y)}); }

// Keys typed into a text field are text, not shortcuts (ImGui's flag from the last frame).
bool typing() { return ImGui::GetIO().WantTextInput; }

}  // namespace

bool input_event(AppState& s, const SDL_Event& event) {
    redraw_request(s);
    Command command;
    switch (event.type) {
        case SDL_MOUSEBUTTONDOWN:
            if (event.button.button == SDL_BUTTON_LEFT) trail_add(s.pad, event.button.x, event.button.y);
            break;
        case SDL_MOUSEMOTION:
            if (event.motion.state & SDL_BUTTON_LMASK) trail_add(s.pad, event.motion.x, event.motion.y);
            break;
        case SDL_KEYDOWN: {
            const Uint16 mod = event.key.keysym.mod;
            if (typing() || !shortcut_find(event.key.keysym.sym, mod & (KMOD_CTRL | KMOD_GUI), mod & KMOD_ALT,
                                           event.key.repeat, command))
                break;
            if (command == Command::PanelNext && (mod & KMOD_SHIFT)) command = Command::PanelPrevious;
            s.commands.push_back(command);
            return command == Command::PanelNext || command == Command::PanelPrevious;
        }
        case SDL_TEXTINPUT:
            if (!typing() && shortcut_find_text(event.text.text, command)) s.commands.push_back(command);
            break;
        default: break;
    }
    return false;
}

}  // namespace app
