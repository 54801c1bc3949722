// A training run as the page keeps it in the browser next to its model file: what was trained, how each
// epoch went and which epoch's weights the file holds. Small (no weights), so that the list of saved models
// and their curves can be shown without reading any model file.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "epoch_stats.hpp"
#include "train_config.hpp"

namespace dl {

struct RunRecord {
    std::string name;                // the user's name for it, editable
    double created_ms = 0;           // when the training started, in ms since 1970
    TrainConfig config;
    std::vector<EpochStats> history;
    int weights_epoch = 0;           // the epoch whose end-of-epoch weights the model file holds
    bool finished = false;           // false while training: a reload then interrupted it after `history`
    long params = 0;
};

std::vector<uint8_t> run_record_write(const RunRecord& record);
// False for bytes that are not a whole record of this version or an earlier one (`record` is then unspecified).
bool run_record_read(const uint8_t* data, size_t size, RunRecord& record);

// The best validation accuracy of the run (0 without epochs).
float run_record_best_accuracy(const RunRecord& record);

}  // namespace dl
