// See model_store.hpp. The JavaScript side is the [SECTION] Model store of web/bridge.js.
#include "model_store.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <vector>

#include "ensemble_use.hpp"
#include "model_open.hpp"
#include "text_format.hpp"

namespace app {

namespace {

// Writes the record; with `model` also the model file (else the stored one is kept).
void store_put(AppState& s, double id, const dl::RunRecord& record, std::string_view model = {}) {
    s.outbox.store.push_back({StoreOp::Put, id, dl::run_record_write(record), std::string(model), 0});
}

void store_model_get(AppState& s, double id, StorePurpose purpose) {
    s.outbox.store.push_back({StoreOp::ModelGet, id, {}, {}, purpose});
}

SavedModel* saved_find(AppState& s, double id) {
    for (SavedModel& m : s.library.models)
        if (m.id == id) return &m;
    return nullptr;
}

void saved_set(SavedModel& m, double id, const dl::RunRecord& record) {
    m.id = id;
    m.record = record;
    std::snprintf(m.name_edit, sizeof m.name_edit, "%s", record.name.c_str());
}

// The list shows the newest first; a new entry goes to the top.
SavedModel& saved_upsert(AppState& s, double id, const dl::RunRecord& record) {
    SavedModel* found = saved_find(s, id);
    if (!found) {
        s.library.models.insert(s.library.models.begin(), SavedModel{});
        found = &s.library.models.front();
    }
    saved_set(*found, id, record);
    return *found;
}

// Saved model `index` leaves the list (deleted here or in another tab): its run leaves the comparison, and a
// model in use or training stays so, no longer saved.
void saved_forget(AppState& s, int index) {
    Library& l = s.library;
    const double id = l.models[index].id;
    if (id == l.run_id) l.run_id = 0;  // the running training is no longer kept
    if (id == l.current_id) l.current_id = 0;
    s.runs.erase(std::remove_if(s.runs.begin(), s.runs.end(), [&](const SessionRun& r) { return r.saved_id == id; }),
                 s.runs.end());
    l.models.erase(l.models.begin() + index);
}

// "MLP 256-128, 23 Nov 19:40:12" in the page's local time zone: to the second, so that trainings started
// within a minute (one after another, or in a series) have names of their own.
std::string run_name(const std::string& model_name, double ms) {
    const std::time_t t = std::time_t(ms / 1000);
    char when[32];
    std::strftime(when, sizeof when, "%d %b %H:%M:%S", std::localtime(&t));
    return model_name + ", " + when;
}

// A file name from the user's name for the model: letters, digits, '-' and '_' kept, the rest '_'.
std::string file_name_from(const std::string& name) {
    std::string out;
    for (const unsigned char c : name) out += std::isalnum(c) || c == '-' || c == '_' ? char(c) : '_';
    return (out.empty() ? "model" : out.substr(0, 60)) + ".dlm";
}

}  // namespace

// [SECTION] The running training

dl::RunRecord run_record_start(const dl::TrainConfig& config, const std::string& model_name) {
    dl::RunRecord run;
    run.created_ms = double(std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::system_clock::now().time_since_epoch()).count());
    run.name = run_name(model_name, run.created_ms);
    run.config = config;
    return run;
}

void store_run_begin(AppState& s, const dl::RunRecord& run) {
    Library& l = s.library;
    l.run_id = 0;
    l.run_saved = false;
    if (l.keep) {
        // Two runs started within the same millisecond (a double click) would share a key: the second moves on.
        l.run_id = run.created_ms;
        while (saved_find(s, l.run_id)) l.run_id += 1;
    }
    s.runs.push_back(SessionRun{run, true, l.run_id, true});
}

SessionRun* run_running(AppState& s) {
    for (SessionRun& r : s.runs)
        if (r.running) return &r;
    return nullptr;
}

void store_run_model(AppState& s, std::string_view file, int epoch) {
    Library& l = s.library;
    l.current_id = l.run_id;  // the new current model is saved only if this training is kept
    SessionRun* run = run_running(s);
    if (!l.run_id || !run) return;  // deleting the saved model forgets both
    dl::RunRecord& r = run->record;
    r.history = s.training.history;
    r.weights_epoch = epoch;
    r.params = s.model.params;
    store_put(s, l.run_id, r, file);
    l.run_saved = true;
    saved_upsert(s, l.run_id, r);
}

void store_run_end(AppState& s) {
    Library& l = s.library;
    SessionRun* run = run_running(s);
    if (run) {
        run->running = false;
        run->record.history = s.training.history;
        run->record.finished = true;
    }
    const double id = l.run_id;
    l.run_id = 0;
    if (!id || !run) return;
    // A run that diverged before its first epoch has no model, so nothing to keep.
    if (l.run_saved) {
        store_put(s, id, run->record);
        saved_upsert(s, id, run->record);
    } else {
        run->saved_id = 0;  // nothing was saved: no key to delete it by
    }
}

// [SECTION] The list

void store_model_use(AppState& s, int index) { store_model_get(s, s.library.models[index].id, kStoreUse); }

void store_model_download(AppState& s, int index) {
    store_model_get(s, s.library.models[index].id, kStoreDownload);
}

void store_ensemble_member_get(AppState& s, double id) { store_model_get(s, id, kStoreEnsemble); }

void store_model_rename(AppState& s, int index) {
    SavedModel& m = s.library.models[index];
    if (m.name_edit[0] == 0 || m.record.name == m.name_edit) {
        saved_set(m, m.id, m.record);  // an empty name is not a name: back to the old one
        return;
    }
    m.record.name = m.name_edit;
    for (SessionRun& r : s.runs)  // the running training's too, which the next save writes
        if (r.saved_id == m.id) r.record.name = m.record.name;
    store_put(s, m.id, m.record);
}

void store_model_delete(AppState& s, int index) {
    s.outbox.store.push_back({StoreOp::Delete, s.library.models[index].id, {}, {}, 0});
    s.status = "Deleted \"" + s.library.models[index].record.name + "\" from this browser.";
    saved_forget(s, index);
}

// [SECTION] The store's answers

void store_record_listed(AppState& s, double id, const uint8_t* data, size_t size) {
    dl::RunRecord record;
    if (!dl::run_record_read(data, size, record)) return;  // written by a newer or broken page: not listed
    SavedModel m;
    saved_set(m, id, record);
    s.library.models.push_back(m);
}

void store_listed(AppState& s, const std::string& remembered_ensemble) {
    Library& l = s.library;
    l.listed = true;
    std::sort(l.models.begin(), l.models.end(), [](const SavedModel& a, const SavedModel& b) {
        return a.id > b.id;
    });
    // The saved runs join the comparison, before this visit's (the list is oldest first).
    std::vector<SessionRun> saved;
    for (auto it = l.models.rbegin(); it != l.models.rend(); ++it) saved.push_back({it->record, true, it->id});
    s.runs.insert(s.runs.begin(), saved.begin(), saved.end());
    // The ensemble of the last visit comes back if its models are still there; else the newest model.
    if (!l.models.empty() && (!s.model.present || s.model.pretrained) && !ensemble_restore(s, remembered_ensemble))
        store_model_use(s, 0);
}

void store_model_arrived(AppState& s, double id, int purpose, std::string_view file) {
    if (purpose == kStoreEnsemble) return ensemble_member_arrived(s, id, file);  // even if deleted since
    SavedModel* m = saved_find(s, id);
    if (!m) return;  // deleted meanwhile
    if (purpose == kStoreDownload) {
        s.outbox.downloads.push_back({file_name_from(m->record.name), "application/octet-stream", std::string(file)});
        return;
    }
    if (s.training.running) {
        error_set(s, "model", "\"" + m->record.name + "\" not used: a training is running; stop it first.");
        return;
    }
    std::string problem;
    if (!current_model_set(s, file, m->record.weights_epoch, "", problem)) {
        error_set(s, "model", "\"" + m->record.name + "\" cannot be used: " + problem + ".");
        return;
    }
    error_clear(s, "model");
    s.library.current_id = id;
    s.training = Training{};
    s.training.history = m->record.history;  // its curves and epoch table come back with it
    s.training.epochs = m->record.config.epochs;
    const dl::RunRecord& r = m->record;
    s.status = "Using \"" + r.name + "\" (weights of epoch " + std::to_string(r.weights_epoch) + ")" +
               (r.finished ? "." : ": its training was interrupted; the epochs done are kept.");
}

void store_record_changed(AppState& s, double id, const uint8_t* data, size_t size) {
    Library& l = s.library;
    if (!l.listed) return;  // the listing under way reads it
    SavedModel* found = saved_find(s, id);
    if (size == 0) {
        if (!found) return;
        s.status = "\"" + found->record.name + "\" is no longer saved in this browser.";
        return saved_forget(s, int(found - l.models.data()));
    }
    dl::RunRecord record;
    if (!dl::run_record_read(data, size, record)) return;  // written by a newer or broken page: not listed
    if (found) {
        saved_set(*found, id, record);
    } else {
        // Newest first: before the first older one.
        const auto at = std::find_if(l.models.begin(), l.models.end(), [&](const SavedModel& m) { return m.id < id; });
        saved_set(*l.models.insert(at, SavedModel{}), id, record);
    }
    for (SessionRun& r : s.runs)
        if (r.saved_id == id && !r.running) return void(r.record = record);
    if (id != l.run_id) s.runs.push_back({record, true, id});
}

void store_failed(AppState& s, const std::string& text) {
    s.library.listed = true;
    s.ensemble.loading.clear();  // an ensemble being read will not get all its models
    s.ensemble.loaded.clear();
    error_set(s, "store", text);
}

}  // namespace app
