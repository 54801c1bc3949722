// The training lifecycle without a browser: start, pause, stop, the worker's reports, series of models.
#include <doctest/doctest.h>

#include <algorithm>

#include "core/presets.hpp"
#include "state/actions.hpp"
#include "state/train_form.hpp"
#include "state/train_series.hpp"
#include "state_util.hpp"

using namespace app;
using namespace app_test;

TEST_CASE("train: not before the worker is up with train.csv, then one train message") {
    AppState s;
    CHECK_FALSE(train_start(s));
    CHECK(s.outbox.messages.empty());
    worker_with_data(s);
    REQUIRE(train_start(s));
    CHECK(sent_one<dl::TrainMessage>(s).config.epochs == s.form.config.epochs);
    CHECK(s.training.running);
    CHECK_FALSE(train_start(s));  // one at a time
    CHECK(s.outbox.messages.size() == 1);
}

TEST_CASE("pause and resume follow the worker's confirmation; stop only while training") {
    AppState s;
    worker_with_data(s);
    train_stop(s);
    train_pause_toggle(s);
    CHECK(sent(s).empty());
    train_start(s);
    sent(s);
    train_pause_toggle(s);
    CHECK(sent(s) == std::vector<std::string>{"pause"});
    dl::ProgressMessage paused = train_progress(3, 5, 2);
    paused.paused = true;
    message_receive(s, paused);
    CHECK(s.training.paused);
    train_pause_toggle(s);
    CHECK(sent(s) == std::vector<std::string>{"resume"});
    train_stop(s);
    CHECK(sent(s) == std::vector<std::string>{"stop"});
    message_receive(s, train_done("stopped", 0));
    CHECK_FALSE(s.training.running);
    train_stop(s);
    CHECK(sent(s).empty());
}

TEST_CASE("a training's epochs and models: history, current model, saved record") {
    AppState s;
    worker_with_data(s);
    train_start(s);
    sent(s);
    dl::EpochStats e;
    e.epoch = 1;
    e.train_loss = 0.5f;
    e.validation.accuracy = 0.9f;
    e.validation.count = 10;
    message_receive(s, dl::EpochMessage{e, 2});
    REQUIRE(s.training.history.size() == 1);
    CHECK(s.training.history[0].validation.accuracy == doctest::Approx(0.9f));
    CHECK(s.training.history[0].validation.count == 10);
    message_receive(s, dl::ModelMessage{1, model_file()});
    CHECK(s.model.present);
    CHECK(s.model.epoch == 1);
    // Kept in the browser: the record and the model file go to the store.
    REQUIRE(s.outbox.store.size() == 1);
    CHECK(s.outbox.store[0].kind == StoreOp::Put);
    CHECK(s.outbox.store[0].model == model_file());
    dl::RunRecord record;
    REQUIRE(dl::run_record_read(s.outbox.store[0].record.data(), s.outbox.store[0].record.size(), record));
    CHECK(record.history.size() == 1);
    CHECK_FALSE(record.finished);
    message_receive(s, train_done("finished", 1));
    CHECK_FALSE(s.training.running);
    REQUIRE(s.library.models.size() == 1);
    CHECK(s.library.models[0].record.finished);
}

TEST_CASE("a series trains its models in turn with seeds seed, seed+1, ..., then uses their ensemble") {
    AppState s;
    worker_with_data(s);
    s.form.models = 3;
    s.form.seed = 7;
    REQUIRE(train_start(s));
    std::vector<uint64_t> seeds;
    for (int i = 0; i < 3; ++i) {
        seeds.push_back(sent_one<dl::TrainMessage>(s).config.seed);
        s.outbox.messages.clear();
        message_receive(s, dl::ModelMessage{1, model_file(10 + i)});
        message_receive(s, train_done("finished", 1));
    }
    CHECK(seeds == std::vector<uint64_t>{7, 8, 9});
    CHECK(s.outbox.messages.empty());  // no fourth
    CHECK(s.ensemble.models.members.size() == 3);
    CHECK(s.outbox.ensemble_remember.has_value());
}

TEST_CASE("a recipe of two designs trains the second design's models after the first's, then their ensemble") {
    AppState s;
    worker_with_data(s);
    const auto& presets = dl::presets();
    const auto found = std::find_if(presets.begin(), presets.end(), [](const dl::Preset& p) { return !p.more.empty(); });
    REQUIRE(found != presets.end());
    train_form_preset(s.form, int(found - presets.begin()));
    s.form.config.epochs = 3;  // the form edits the first design only
    REQUIRE(train_start(s));
    const int count = dl::recipe_models(found->members, found->more);
    CHECK(train_form_models(s.form) == count);
    CHECK(s.series.count() == count);
    int epochs_after = 3 * (found->members - 1);  // what the progress bar's estimate counts after the first model
    for (const dl::PresetDesign& d : found->more) epochs_after += d.config.epochs * d.count;
    CHECK(series_epochs_after(s.series) == epochs_after);
    std::vector<int> epochs;
    std::vector<long> params;
    std::vector<uint64_t> seeds;
    for (int i = 0; i < count; ++i) {
        const dl::TrainConfig& c = sent_one<dl::TrainMessage>(s).config;
        epochs.push_back(c.epochs);
        params.push_back(dl::layers_param_count(c.layers).total());
        seeds.push_back(c.seed);
        s.outbox.messages.clear();
        message_receive(s, dl::ModelMessage{1, model_file(10 + i)});
        message_receive(s, train_done("finished", 1));
    }
    const int first = found->members;
    CHECK(epochs[size_t(first - 1)] == 3);
    CHECK(epochs[size_t(first)] == found->more[0].config.epochs);
    CHECK(params[size_t(first - 1)] == dl::layers_param_count(found->config.layers).total());
    CHECK(params[size_t(first)] == dl::layers_param_count(found->more[0].config.layers).total());
    CHECK(params[size_t(first - 1)] != params[size_t(first)]);
    CHECK(seeds.back() == seeds.front() + uint64_t(count - 1));
    CHECK(s.outbox.messages.empty());
    CHECK(s.ensemble.models.members.size() == size_t(count));
}

TEST_CASE("stopping a series ends it; the models finished before stay saved") {
    AppState s;
    worker_with_data(s);
    s.form.models = 3;
    train_start(s);
    sent(s);
    message_receive(s, dl::ModelMessage{1, model_file()});
    message_receive(s, train_done("finished", 1));
    CHECK(sent(s) == std::vector<std::string>{"train"});  // the second model
    train_stop(s);
    CHECK(sent(s) == std::vector<std::string>{"stop"});
    message_receive(s, train_done("stopped", 0));
    CHECK(sent(s).empty());
    CHECK(s.series.count() == 1);
    CHECK_FALSE(s.ensemble.in_use());
    CHECK(s.library.models.size() == 1);
}

TEST_CASE("keyboard commands run once, at the frame's start") {
    AppState s;
    worker_with_data(s);
    s.commands = {Command::Train, Command::Help};
    frame_update(s);
    CHECK(s.training.running);
    CHECK(s.help_open);
    CHECK(s.commands.empty());
    CHECK(sent(s) == std::vector<std::string>{"train"});
    s.commands = {Command::Escape, Command::Escape};  // closes the help, then stops
    frame_update(s);
    CHECK_FALSE(s.help_open);
    CHECK(sent(s) == std::vector<std::string>{"stop"});
}
