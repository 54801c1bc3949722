// Keyboard shortcuts: one table, used to read the keys (SDL's key events, in input_events.cpp) and to list
// them in the help. A shortcut queues a Command; frame_update() (state/actions.hpp) does the queued ones at
// the start of a frame, with the same functions as the buttons.
#pragma once
#include <vector>

#include "state/app_state.hpp"

namespace app {

struct Shortcut {
    Command command;
    int key;            // an SDL_Keycode
    bool ctrl;          // with Ctrl (or Cmd on a Mac), else without; never with Alt
    bool repeats;       // a held key repeats it
    const char* keys;   // as the help writes them ("" for a second key of a row above)
    const char* what;
};

const std::vector<Shortcut>& shortcuts();

// The command of a key press (an SDL_Keycode), if it is a shortcut.
bool shortcut_find(int key, bool ctrl_or_cmd, bool alt, bool repeat, Command& command);
// The command of typed text ("?" is typed with different keys on different layouts), if it is a shortcut.
bool shortcut_find_text(const char* text, Command& command);


}  // namespace app
