// The app's side of the JavaScript glue (web/bridge.js): every call into JavaScript is here, and every
// app_on_* export that JavaScript calls. State code never calls JavaScript: it fills AppState::outbox, which
// outbox_drain() carries out.
#pragma once
#include <vector>

#include "protocol/messages.hpp"
#include "state/announce.hpp"
#include "state/app_state.hpp"

namespace app {

// Sends the outbox's messages to the worker, starts its downloads, store requests and file pickers,
// remembers the ensemble and moves the page's focus, in that order; the outbox is empty afterwards. Called after each frame and at the
// end of each app_on_* call (a hidden tab gets no frames, and a series goes on training there).
void outbox_drain(AppState& s);
// Applies worker reports to the state, in order.
void messages_apply(AppState& s, const std::vector<dl::WorkerReport>& reports);
// Shows `text` over the page, for when the UI itself cannot start.
void notice_show(const char* text);
// Says what is new to a screen reader, through the page's live regions.
void live_region_say(const Announcement& a);

}  // namespace app
