// What a training run is told: the model's layers, optimizer, loss, batch size, epochs, validation split,
// augmentation and learning-rate schedule, with the binary form the page's worker and saved runs keep it in.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "augment.hpp"
#include "bytes.hpp"
#include "loss.hpp"
#include "lr_schedule.hpp"
#include "model.hpp"
#include "optimizer.hpp"

namespace dl {

struct TrainConfig {
    std::vector<LayerSpec> layers = mlp_layers({256, 128}, Activation::Relu, 0.2f);
    OptimizerConfig optimizer;
    LossKind loss = LossKind::CrossEntropy;
    int batch_size = 64;
    int epochs = 10;
    float val_split = 0.1f;
    uint64_t seed = 1;
    // Threads sharing each batch (data parallel); < 1: one per hardware thread. Results depend on the
    // count (each thread's share of a batch has its own dropout and augmentation draws; batch norm's
    // statistics are the whole batch's), never on timing: the same seed and count give the same weights.
    int threads = 1;
    AugmentConfig augment;
    ScheduleConfig schedule;
    // At the end, go back to the weights of the epoch with the best validation accuracy.
    bool keep_best = true;
    // Stop when the validation accuracy has not improved for this many epochs; 0 = never.
    int early_stopping = 0;
    // Cross-entropy against (1 - s) one-hot + s / 10 (loss.hpp); the validation loss stays the plain one.
    float label_smoothing = 0;
    // Decay per step of an exponential moving average of the weights; 0 = off. With it, each epoch's end
    // evaluates the average, and training yields it: weights that have settled out of the last steps' noise.
    float ema_decay = 0;
};

// Binary form of a configuration (for the message that starts training in a worker, and saved runs).
// Version 2 added ema_decay; saved runs of version 1 read without it.
constexpr uint32_t kTrainConfigVersion = 2;
void train_config_write(ByteWriter& w, const TrainConfig& config);
// False on truncated data; the configuration must still pass train_config_check() before use.
bool train_config_read(ByteReader& r, TrainConfig& config, uint32_t version = kTrainConfigVersion);

// Empty if the configuration can train on `rows` labelled images; else a message saying what is wrong.
std::string train_config_check(const TrainConfig& config, int rows);

}  // namespace dl
