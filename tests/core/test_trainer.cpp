// Trainer: a short run on a synthetic digit-like dataset reaches a stated accuracy; training is bitwise
// deterministic in the seed; a huge learning rate is detected as divergence and the last good weights return.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "core/loss.hpp"
#include "core/trainer.hpp"
#include "test_util.hpp"

using dl::Activation;
using dl::TrainConfig;

namespace {

const dl::Dataset& digits() {
    static const dl::Dataset d = dltest::synthetic_digits(2000, 77);
    return d;
}

TrainConfig small_config() {
    TrainConfig c;
    c.layers = dl::mlp_layers({64}, Activation::Relu, 0.1f);
    c.optimizer.kind = dl::OptimizerKind::Adam;
    c.optimizer.learning_rate = 0.002f;
    c.batch_size = 32;
    c.epochs = 4;
    c.val_split = 0.1f;
    c.seed = 5;
    return c;
}

void train_to_end(dl::Trainer& t, int chunk = 50) {
    int guard = 0;
    while (t.train_batches(chunk) && ++guard < 100000) {
    }
    REQUIRE(t.finished());
}

}  // namespace

TEST_CASE("dataset: split, gather, class counts") {
    std::vector<int> train, val;
    dl::dataset_split(1000, 0.1f, 3, train, val);
    CHECK(train.size() == 900);
    CHECK(val.size() == 100);
    std::vector<int> all = train;
    all.insert(all.end(), val.begin(), val.end());
    std::sort(all.begin(), all.end());
    std::vector<int> want(1000);
    std::iota(want.begin(), want.end(), 0);
    CHECK(all == want);
    std::vector<int> train2, val2, train3, val3;
    dl::dataset_split(1000, 0.1f, 3, train2, val2);
    dl::dataset_split(1000, 0.1f, 4, train3, val3);
    CHECK(train2 == train);
    CHECK(val2 == val);
    CHECK(train3 != train);  // another seed, another shuffle
    std::vector<int> sorted_train = train;
    std::sort(sorted_train.begin(), sorted_train.end());
    CHECK(sorted_train != train);  // shuffled

    const dl::Dataset& d = digits();
    const int rows[3] = {5, 0, 1999};
    dl::Mat x;
    dl::dataset_gather(d, rows, 3, x);
    REQUIRE(x.rows() == 3);
    REQUIRE(x.cols() == 784);
    for (int i = 0; i < 3; ++i)
        for (int k = 0; k < 784; ++k) CHECK(x(i, k) == doctest::Approx(d.image(rows[i])[k] / 255.0).epsilon(1e-6));

    const auto counts = dl::dataset_class_counts(d);
    std::array<int, 10> mine{};
    for (uint8_t l : d.labels) ++mine[l];
    CHECK(counts == mine);
    CHECK(std::accumulate(counts.begin(), counts.end(), 0) == 2000);
}

TEST_CASE("train_config_check") {
    TrainConfig c = small_config();
    CHECK(dl::train_config_check(c, 2000).empty());
    auto bad = c;
    bad.batch_size = 0;
    CHECK_FALSE(dl::train_config_check(bad, 2000).empty());
    bad = c;
    bad.epochs = 0;
    CHECK_FALSE(dl::train_config_check(bad, 2000).empty());
    bad = c;
    bad.val_split = 1.f;
    CHECK_FALSE(dl::train_config_check(bad, 2000).empty());
    bad = c;
    bad.val_split = -0.1f;
    CHECK_FALSE(dl::train_config_check(bad, 2000).empty());
    bad = c;
    bad.optimizer.learning_rate = 0.f;
    CHECK_FALSE(dl::train_config_check(bad, 2000).empty());
    bad = c;
    bad.layers.back().units = 7;
    CHECK_FALSE(dl::train_config_check(bad, 2000).empty());
    for (float decay : {-0.1f, 1.f}) {
        bad = c;
        bad.ema_decay = decay;
        CHECK(dl::train_config_check(bad, 2000) == "weight averaging's decay must be in [0, 1)");
    }
    CHECK_FALSE(dl::train_config_check(c, 0).empty());
}

TEST_CASE("trainer: a short run reaches >= 95% validation accuracy on synthetic digits") {
    const dl::Dataset& d = digits();
    TrainConfig c = small_config();
    dl::Trainer t(d, c);
    const int train_rows = 1800;  // 2000 * (1 - 0.1)
    CHECK(t.batches_per_epoch() == (train_rows + 31) / 32);

    // Before training: about chance.
    std::vector<int> all(2000);
    std::iota(all.begin(), all.end(), 0);
    const dl::Evaluation before = dl::model_evaluate(t.model(), d, all);
    CHECK(before.count == 2000);
    CHECK(before.accuracy < 0.4f);

    // One call with a large budget stops at the end of the first epoch.
    CHECK(t.train_batches(1000000));
    CHECK(t.epoch() == 1);
    CHECK(t.history().size() == 1);
    CHECK(t.images_seen() == train_rows);
    train_to_end(t);
    CHECK_FALSE(t.diverged());
    CHECK_FALSE(t.train_batches(10));  // over
    REQUIRE(t.history().size() == 4);
    CHECK(t.epoch() == 4);
    CHECK(t.images_seen() == 4L * train_rows);
    for (int e = 0; e < 4; ++e) {
        const auto& h = t.history()[e];
        CHECK(h.epoch == e + 1);
        CHECK(h.validation.count == 200);
        CHECK(std::isfinite(h.train_loss));
        CHECK(h.train_accuracy >= 0.f);
        CHECK(h.train_accuracy <= 1.f);
        CHECK(h.seconds >= 0.0);
    }
    CHECK(t.history().back().train_loss < t.history().front().train_loss);
    const auto& last = t.history().back();
    INFO("validation accuracy ", last.validation.accuracy, " loss ", last.validation.loss);
    CHECK(last.validation.accuracy >= 0.95f);
    CHECK(last.validation.loss < 0.3f);

    // model_evaluate agrees with the labels predicted by model_predict_labels.
    std::vector<uint8_t> labels(2000);
    dltest::model_predict_labels(t.model(), d, 0, 2000, labels.data());
    int right_all = 0;
    for (int i = 0; i < 2000; ++i) right_all += labels[i] == d.labels[i];
    CHECK(right_all >= 0.95 * 2000);
    const dl::Evaluation ev = dl::model_evaluate(t.model(), d, all);
    CHECK(ev.count == 2000);
    CHECK(ev.accuracy == doctest::Approx(right_all / 2000.0).epsilon(1e-6));
    // model_predict_labels on a sub-range writes only that range.
    std::vector<uint8_t> part(2000, 255);
    dltest::model_predict_labels(t.model(), d, 100, 150, part.data());
    for (int i = 0; i < 2000; ++i) {
        if (i < 100 || i >= 150) CHECK(part[i] == 255);
        else CHECK(part[i] == labels[i]);
    }
}

TEST_CASE("trainer: softmax regression with SGD also learns") {
    const dl::Dataset& d = digits();
    TrainConfig c = small_config();
    c.layers = dl::mlp_layers({}, Activation::Relu, 0.f);
    c.optimizer.kind = dl::OptimizerKind::Sgd;
    c.optimizer.learning_rate = 0.1f;
    c.optimizer.momentum = 0.9f;
    c.epochs = 3;
    dl::Trainer t(d, c);
    train_to_end(t, 7);
    REQUIRE(t.history().size() == 3);
    CHECK_FALSE(t.diverged());
    CHECK(t.history().back().validation.accuracy >= 0.9f);
}

TEST_CASE("trainer: the same seed gives bitwise-identical weights; another seed does not") {
    const dl::Dataset& d = digits();
    TrainConfig c = small_config();
    c.epochs = 2;
    dl::Trainer a(d, c), b(d, c);
    train_to_end(a, 13);
    train_to_end(b, 1000);  // a different split of the work into calls must not matter
    CHECK(dltest::weight_bits(a.model()) == dltest::weight_bits(b.model()));
    REQUIRE(a.history().size() == b.history().size());
    for (size_t e = 0; e < a.history().size(); ++e) {
        CHECK(a.history()[e].train_loss == b.history()[e].train_loss);
        CHECK(a.history()[e].validation.accuracy == b.history()[e].validation.accuracy);
    }
    TrainConfig c2 = c;
    c2.seed = 6;
    dl::Trainer other(d, c2);
    train_to_end(other);
    CHECK(dltest::weight_bits(other.model()) != dltest::weight_bits(a.model()));
}

TEST_CASE("trainer: a huge learning rate diverges and restores the last good, finite weights") {
    const dl::Dataset& d = digits();
    TrainConfig c = small_config();
    c.layers = dl::mlp_layers({64, 32}, Activation::Relu, 0.f);
    c.optimizer.kind = dl::OptimizerKind::Sgd;
    c.optimizer.learning_rate = 1e6f;
    c.epochs = 3;
    dl::Trainer t(d, c);
    std::vector<uint32_t> good = dltest::weight_bits(t.model());  // the initial weights
    REQUIRE(dltest::all_finite(t.model()));
    int completed = 0, calls = 0;
    while (t.train_batches(1) && ++calls < 100000) {
        if (t.epoch() > completed) {  // an epoch ended with finite loss: its weights are the new good ones
            completed = t.epoch();
            good = dltest::weight_bits(t.model());
        }
    }
    REQUIRE(t.diverged());
    CHECK(t.finished());
    CHECK_FALSE(t.train_batches(1));
    CHECK(dltest::all_finite(t.model()));
    CHECK(dltest::weight_bits(t.model()) == good);
    // The restored model still predicts.
    std::vector<int> rows = {0, 1, 2};
    const dl::Evaluation ev = dl::model_evaluate(t.model(), d, rows);
    CHECK(ev.count == 3);
    CHECK(std::isfinite(ev.loss));
}

TEST_CASE("trainer: a learning rate of 10 that only kills the units is caught as divergence too") {
    // Adam at lr 10 rarely overflows: the ReLUs die and the loss stays high but finite. The trainer must still
    // stop, say why, and keep finite weights.
    TrainConfig c = small_config();
    c.layers = dl::mlp_layers({64, 32}, Activation::Relu, 0.f);
    c.optimizer.kind = dl::OptimizerKind::Adam;
    c.optimizer.learning_rate = 10.f;
    c.epochs = 3;
    dl::Trainer t(digits(), c);
    int calls = 0;
    while (t.train_batches(1) && ++calls < 100000) {}
    REQUIRE(t.diverged());
    CHECK(t.divergence().find("far above a random guess") != std::string::npos);
    CHECK(dltest::all_finite(t.model()));
    // The same model at a sane rate trains to the end without being taken for diverged.
    c.optimizer.learning_rate = 1e-3f;
    dl::Trainer sane(digits(), c);
    while (sane.train_batches(1)) {}
    CHECK_FALSE(sane.diverged());
    CHECK(sane.divergence().empty());
}

TEST_CASE("trainer: with ema_decay, each epoch evaluates the weights' moving average, and training yields it") {
    // The same run without averaging follows the same path (averaging only watches it), so the average can be
    // rebuilt step by step beside it; two threads check that the replicas go back to the trained weights.
    const dl::Dataset& d = digits();
    TrainConfig c = small_config();
    c.epochs = 2;
    c.threads = 2;
    c.keep_best = false;
    TrainConfig averaged = c;
    averaged.ema_decay = 0.9f;  // reached after 80 of the 114 steps: both the warm-up and the decay are used
    dl::Trainer plain(d, c), t(d, averaged);
    dl::Model average = plain.model();
    std::vector<float> accuracy;
    for (long step = 1, more = 1; more; ++step) {
        more = plain.train_batches(1);
        const double warm = double(1 + step) / double(10 + step);
        dl::model_weights_average(plain.model(), float(std::min<double>(0.9f, warm)), average);
        if (plain.epoch() > int(accuracy.size()))
            accuracy.push_back(dl::model_evaluate(average, d, plain.validation_rows()).accuracy);
    }
    REQUIRE(plain.batches_per_epoch() == 57);

    train_to_end(t, 7);
    REQUIRE(t.history().size() == 2);
    for (size_t e = 0; e < 2; ++e) {
        CHECK(t.history()[e].validation.accuracy == doctest::Approx(accuracy[e]).epsilon(1e-6));
        CHECK(t.history()[e].train_loss == plain.history()[e].train_loss);
    }
    CHECK(dltest::weight_bits(t.model()) == dltest::weight_bits(average));
    CHECK(dltest::weight_bits(t.weights()) == dltest::weight_bits(average));
    CHECK(dltest::weight_bits(plain.model()) != dltest::weight_bits(average));
}

TEST_CASE("trainer: distillation from a teacher of the labels' one-hot probabilities trains as the labels do, and a uniform teacher as label smoothing") {
    // Three threads: each shard must take the teacher's rows of its own share of the shuffled batch. One pool
    // for all the trainers, as WebAssembly has a fixed number of threads to start.
    const dl::Dataset& d = digits();
    TrainConfig c = small_config();
    c.epochs = 2;
    c.threads = 3;
    dl::ThreadPool pool(3);
    dl::Mat one_hot = dl::Mat::Zero(d.rows, dl::kClasses), uniform = dl::Mat::Constant(d.rows, dl::kClasses, 0.1f);
    for (int r = 0; r < d.rows; ++r) one_hot(r, d.labels[size_t(r)]) = 1;
    dl::Trainer plain(d, c, &pool), taught(d, c, &pool);
    taught.teacher_set(&one_hot, 1);
    train_to_end(plain);
    train_to_end(taught);
    CHECK(dltest::weight_bits(taught.model()) == dltest::weight_bits(plain.model()));

    TrainConfig smoothed = c;
    smoothed.label_smoothing = 0.2f;
    dl::Trainer smooth(d, smoothed, &pool), uniform_taught(d, c, &pool);
    uniform_taught.teacher_set(&uniform, 0.2f);
    train_to_end(smooth);
    train_to_end(uniform_taught);
    REQUIRE(smooth.history().size() == uniform_taught.history().size());
    for (size_t e = 0; e < smooth.history().size(); ++e) {
        CHECK(uniform_taught.history()[e].train_loss == doctest::Approx(smooth.history()[e].train_loss).epsilon(1e-3));
        CHECK(uniform_taught.history()[e].validation.accuracy ==
              doctest::Approx(smooth.history()[e].validation.accuracy).epsilon(2e-3));
    }
    // Half a teacher that is sure of the wrong digit pulls the model off the labels.
    dl::Mat wrong = dl::Mat::Zero(d.rows, dl::kClasses);
    for (int r = 0; r < d.rows; ++r) wrong(r, (d.labels[size_t(r)] + 1) % dl::kClasses) = 1;
    dl::Trainer misled(d, c, &pool);
    misled.teacher_set(&wrong, 0.5f);
    train_to_end(misled);
    CHECK(misled.history().back().validation.accuracy < plain.history().back().validation.accuracy - 0.1f);
}
