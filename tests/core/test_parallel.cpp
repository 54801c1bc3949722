// The thread pool and data-parallel training: every task runs once, and splitting a batch over threads
// gives the gradient of the whole batch.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <mutex>
#include <set>
#include <thread>

#include "core/thread_pool.hpp"
#include "core/trainer.hpp"
#include "test_util.hpp"

namespace {

// An MLP without dropout (whose masks differ by thread), trained by SGD in batches of 50.
dl::TrainConfig mlp_no_dropout() {
    dl::TrainConfig config;
    config.layers = dl::mlp_layers({32}, dl::Activation::Tanh, 0.0f);
    config.optimizer = dl::optimizer_defaults(dl::OptimizerKind::Sgd);
    config.batch_size = 50;
    config.epochs = 1;
    config.val_split = 0.1f;
    return config;
}

}  // namespace

TEST_CASE("thread pool: each index runs exactly once, pools are reusable, sizes are honoured") {
    dl::ThreadPool pool(3);
    CHECK(pool.size() == 3);
    for (int round = 0; round < 50; ++round) {
        const int n = 1 + round % 9;
        std::vector<std::atomic<int>> hits(n);
        pool.parallel_for(n, [&](int i) { hits[i]++; });
        for (int i = 0; i < n; ++i) CHECK(hits[i] == 1);
    }
    dl::ThreadPool all(0);
    CHECK(all.size() >= 1);
}

TEST_CASE("thread pool: a loop limited to one thread runs on the caller's, to two on at most two") {
    dl::ThreadPool pool(3);
    const std::thread::id caller = std::this_thread::get_id();
    std::vector<std::thread::id> ran(40);
    pool.parallel_for(40, [&](int i) { ran[i] = std::this_thread::get_id(); }, 1);
    for (const std::thread::id& id : ran) CHECK(id == caller);
    std::mutex mutex;
    std::set<std::thread::id> used;
    for (int round = 0; round < 20; ++round) {
        std::vector<std::atomic<int>> hits(8);
        pool.parallel_for(8, [&](int i) {
            hits[i]++;
            std::lock_guard<std::mutex> lock(mutex);
            used.insert(std::this_thread::get_id());
        }, 2);
        for (int i = 0; i < 8; ++i) CHECK(hits[i] == 1);
    }
    CHECK(used.size() <= 2);
}

TEST_CASE("data-parallel training: one step on 3 threads equals one step on 1 thread (no dropout)") {
    const dl::Dataset data = dltest::synthetic_digits(300, 9);
    dl::TrainConfig config = mlp_no_dropout();
    dl::Trainer one(data, config);
    config.threads = 3;
    dl::Trainer three(data, config);
    one.train_batches(4);
    three.train_batches(4);
    const std::vector<uint32_t> a = dltest::weight_bits(one.model()), b = dltest::weight_bits(three.model());
    REQUIRE(a.size() == b.size());
    // Sums in another order differ in the last bits only.
    const auto wa = dl::model_params(one.model()), wb = dl::model_params(three.model());
    for (size_t p = 0; p < wa.size(); ++p)
        for (int i = 0; i < wa[p].size; ++i) CHECK(wa[p].value[i] == doctest::Approx(wb[p].value[i]).epsilon(1e-4));
    CHECK(one.running_loss() == doctest::Approx(three.running_loss()).epsilon(1e-4));
}

TEST_CASE("a trainer started from a model's weights trains on from them, on every thread") {
    const dl::Dataset data = dltest::synthetic_digits(300, 9);
    dl::TrainConfig config = mlp_no_dropout();
    config.seed = 3;
    dl::TrainConfig trained_config = config;
    trained_config.seed = 4;
    dl::Trainer trained(data, trained_config);
    trained.train_batches(5);
    const dl::Model& start = trained.model();

    dl::Trainer fresh(data, config), one(data, config, nullptr, &start);
    config.threads = 3;
    dl::Trainer three(data, config, nullptr, &start);
    CHECK(dltest::weight_bits(one.model()) == dltest::weight_bits(start));
    CHECK(dltest::weight_bits(fresh.model()) != dltest::weight_bits(start));
    // The replicas must start from `start` too: fresh weights on two of the three shares would move the step.
    fresh.train_batches(4);
    one.train_batches(4);
    three.train_batches(4);
    const auto wa = dl::model_params(one.model()), wb = dl::model_params(three.model());
    const auto wf = dl::model_params(fresh.model());
    double moved_from_fresh = 0;
    for (size_t p = 0; p < wa.size(); ++p)
        for (int i = 0; i < wa[p].size; ++i) {
            CHECK(wa[p].value[i] == doctest::Approx(wb[p].value[i]).epsilon(1e-4));
            moved_from_fresh = std::max(moved_from_fresh, double(std::fabs(wa[p].value[i] - wf[p].value[i])));
        }
    CHECK(moved_from_fresh > 0.01);
}

TEST_CASE("data-parallel training: batch norm normalizes by the whole batch, not by each thread's share") {
    // Batch norm after a convolution (per channel over positions) and after a Dense layer, the first one at
    // the top (its input is the images): one step on 3 threads is one step on 1 (Keras' batch statistics).
    using K = dl::LayerKind;
    const dl::Dataset data = dltest::synthetic_digits(300, 13);
    dl::TrainConfig config;
    dl::LayerSpec conv{K::Conv2D, 4, 0, 3, 2, false};
    dl::LayerSpec bn{K::BatchNorm};
    bn.momentum = 0.5f;  // running statistics that move visibly in 3 steps
    config.layers = {bn, conv, {K::Relu}, bn, {K::Flatten}, {K::Dense, 16}, bn, {K::Tanh}, {K::Dense, 10}};
    config.optimizer = dl::optimizer_defaults(dl::OptimizerKind::Sgd);
    config.optimizer.learning_rate = 0.1f;
    config.batch_size = 50;
    config.epochs = 1;
    dl::Trainer one(data, config);
    config.threads = 3;
    dl::Trainer three(data, config);
    REQUIRE(three.threads() == 3);
    one.train_batches(3);
    three.train_batches(3);
    // Sums in another order differ in the last bits, which batch norm's division by a standard deviation
    // magnifies: the largest difference (relative for variances), against the steps' moves (about 0.1 per
    // weight).
    double weights = 0, stats = 0;
    const auto wa = dl::model_params(one.model()), wb = dl::model_params(three.model());
    REQUIRE(wa.size() == wb.size());
    for (size_t p = 0; p < wa.size(); ++p)
        for (int i = 0; i < wa[p].size; ++i) weights = std::max(weights, double(std::fabs(wa[p].value[i] - wb[p].value[i])));
    for (size_t l = 0; l < one.model().layers.size(); ++l) {
        const dl::BatchNormState &a = one.model().layers[l].bn, &b = three.model().layers[l].bn;
        if (a.mean.size() == 0) continue;
        stats = std::max({stats, double((a.mean - b.mean).cwiseAbs().maxCoeff()),
                          double(((a.var - b.var).array() / a.var.array()).abs().maxCoeff())});
    }
    MESSAGE("largest difference: weights " << weights << ", running statistics " << stats);
    CHECK(weights < 1e-4);  // each thread's own statistics: 0.02
    CHECK(stats < 1e-3);    // and 0.07
    CHECK(one.running_loss() == doctest::Approx(three.running_loss()).epsilon(1e-4));
}

TEST_CASE("data-parallel training: the same seed and thread count give bitwise-identical weights") {
    const dl::Dataset data = dltest::synthetic_digits(400, 10);
    dl::TrainConfig config;
    config.layers = dl::mlp_layers({24}, dl::Activation::Relu, 0.3f);  // dropout: per-thread random draws
    config.batch_size = 64;
    config.epochs = 2;
    config.threads = 2;
    dl::Trainer a(data, config), b(data, config);
    while (a.train_batches(1000)) {}
    while (b.train_batches(1000)) {}
    CHECK(dltest::weight_bits(a.model()) == dltest::weight_bits(b.model()));
    CHECK(a.history().size() == 2);

    // Lending a core to the UI (fewer threads for a while) runs the same shares: the same bits again.
    dl::Trainer lent(data, config);
    for (int step = 0; lent.train_batches(1); ++step) lent.threads_limit(step / 3 % 2);
    CHECK(dltest::weight_bits(lent.model()) == dltest::weight_bits(a.model()));
}

TEST_CASE("data-parallel training: the epoch's validation, spread over the threads, is the single-threaded one") {
    // 700 validation rows: several evaluation batches per thread, the last one short.
    const dl::Dataset data = dltest::synthetic_digits(1400, 12);
    dl::TrainConfig config;
    config.layers = dl::mlp_layers({24}, dl::Activation::Relu, 0.0f);
    config.batch_size = 64;
    config.epochs = 1;
    config.val_split = 0.5f;
    config.threads = 3;
    dl::Trainer t(data, config);
    while (t.train_batches(1000)) {}
    REQUIRE(t.history().size() == 1);
    std::vector<float> probs;
    const dl::Evaluation serial = dl::model_evaluate(t.model(), data, t.validation_rows(), config.loss, &probs);
    const dl::Evaluation& parallel = t.history()[0].validation;
    CHECK(parallel.count == 700);
    CHECK(parallel.loss == serial.loss);
    CHECK(parallel.accuracy == serial.accuracy);
    CHECK(t.validation_probs() == probs);
}
