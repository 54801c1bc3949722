// Model: shapes, parameter counts, the summary table, and model_backward against finite differences over
// every parameter and the input.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "core/loss.hpp"
#include "core/model.hpp"
#include "test_util.hpp"

using dl::Activation;
using dl::Mat;

namespace {

// A small batch of image-like inputs in [0, 1].
Mat input_batch(int batch, uint64_t seed) {
    dl::Rng rng(seed);
    return dltest::random_mat(batch, dl::kImageSize, rng, 0.f, 1.f);
}

// Checks every parameter of the model, using L = sum(logits .* r) so that dlogits = r.
void check_model_gradients(const std::vector<dl::LayerSpec>& layers, bool training, uint64_t seed) {
    dl::Model model = dl::model_create(layers, seed);
    const Mat x = input_batch(3, seed + 1);
    dl::Rng rr(seed + 2);
    const Mat r = dltest::random_mat(3, dl::kClasses, rr);
    const dl::Rng fixed(seed + 3);  // the dropout masks of every forward pass come from this state
    {
        dl::Rng g = fixed;
        const Mat& logits = dl::model_forward(model, x, training, g);
        REQUIRE(logits.rows() == 3);
        REQUIRE(logits.cols() == dl::kClasses);
    }
    dl::model_backward(model, x, r, training);
    auto params = dl::model_params(model);
    REQUIRE(!params.empty());
    long total = 0;
    for (const auto& p : params) total += p.size;
    CHECK(total == dl::model_param_count(model));
    // Copy the analytic gradients before the loss evaluations overwrite the layers' buffers.
    std::vector<std::vector<float>> grads;
    for (const auto& p : params) grads.emplace_back(p.grad, p.grad + p.size);
    dl::Model probe = model;  // forward passes for the differences run on this copy
    auto probe_params = dl::model_params(probe);
    auto loss = [&] {
        dl::Rng g = fixed;
        const Mat& logits = dl::model_forward(probe, x, training, g);
        return dltest::weighted_sum(logits, r);
    };
    for (size_t i = 0; i < params.size(); ++i) {
        INFO("parameter tensor ", i, " of ", params.size(), " (", params[i].size, " values)");
        REQUIRE(probe_params[i].size == params[i].size);
        CHECK_GRAD(dltest::grad_check(probe_params[i].value, grads[i].data(), params[i].size, loss, 1e-3f, 1e-2,
                                      2e-3, "param"));
    }
}

}  // namespace

TEST_CASE("model: parameter counts") {
    auto m = dl::model_create(dl::mlp_layers({256, 128}, Activation::Relu, 0.2f), 1);
    CHECK(dl::model_param_count(m) == 784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10);
    CHECK(dl::model_param_count(m) == 235146);
    auto s = dl::model_create(dl::mlp_layers({}, Activation::Relu, 0.f), 1);
    CHECK(dl::model_param_count(s) == 7850);
    auto t = dl::model_create(dl::mlp_layers({100}, Activation::Tanh, 0.f), 1);
    CHECK(dl::model_param_count(t) == 784 * 100 + 100 + 100 * 10 + 10);
    // Dense layers have a weight matrix and a bias; activations and dropout have no parameters.
    auto params = dl::model_params(m);
    CHECK(params.size() == 6);
    long sum = 0;
    for (const auto& p : params) {
        CHECK(p.value != nullptr);
        CHECK(p.grad != nullptr);
        sum += p.size;
    }
    CHECK(sum == 235146);
}

TEST_CASE("model: layers, shapes and determinism of model_create") {
    const auto layers = dl::mlp_layers({64, 32}, Activation::Tanh, 0.25f);
    auto m = dl::model_create(layers, 5);
    REQUIRE(m.layers.size() == layers.size());
    const auto back = dl::model_layers(m);
    REQUIRE(back.size() == layers.size());
    for (size_t i = 0; i < layers.size(); ++i) {
        CHECK(back[i].kind == layers[i].kind);
        CHECK(back[i].units == layers[i].units);
        CHECK(back[i].rate == layers[i].rate);
    }
    CHECK(m.layers[0].in.size() == 784);
    CHECK(m.layers[0].out.size() == 64);
    CHECK(m.layers[0].w.rows() == 784);
    CHECK(m.layers[0].w.cols() == 64);
    CHECK(m.layers.back().out.size() == 10);
    CHECK(dltest::weight_bits(dl::model_create(layers, 5)) == dltest::weight_bits(m));
    CHECK(dltest::weight_bits(dl::model_create(layers, 6)) != dltest::weight_bits(m));
}

TEST_CASE("model: forward gives 10 logits per row; predict gives probabilities; inference ignores dropout") {
    auto m = dl::model_create(dl::mlp_layers({32}, Activation::Relu, 0.5f), 3);
    const Mat x = input_batch(5, 4);
    dl::Rng rng(1);
    const Mat a = dl::model_forward(m, x, false, rng);
    const Mat b = dl::model_forward(m, x, false, rng);
    REQUIRE(a.rows() == 5);
    REQUIRE(a.cols() == 10);
    CHECK(a == b);
    Mat probs;
    dl::model_predict(m, x, probs);
    REQUIRE(probs.rows() == 5);
    REQUIRE(probs.cols() == 10);
    Mat want;
    dl::softmax_forward(a, want);
    for (int i = 0; i < 5; ++i) {
        CHECK(probs.row(i).sum() == doctest::Approx(1.0).epsilon(1e-5));
        for (int j = 0; j < 10; ++j) CHECK(probs(i, j) == doctest::Approx(want(i, j)).epsilon(1e-5));
    }
    // Training mode with dropout 0.5 changes the logits.
    const Mat c = dl::model_forward(m, x, true, rng);
    CHECK(c != a);
}

TEST_CASE("model_backward matches finite differences: tanh MLP, every parameter") {
    check_model_gradients(dl::mlp_layers({6, 5}, Activation::Tanh, 0.f), false, 10);
}

TEST_CASE("model_backward matches finite differences: relu MLP with dropout in training mode") {
    check_model_gradients(dl::mlp_layers({7, 6}, Activation::Relu, 0.3f), true, 20);
}

TEST_CASE("model_backward matches finite differences: softmax regression") {
    check_model_gradients(dl::mlp_layers({}, Activation::Relu, 0.f), false, 30);
}

TEST_CASE("model_backward overwrites gradients instead of accumulating") {
    auto m = dl::model_create(dl::mlp_layers({8}, Activation::Tanh, 0.f), 40);
    const Mat x = input_batch(4, 41);
    dl::Rng rng(1), rr(42);
    const Mat r = dltest::random_mat(4, 10, rr);
    dl::model_forward(m, x, false, rng);
    dl::model_backward(m, x, r, false);
    std::vector<std::vector<float>> first;
    for (const auto& p : dl::model_params(m)) first.emplace_back(p.grad, p.grad + p.size);
    dl::model_forward(m, x, false, rng);
    dl::model_backward(m, x, r, false);
    auto params = dl::model_params(m);
    for (size_t i = 0; i < params.size(); ++i)
        CHECK(std::vector<float>(params[i].grad, params[i].grad + params[i].size) == first[i]);
}

TEST_CASE("model_backward with the real loss: one gradient step lowers the loss") {
    auto m = dl::model_create(dl::mlp_layers({16}, Activation::Relu, 0.f), 50);
    const Mat x = input_batch(8, 51);
    const uint8_t labels[8] = {0, 1, 2, 3, 4, 5, 6, 7};
    dl::Rng rng(1);
    Mat p, d;
    dl::softmax_forward(dl::model_forward(m, x, false, rng), p);
    int c = 0;
    const float before = dl::cross_entropy_forward(p, labels, &c);
    dl::softmax_cross_entropy_backward(p, labels, d);
    dl::model_backward(m, x, d, false);
    for (const auto& prm : dl::model_params(m))
        for (int i = 0; i < prm.size; ++i) prm.value[i] -= 0.05f * prm.grad[i];
    dl::softmax_forward(dl::model_forward(m, x, false, rng), p);
    const float after = dl::cross_entropy_forward(p, labels, &c);
    CHECK(after < before);
}

TEST_CASE("model_summary: every layer, output shapes, parameter counts and the total") {
    auto m = dl::model_create(dl::mlp_layers({256, 128}, Activation::Relu, 0.2f), 1);
    const std::string s = dl::model_summary(m);
    INFO(s);
    // Keras prints counts with thousands separators; either way is accepted.
    auto has_count = [&](long n) {
        std::string plain = std::to_string(n), grouped;
        for (size_t i = 0; i < plain.size(); ++i) {
            if (i && (plain.size() - i) % 3 == 0) grouped += ',';
            grouped += plain[i];
        }
        return s.find(plain) != std::string::npos || s.find(grouped) != std::string::npos;
    };
    CHECK(has_count(235146));
    CHECK(has_count(200960));  // 784*256 + 256
    CHECK(has_count(32896));   // 256*128 + 128
    CHECK(has_count(1290));    // 128*10 + 10
    for (auto kind : {dl::LayerKind::Dense, dl::LayerKind::Relu, dl::LayerKind::Dropout})
        CHECK(s.find(dl::layer_kind_name(kind)) != std::string::npos);
    CHECK(s.find("256") != std::string::npos);
    CHECK(s.find("128") != std::string::npos);
    // One line per layer at least: the summary has more lines than layers.
    size_t lines = 0;
    for (char ch : s) lines += ch == '\n';
    CHECK(lines >= m.layers.size() + 2);
    // A different model gives a different total.
    auto t = dl::model_create(dl::mlp_layers({}, Activation::Relu, 0.f), 1);
    const std::string st = dl::model_summary(t);
    CHECK((st.find("7850") != std::string::npos || st.find("7,850") != std::string::npos));
    CHECK(st.find("235") == std::string::npos);
}

TEST_CASE("model_weights_copy and layer_param_count") {
    const auto layers = dl::mlp_layers({24, 12}, Activation::Tanh, 0.1f);
    auto a = dl::model_create(layers, 1), b = dl::model_create(layers, 2);
    REQUIRE(dltest::weight_bits(a) != dltest::weight_bits(b));
    dl::model_weights_copy(a, b);
    CHECK(dltest::weight_bits(a) == dltest::weight_bits(b));
    const Mat x = input_batch(3, 9);
    Mat pa, pb;
    dl::model_predict(a, x, pa);
    dl::model_predict(b, x, pb);
    CHECK(pa == pb);
    long sum = 0;
    for (const auto& l : a.layers) sum += dl::layer_param_count(l);
    CHECK(sum == dl::model_param_count(a));
    CHECK(dl::layer_param_count(a.layers[0]) == 784 * 24 + 24);
    CHECK(dl::layer_param_count(a.layers[1]) == 0);
}

TEST_CASE("model_weights_fit: the same layers fit, whatever their dropout; other weights' shapes are named") {
    const dl::Model a = dl::model_create(dl::mlp_layers({24, 12}, Activation::Tanh, 0.1f), 1);
    CHECK(dl::model_weights_fit(a, dl::mlp_layers({24, 12}, Activation::Tanh, 0.1f)).empty());
    CHECK(dl::model_weights_fit(a, dl::mlp_layers({24, 12}, Activation::Tanh, 0.5f)).empty());
    CHECK(dl::model_weights_fit(a, dl::mlp_layers({24, 16}, Activation::Tanh, 0.1f)).find("layer 4 is Dense") == 0);
    CHECK(dl::model_weights_fit(a, dl::mlp_layers({24, 12}, Activation::Relu, 0.1f)).find("layer 2 is ") == 0);
    CHECK(dl::model_weights_fit(a, dl::mlp_layers({24}, Activation::Tanh, 0.1f)) == "7 layers instead of 4");
    const dl::Model cnn = dl::model_create(dl::cnn_layers(0.3f), 1);
    CHECK(dl::model_weights_fit(cnn, dl::cnn_layers(0.3f)).empty());
    CHECK_FALSE(dl::model_weights_fit(cnn, dl::mlp_layers({24, 12}, Activation::Tanh, 0.1f)).empty());
}

TEST_CASE("model_weights_average: one step is decay * average + (1 - decay) * weights, running statistics too") {
    const std::vector<dl::LayerSpec> layers = {{dl::LayerKind::Dense, 12}, {dl::LayerKind::BatchNorm},
                                               {dl::LayerKind::Relu}, {dl::LayerKind::Dense, 10}};
    dl::Model from = dl::model_create(layers, 1), average = dl::model_create(layers, 2);
    // Running statistics that differ, so that averaging them is seen.
    from.layers[1].bn.mean.setConstant(0.5f);
    from.layers[1].bn.var.setConstant(3.f);
    const dl::Model before = average;
    dl::model_weights_average(from, 0.75f, average);
    for (size_t i = 0; i < layers.size(); ++i) {
        const dl::Layer &a = from.layers[i], &m0 = before.layers[i], &m = average.layers[i];
        for (Eigen::Index k = 0; k < a.w.size(); ++k)
            CHECK(m.w.data()[k] == doctest::Approx(0.75f * m0.w.data()[k] + 0.25f * a.w.data()[k]));
        for (Eigen::Index k = 0; k < a.b.size(); ++k)
            CHECK(m.b.data()[k] == doctest::Approx(0.75f * m0.b.data()[k] + 0.25f * a.b.data()[k]));
        for (Eigen::Index k = 0; k < a.bn.mean.size(); ++k) {
            CHECK(m.bn.mean[k] == doctest::Approx(0.75f * m0.bn.mean[k] + 0.125f));
            CHECK(m.bn.var[k] == doctest::Approx(0.75f * m0.bn.var[k] + 0.75f));
        }
    }
    CHECK(before.layers[1].bn.mean.size() == 12);
    // A decay of 0 takes the weights as they are.
    dl::model_weights_average(from, 0.f, average);
    CHECK(dltest::weight_bits(average) == dltest::weight_bits(from));
}
