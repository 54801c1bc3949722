// Applying what the worker reports to the app's state (the protocol is documented in
// src/worker/worker_main.cpp).
#pragma once
#include <string>

#include "app_state.hpp"
#include "protocol/message.hpp"

namespace app {

void message_receive(AppState& s, const dl::Message& m);

// The worker was replaced by a fresh one: its datasets and jobs are gone, the app's model is kept.
void worker_lost(AppState& s, const std::string& text);

}  // namespace app
