// Models kept in the browser: IndexedDB through web/bridge.js (digitlabBridge.store*), which holds for each
// saved model its run record (dl::RunRecord bytes) and its model file, under the run's start time as key.
// The app keeps the list (AppState::library) and writes through (StoreOp in the outbox); the store answers
// asynchronously through the platform's app_on_store* exports, which call the store_* answers below.
#pragma once
#include <string>

#include "app_state.hpp"

namespace app {

// The record of a training starting now: named after the model and the time, with its configuration.
dl::RunRecord run_record_start(const dl::TrainConfig& config, const std::string& model_name);
// Training starts: `run` joins the runs to compare, and when the user keeps models it is kept (saved with its
// first model).
void store_run_begin(AppState& s, const dl::RunRecord& run);
// The running training's entry in AppState::runs, if there is one: null once its saved model was deleted.
SessionRun* run_running(AppState& s);
// The worker sent the weights of `epoch` (`file` is the model file), or an epoch's stats: the kept run is
// saved again, so a reload loses at most the epoch in progress.
void store_run_model(AppState& s, std::string_view file, int epoch);
// Training ended; the record says so.
void store_run_end(AppState& s);

// Saved model `index` of the list: made the current model, downloaded, renamed (to its name_edit) or deleted.
void store_model_use(AppState& s, int index);
void store_model_download(AppState& s, int index);
void store_model_rename(AppState& s, int index);
void store_model_delete(AppState& s, int index);
// Asks the store for the model file of saved model `id`, for ensemble_member_arrived (ensemble_use.hpp).
void store_ensemble_member_get(AppState& s, double id);

// [SECTION] The store's answers
// One saved model's record, while the store is listed after the page loads.
void store_record_listed(AppState& s, double id, const uint8_t* data, size_t size);
// All records are in. The newest saved model becomes the current one when the page has none yet (or only
// the default model): this is how a reload (even during training) comes back to where it was. The ensemble
// of the last visit (`remembered_ensemble`, see ensemble_restore) comes back instead if it can.
void store_listed(AppState& s, const std::string& remembered_ensemble);
// The model file of saved model `id`, asked for `purpose` (StorePurpose: store_model_use,
// store_model_download or store_ensemble_member_get).
void store_model_arrived(AppState& s, double id, int purpose, std::string_view file);
// Saved model `id` changed behind the list's back: another tab of the page saved it (`size` > 0: its record)
// or deleted it (`size` 0), or this tab's write failed and the store holds an older record or none. The list
// follows without a reload.
void store_record_changed(AppState& s, double id, const uint8_t* data, size_t size);
// The store failed (no IndexedDB, storage full, ...): `text` says what was being done and why.
void store_failed(AppState& s, const std::string& text);

}  // namespace app
