#include "shortcuts.hpp"

#include <SDL_keycode.h>

#include <cstring>


namespace app {

const std::vector<Shortcut>& shortcuts() {
    static const std::vector<Shortcut> table = {
        {Command::Undo, SDLK_z, true, true, "Ctrl+Z", "Undo the last stroke on the pad"},
        {Command::ClearPad, SDLK_DELETE, false, false, "Delete, Backspace, C", "Clear the pad"},
        {Command::ClearPad, SDLK_BACKSPACE, false, false, "", ""},
        {Command::ClearPad, SDLK_c, false, false, "", ""},
        {Command::BrushSmaller, SDLK_LEFTBRACKET, false, true, "[ and ]", "Thinner or thicker brush"},
        {Command::BrushBigger, SDLK_RIGHTBRACKET, false, true, "", ""},
        {Command::Train, SDLK_t, false, false, "T", "Train"},
        {Command::Escape, SDLK_ESCAPE, false, false, "Esc", "Close this help, or stop training"},
        {Command::Predict, SDLK_p, false, false, "P", "Predict test.csv"},
        {Command::Help, SDLK_F1, false, false, "? or F1", "Open or close this help"},
        {Command::OpenTrain, SDLK_o, false, false, "O", "Open train.csv"},
        {Command::OpenTest, SDLK_e, false, false, "E", "Open test.csv"},
        {Command::OpenModel, SDLK_m, false, false, "M", "Open a model file"},
        {Command::PanelNext, SDLK_TAB, false, true, "Tab, Shift+Tab",
         "Next or previous panel (arrows move within it, Space presses)"},
    };
    return table;
}

bool shortcut_find(int key, bool ctrl_or_cmd, bool alt, bool repeat, Command& command) {
    for (const Shortcut& k : shortcuts()) {
        if (k.key != key || (repeat && !k.repeats)) continue;
        // Plain keys must not take the browser's Ctrl/Cmd/Alt shortcuts (Ctrl+P prints, Ctrl+T opens a tab).
        if (alt || k.ctrl != ctrl_or_cmd) continue;
        command = k.command;
        return true;
    }
    return false;
}

bool shortcut_find_text(const char* text, Command& command) {
    if (std::strcmp(text, "?") != 0) return false;  // typed with Shift on most layouts: read as text
    command = Command::Help;
    return true;
}

}  // namespace app
