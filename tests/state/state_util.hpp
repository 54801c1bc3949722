// Helpers of the state tests: the worker's messages as the state receives them, and a real model file.
#pragma once
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/model.hpp"
#include "core/model_file.hpp"
#include "protocol/messages.hpp"
#include "state/app_state.hpp"
#include "state/message_receive.hpp"

namespace app_test {

inline dl::DatasetMessage dataset(const std::string& kind, const std::string& file, int rows) {
    dl::DatasetMessage m;
    m.kind = kind;
    m.file = file;
    m.rows = rows;
    return m;
}

inline dl::TrainDoneMessage train_done(const std::string& reason, int epochs) { return {reason, epochs, ""}; }

// A training's progress report in its first epoch: batch `batch` of `batches` per epoch, of `epochs`.
inline dl::ProgressMessage train_progress(int batch, int batches, int epochs) {
    dl::ProgressMessage m;
    m.task = "train";
    m.batch = batch;
    m.batches = batches;
    m.epochs = epochs;
    m.done = batch;
    m.total = double(batches) * epochs;
    return m;
}

// A small MLP's model file, different for each seed.
inline std::string model_file(uint64_t seed = 1) {
    const std::vector<uint8_t> bytes =
        dl::model_file_write(dl::model_create(dl::mlp_layers({8}, dl::Activation::Relu, 0), seed));
    return std::string(bytes.begin(), bytes.end());
}

// A worker that is up and holds a train.csv of `rows` rows.
inline void worker_with_data(app::AppState& s, int rows = 100) {
    app::message_receive(s, dl::ReadyMessage{});
    app::message_receive(s, dataset("train", "train.csv", rows));
}

// The one message in the outbox, as a T (which it must be).
template <class T>
const T& sent_one(const app::AppState& s) {
    REQUIRE(s.outbox.messages.size() == 1);
    const T* m = std::get_if<T>(&s.outbox.messages[0]);
    REQUIRE(m);
    return *m;
}

// The types of the messages in the outbox, which is emptied (as the platform drains it).
inline std::vector<std::string> sent(app::AppState& s) {
    std::vector<std::string> types;
    for (const dl::WorkerRequest& m : s.outbox.messages) types.push_back(dl::message_write(m).type);
    s.outbox.messages.clear();
    return types;
}

}  // namespace app_test
