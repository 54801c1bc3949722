// Applying what the worker reports to the app's state (the messages are those of src/protocol/messages.hpp).
#pragma once
#include <string>

#include "app_state.hpp"
#include "protocol/messages.hpp"

namespace app {

void message_receive(AppState& s, const dl::WorkerReport& report);

// The worker was replaced by a fresh one: its datasets and jobs are gone, the app's model is kept.
void worker_lost(AppState& s, const std::string& text);

}  // namespace app
