// How one epoch of training went, and its one encoding: a list of named fields that the saved run record
// (binary, in this order), the worker's epoch message (keyed numbers, dl::EpochMessage) and the page's test
// state (JSON) all go through, so that a field added here reaches all three.
#pragma once
#include "bytes.hpp"
#include "predict.hpp"

namespace dl {

struct EpochStats {
    int epoch = 0;  // 1-based
    float train_loss = 0, train_accuracy = 0;
    Evaluation validation;
    double seconds = 0;
    float learning_rate = 0;  // at the epoch's end
};

// Calls field(name, member) for each field, in the binary order; `Stats` is EpochStats, const or not.
template <class Stats, class Field>
void epoch_stats_fields(Stats& e, Field&& field) {
    field("epoch", e.epoch);
    field("train_loss", e.train_loss);
    field("train_acc", e.train_accuracy);
    field("val_loss", e.validation.loss);
    field("val_acc", e.validation.accuracy);
    field("val_count", e.validation.count);
    field("seconds", e.seconds);
    field("lr", e.learning_rate);
}

// Bytes of one epoch in binary form (run records bound their epoch count by it).
constexpr size_t kEpochStatsBytes = 36;

void epoch_stats_write(ByteWriter& w, const EpochStats& e);
// Check r.ok() after: a short read leaves zeros.
EpochStats epoch_stats_read(ByteReader& r);

}  // namespace dl
