// Helpers of the state tests: the worker's messages as the state receives them, and a real model file.
#pragma once
#include <string>
#include <vector>

#include "core/model.hpp"
#include "core/model_file.hpp"
#include "protocol/message.hpp"
#include "state/app_state.hpp"
#include "state/message_receive.hpp"

namespace app_test {

inline dl::Message message(const std::string& type, std::map<std::string, double> numbers = {},
                           std::map<std::string, std::string> strings = {}) {
    return dl::Message{type, std::move(numbers), std::move(strings)};
}

// A small MLP's model file, different for each seed.
inline std::string model_file(uint64_t seed = 1) {
    const std::vector<uint8_t> bytes =
        dl::model_file_write(dl::model_create(dl::mlp_layers({8}, dl::Activation::Relu, 0), seed));
    return std::string(bytes.begin(), bytes.end());
}

// A worker that is up and holds a train.csv of `rows` rows.
inline void worker_with_data(app::AppState& s, int rows = 100) {
    app::message_receive(s, message("ready"));
    app::message_receive(s, message("dataset", {{"rows", rows}}, {{"kind", "train"}, {"file", "train.csv"}}));
}

// The types of the messages in the outbox, which is emptied (as the platform drains it).
inline std::vector<std::string> sent(app::AppState& s) {
    std::vector<std::string> types;
    for (const dl::Message& m : s.outbox.messages) types.push_back(m.type);
    s.outbox.messages.clear();
    return types;
}

}  // namespace app_test
