#include "app_state.hpp"

namespace app {

AppState& app_state() {
    static AppState state;
    return state;
}

void error_set(AppState& s, const std::string& task, const std::string& text) {
    s.error = text;
    s.error_task = task;
}

void error_clear(AppState& s, const char* task) {
    if (s.error_task != task) return;
    s.error.clear();
    s.error_task.clear();
}

}  // namespace app
