// The models saved in the browser, the ensemble in use and its return after a reload, the store's failures,
// and the drawing pad's prediction.
#include <doctest/doctest.h>

#include "core/run_record.hpp"
#include "state/actions.hpp"
#include "state/ensemble_use.hpp"
#include "state/model_store.hpp"
#include "state/pad_edit.hpp"
#include "state_util.hpp"

using namespace app;
using namespace app_test;

namespace {

// The store lists saved model `id` (its record) as it does after a reload.
void store_lists(AppState& s, double id, const std::string& name) {
    dl::RunRecord record;
    record.name = name;
    record.finished = true;
    record.weights_epoch = 1;
    const std::vector<uint8_t> bytes = dl::run_record_write(record);
    store_record_listed(s, id, bytes.data(), bytes.size());
}

// The store's model-file requests in the outbox (emptied), as (id, purpose).
std::vector<std::pair<double, int>> store_gets(AppState& s) {
    std::vector<std::pair<double, int>> gets;
    for (const StoreOp& op : s.outbox.store)
        if (op.kind == StoreOp::ModelGet) gets.push_back({op.id, op.purpose});
    s.outbox.store.clear();
    return gets;
}

// A reload with saved models 1 and 2 and the ensemble `remembered`; the requests it makes are in the outbox.
void two_saved_listed(AppState& s, const std::string& remembered) {
    store_lists(s, 1, "a");
    store_lists(s, 2, "b");
    store_listed(s, remembered);
}

}  // namespace

TEST_CASE("after a reload the newest saved model is used") {
    AppState s;
    store_lists(s, 100, "old");
    store_lists(s, 200, "new");
    store_listed(s, "");
    CHECK(s.library.listed);
    REQUIRE(s.library.models.size() == 2);
    CHECK(s.library.models[0].id == 200);  // newest first
    CHECK(s.runs.size() == 2);
    CHECK(store_gets(s) == std::vector<std::pair<double, int>>{{200, kStoreUse}});
    store_model_arrived(s, 200, kStoreUse, model_file());
    CHECK(s.model.present);
    CHECK(s.library.current_id == 200);
}

TEST_CASE("the ensemble in use is remembered, and comes back after a reload") {
    AppState first;
    two_saved_listed(first, "");
    store_gets(first);
    ensemble_load(first, {1, 2});
    CHECK(store_gets(first) == std::vector<std::pair<double, int>>{{1, kStoreEnsemble}, {2, kStoreEnsemble}});
    store_model_arrived(first, 1, kStoreEnsemble, model_file(1));
    CHECK_FALSE(first.ensemble.in_use());  // not before all have come
    store_model_arrived(first, 2, kStoreEnsemble, model_file(2));
    REQUIRE(first.ensemble.in_use());
    CHECK(first.ensemble.models.members.size() == 2);
    REQUIRE(first.outbox.ensemble_remember);
    const std::string remembered = *first.outbox.ensemble_remember;
    CHECK(remembered == "1,2");

    AppState reloaded;  // the next visit: the store lists the same models
    two_saved_listed(reloaded, remembered);
    CHECK(store_gets(reloaded) == std::vector<std::pair<double, int>>{{1, kStoreEnsemble}, {2, kStoreEnsemble}});
    store_model_arrived(reloaded, 1, kStoreEnsemble, model_file(1));
    store_model_arrived(reloaded, 2, kStoreEnsemble, model_file(2));
    CHECK(reloaded.ensemble.models.members.size() == 2);

    ensemble_leave(reloaded);
    CHECK_FALSE(reloaded.ensemble.in_use());
    CHECK(reloaded.model.present);
    REQUIRE(reloaded.outbox.ensemble_remember);
    CHECK(reloaded.outbox.ensemble_remember->empty());
}

TEST_CASE("an ensemble whose members are no longer all saved does not come back") {
    AppState s;
    store_lists(s, 1, "a");
    store_listed(s, "1,2");
    CHECK(store_gets(s) == std::vector<std::pair<double, int>>{{1, kStoreUse}});
}

TEST_CASE("store failures: the list is over, an ensemble being read is dropped, the error says why") {
    AppState s;
    two_saved_listed(s, "");
    store_gets(s);
    ensemble_load(s, {1, 2});
    store_model_arrived(s, 1, kStoreEnsemble, model_file(1));
    store_failed(s, "Could not read the saved models: quota exceeded");
    CHECK(s.library.listed);
    CHECK(s.ensemble.loading.empty());
    CHECK(s.error_task == "store");
    CHECK(s.error.find("quota") != std::string::npos);
    store_model_arrived(s, 2, kStoreEnsemble, model_file(2));  // too late: nothing half-made is used
    CHECK_FALSE(s.ensemble.in_use());
}

TEST_CASE("a broken saved record is not listed; a broken saved model is not used") {
    AppState s;
    const uint8_t junk[] = {1, 2, 3};
    store_record_listed(s, 5, junk, sizeof junk);
    CHECK(s.library.models.empty());
    store_lists(s, 6, "six");
    store_listed(s, "");
    store_gets(s);
    store_model_arrived(s, 6, kStoreUse, "not a model");
    CHECK_FALSE(s.model.present);
    CHECK(s.error_task == "model");
}

TEST_CASE("rename, download and delete a saved model") {
    AppState s;
    store_lists(s, 1, "a");
    store_listed(s, "");
    s.outbox.store.clear();
    std::snprintf(s.library.models[0].name_edit, sizeof s.library.models[0].name_edit, "better");
    store_model_rename(s, 0);
    REQUIRE(s.outbox.store.size() == 1);
    CHECK(s.outbox.store[0].kind == StoreOp::Put);
    CHECK(s.outbox.store[0].model.empty());  // the stored file is kept
    s.outbox.store.clear();
    store_model_download(s, 0);
    CHECK(store_gets(s) == std::vector<std::pair<double, int>>{{1, kStoreDownload}});
    store_model_arrived(s, 1, kStoreDownload, "bytes");
    REQUIRE(s.outbox.downloads.size() == 1);
    CHECK(s.outbox.downloads[0].file_name == "better.dlm");
    store_model_delete(s, 0);
    REQUIRE(s.outbox.store.size() == 1);
    CHECK(s.outbox.store[0].kind == StoreOp::Delete);
    CHECK(s.library.models.empty());
    CHECK(s.runs.empty());
}

TEST_CASE("the pad predicts once per frame, and only after a change") {
    AppState s;
    worker_with_data(s);
    message_receive(s, dl::ModelMessage{1, model_file()});
    frame_update(s);
    const int version = s.pad.image_version;
    CHECK(s.pad.prediction == -1);  // no ink
    pad_stroke_extend(s.pad, {0.3f, 0.2f}, 1.f);
    pad_stroke_extend(s.pad, {0.5f, 0.8f}, 1.f);
    pad_stroke_end(s.pad);
    CHECK(s.pad.dirty);
    frame_update(s);
    CHECK_FALSE(s.pad.dirty);
    CHECK(s.pad.image_version == version + 1);
    CHECK(s.pad.prediction >= 0);
    frame_update(s);  // nothing changed: no new image, no inference
    CHECK(s.pad.image_version == version + 1);
    s.commands = {Command::Undo};
    frame_update(s);
    CHECK(s.pad.image_version == version + 2);
    CHECK(s.pad.prediction == -1);
}
