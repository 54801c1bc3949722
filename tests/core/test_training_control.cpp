// What a run does besides gradient steps: schedules reach the optimizer, best weights are kept, early
// stopping stops, augmentation still learns.
#include <doctest/doctest.h>

#include "core/trainer.hpp"
#include "test_util.hpp"

namespace {
dl::TrainConfig small_config() {
    dl::TrainConfig c;
    c.layers = dl::mlp_layers({32}, dl::Activation::Relu, 0.0f);
    c.batch_size = 32;
    c.epochs = 6;
    return c;
}
}  // namespace

TEST_CASE("training: the schedule sets the optimizer's rate, recorded per epoch") {
    const dl::Dataset data = dltest::synthetic_digits(320, 21);
    dl::TrainConfig c = small_config();
    c.schedule.kind = dl::ScheduleKind::StepDecay, c.schedule.factor = 0.5f, c.schedule.every = 2;
    dl::Trainer t(data, c);
    while (t.train_batches(1000)) {}
    REQUIRE(t.history().size() == 6);
    // The last batch of epoch e (0-based) runs at progress just under e + 1.
    CHECK(t.history()[0].learning_rate == doctest::Approx(0.001));
    CHECK(t.history()[2].learning_rate == doctest::Approx(0.0005));
    CHECK(t.history()[5].learning_rate == doctest::Approx(0.00025));
}

TEST_CASE("training: keep_best returns the weights of the best validation epoch; early stopping stops") {
    const dl::Dataset data = dltest::synthetic_digits(400, 22);
    dl::TrainConfig c = small_config();
    c.epochs = 30;
    c.early_stopping = 2;
    c.optimizer.learning_rate = 0.01f;
    dl::Trainer t(data, c);
    while (t.train_batches(1000)) {}
    REQUIRE(t.stopped_early());
    CHECK(t.history().size() < 30);
    CHECK(int(t.history().size()) - t.best_epoch() == 2);
    float best = 0;
    for (const dl::EpochStats& s : t.history()) best = std::max(best, s.validation.accuracy);
    CHECK(t.history()[t.best_epoch() - 1].validation.accuracy == best);
    CHECK(t.weights_epoch() == t.best_epoch());
    // The model now scores what the best epoch scored.
    std::vector<int> train_rows, val_rows;
    dl::dataset_split(data.rows, c.val_split, c.seed, train_rows, val_rows);
    CHECK(dl::model_evaluate(t.model(), data, val_rows).accuracy == doctest::Approx(best));
}

TEST_CASE("training: with augmentation a model still learns the synthetic digits") {
    const dl::Dataset data = dltest::synthetic_digits(1200, 23);
    dl::TrainConfig c = small_config();
    c.layers = dl::mlp_layers({64}, dl::Activation::Relu, 0.0f);
    c.epochs = 8;
    c.augment.rotation = 8.0f, c.augment.shift = 0.04f, c.augment.zoom = 0.05f;
    dl::Trainer t(data, c);
    while (t.train_batches(1000)) {}
    CHECK(t.history().back().validation.accuracy >= 0.9f);
}
