// Several saved models in use together (AppState::ensemble): the drawing pad and Predict average their
// probabilities (dl::Ensemble). They are picked in the Saved models list, or are the models of a series
// trained in turn; their files come from the store (model_store.hpp) one by one. The choice is remembered
// in the browser (localStorage: the members' keys) and comes back after a reload.
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

#include "app_state.hpp"

namespace app {

// The models `files` (saved as `ids` in the store, 0 for one not kept) are the ensemble in use, the first
// of them the current model; or, if one is not a usable model, an error says so and the model in use stays.
void ensemble_set(AppState& s, const std::vector<double>& ids, std::vector<std::vector<uint8_t>> files);
// Reads the saved models `ids` from the store; when all have come, ensemble_set makes them the ensemble.
void ensemble_load(AppState& s, const std::vector<double>& ids);
// The store's answer to ensemble_load for saved model `id`.
void ensemble_member_arrived(AppState& s, double id, std::string_view file);
// Back to one model: the current model (the ensemble's first member) alone.
void ensemble_leave(AppState& s);
// Another model replaced the ensemble (a training's, an opened file, a saved model used alone): it is
// forgotten, also for the next visit.
void ensemble_drop(AppState& s);
// The ensemble of the last visit (`remembered`: what Outbox::ensemble_remember held then), if its members
// are all still saved: loaded again. Returns whether it was.
bool ensemble_restore(AppState& s, const std::string& remembered);

}  // namespace app
