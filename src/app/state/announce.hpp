// What the page's live regions (index.html) say to a screen reader, from the state alone: the status line
// as it changes, the end of each epoch, the pad's prediction once a stroke has ended, and the error.
#pragma once
#include <cstddef>
#include <string>

#include "app_state.hpp"

namespace app {

// What was said last, to say only what is new.
struct Announced {
    std::string status, error;
    std::size_t epochs = 0;     // epochs of the training announced so far
    int pad_version = -1;       // the pad image whose prediction was announced
};

struct Announcement {
    std::string polite;         // new things since the last call, in order; '' when nothing is new
    bool error_changed = false;
    std::string error;          // the error now ('' once dismissed), said at once (assertive)
};

Announcement announcements(const AppState& s, Announced& said);

}  // namespace app
