// Several models trained in turn ("Models to train: N" in the settings): the same settings with the seeds
// seed, seed+1, ... (then a recipe's models of another design, seeds going on), one training each, each model
// saved like any run. When the last one ends, the ensemble of all of them is in use (ensemble_use.hpp).
// Stopping (or a failure) ends the whole series; the models finished before stay saved.
#pragma once
#include <string>

#include "app_state.hpp"

namespace app {

// A series of models starts, one for each of `configs` (one: a single training).
void series_begin(AppState& s, std::vector<dl::TrainConfig> configs);
// The settings of the model the series trains now.
const dl::TrainConfig& series_config(const TrainSeries& series);
// The epochs of the models after the one training now (for the progress bar's estimate of the time left).
int series_epochs_after(const TrainSeries& series);
// A training of the series ended for `reason` (the worker's train_done); `id` is its key in the store (0 if
// not kept) and `file` its model file. Starts the next training, or after the last puts the ensemble in use.
void series_model_done(AppState& s, const std::string& reason, double id, const std::vector<uint8_t>& file);
// The series ends without its ensemble (the worker failed, or stopped it).
void series_end(AppState& s);
// "model 2 of 3, " while a series of more than one model trains, else "".
std::string series_text(const TrainSeries& series);

}  // namespace app
