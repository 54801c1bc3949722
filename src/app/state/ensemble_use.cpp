#include "ensemble_use.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "model_open.hpp"
#include "model_store.hpp"

namespace app {

namespace {

// [SECTION] Remembered between visits: the members' keys, comma-separated (Outbox::ensemble_remember, which
// the platform keeps in localStorage: a few bytes; the model files themselves are in the store already).

void ensemble_remember(AppState& s, const std::vector<double>& ids) {
    std::string text;
    for (const double id : ids) {
        char number[32];
        std::snprintf(number, sizeof number, "%s%.17g", text.empty() ? "" : ",", id);  // exact: a key
        text += number;
    }
    s.outbox.ensemble_remember = text;
}

std::vector<double> ensemble_recalled(const std::string& text) {
    std::vector<double> ids;
    for (const char* p = text.c_str(); *p;) {
        char* end = nullptr;
        const double id = std::strtod(p, &end);
        if (end == p) break;
        ids.push_back(id);
        p = *end == ',' ? end + 1 : end;
    }
    return ids;
}

const SavedModel* saved_get(const AppState& s, double id) {
    for (const SavedModel& m : s.library.models)
        if (m.id == id) return &m;
    return nullptr;
}

bool saved_has(const AppState& s, double id) { return saved_get(s, id) != nullptr; }

}  // namespace

// [SECTION] Loading

void ensemble_set(AppState& s, const std::vector<double>& ids, std::vector<std::vector<uint8_t>> files) {
    dl::Ensemble models;
    std::string problem;
    if (!dl::ensemble_read(files, models, problem)) {
        error_set(s, "model", "The ensemble cannot be used: " + problem + ". The model in use is kept.");
        return;
    }
    error_clear(s, "model");
    // The first member is also the current model, shown with its epoch (Draw and Predict name the ensemble).
    const SavedModel* first = saved_get(s, ids[0]);
    current_model_use(s, models.members[0], {(const char*)files[0].data(), files[0].size()},
                      first ? first->record.weights_epoch : 0, "");
    EnsembleInUse& e = s.ensemble;
    e.ids = ids;
    e.files = std::move(files);
    e.models = std::move(models);
    s.library.current_id = 0;  // no single saved model is in use
    for (SavedModel& m : s.library.models) m.picked = std::count(ids.begin(), ids.end(), m.id) > 0;
    ensemble_remember(s, ids);
    s.status = "Using an ensemble of " + std::to_string(ids.size()) +
               " models: the pad and Predict average their probabilities.";
}

void ensemble_load(AppState& s, const std::vector<double>& ids) {
    EnsembleInUse& e = s.ensemble;
    if (s.training.running) {
        error_set(s, "model", "The ensemble is not used: a training is running; stop it first.");
        return;
    }
    if (ids.empty()) return ensemble_set(s, {}, {});  // refused there, with the core's message
    e.loading = ids;
    e.loaded.assign(ids.size(), {});
    for (const double id : ids) store_ensemble_member_get(s, id);
}

void ensemble_member_arrived(AppState& s, double id, std::string_view file) {
    EnsembleInUse& e = s.ensemble;
    const auto at = std::find(e.loading.begin(), e.loading.end(), id);
    if (at == e.loading.end()) return;  // a load replaced since
    e.loaded[size_t(at - e.loading.begin())].assign(file.begin(), file.end());
    if (std::any_of(e.loaded.begin(), e.loaded.end(), [](const std::vector<uint8_t>& f) { return f.empty(); }))
        return;
    const std::vector<double> ids = std::move(e.loading);
    std::vector<std::vector<uint8_t>> files = std::move(e.loaded);
    e.loading.clear();
    e.loaded.clear();
    ensemble_set(s, ids, std::move(files));
}

// [SECTION] Leaving

void ensemble_leave(AppState& s) {
    if (!s.ensemble.in_use()) return;
    const double first = s.ensemble.ids.front();
    ensemble_drop(s);
    s.library.current_id = saved_has(s, first) ? first : 0;
    s.pad.dirty = true;
    s.status = "Using one model: the first of the ensemble.";
}

void ensemble_drop(AppState& s) {
    if (!s.ensemble.in_use()) return;
    EnsembleInUse& e = s.ensemble;  // a load under way goes on
    e.models = dl::Ensemble{};
    e.files.clear();
    e.ids.clear();
    for (SavedModel& m : s.library.models) m.picked = false;
    ensemble_remember(s, {});
}

bool ensemble_restore(AppState& s, const std::string& remembered) {
    const std::vector<double> ids = ensemble_recalled(remembered);
    if (ids.empty() || !std::all_of(ids.begin(), ids.end(), [&](double id) { return saved_has(s, id); }))
        return false;
    ensemble_load(s, ids);
    return true;
}

}  // namespace app
