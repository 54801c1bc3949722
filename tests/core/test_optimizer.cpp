// Optimizers against the published update rules, computed here in double (Keras conventions):
//   SGD with momentum:  v = momentum * v - lr * g;  w = w + v
//   Adam:  m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2;  lr_t = lr * sqrt(1 - b2^t) / (1 - b1^t);
//          w = w - lr_t * m / (sqrt(v) + epsilon)      (Keras' epsilon is the paper's "epsilon hat")
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "core/optimizer.hpp"

using dl::OptimizerConfig;
using dl::OptimizerKind;
using dl::Param;

namespace {

struct Tensors {
    std::vector<float> w1{0.5f, -1.25f, 2.f}, g1{0.f, 0.f, 0.f};
    std::vector<float> w2{-0.3f, 0.7f}, g2{0.f, 0.f};
    std::vector<Param> params() { return {{w1.data(), g1.data(), 3}, {w2.data(), g2.data(), 2}}; }
};

// Gradients of step t (1-based) for the 5 values: different signs and sizes, changing over time.
double grad_at(int t, int i) {
    static const double base[5] = {0.1, -2.0, 0.003, 1.5, -0.4};
    return base[i] * (1.0 + 0.5 * std::sin(1.7 * t + i)) + 0.05 * (t % 2 ? 1 : -1);
}

void set_grads(Tensors& ts, int t) {
    for (int i = 0; i < 3; ++i) ts.g1[i] = float(grad_at(t, i));
    for (int i = 0; i < 2; ++i) ts.g2[i] = float(grad_at(t, 3 + i));
}

std::vector<double> values(const Tensors& ts) { return {ts.w1[0], ts.w1[1], ts.w1[2], ts.w2[0], ts.w2[1]}; }

// The 5 values after step t against those computed by hand.
void values_check(const Tensors& ts, const std::vector<double>& want, int t) {
    const std::vector<double> got = values(ts);
    for (int i = 0; i < 5; ++i) {
        INFO("step ", t, " value ", i);
        CHECK(got[i] == doctest::Approx(want[i]).epsilon(1e-5).scale(1.0));
    }
}

}  // namespace

TEST_CASE("optimizer: defaults are Keras'") {
    OptimizerConfig c;
    CHECK(c.kind == OptimizerKind::Adam);
    CHECK(c.learning_rate == 0.001f);
    CHECK(c.beta1 == 0.9f);
    CHECK(c.beta2 == 0.999f);
    CHECK(c.epsilon == 1e-7f);
    const auto sgd = dl::optimizer_defaults(OptimizerKind::Sgd);
    CHECK(sgd.kind == OptimizerKind::Sgd);
    CHECK(sgd.learning_rate == 0.01f);
    CHECK(sgd.momentum == 0.f);
    CHECK_FALSE(sgd.nesterov);
    const auto adam = dl::optimizer_defaults(OptimizerKind::Adam);
    CHECK(adam.kind == OptimizerKind::Adam);
    CHECK(adam.learning_rate == 0.001f);
    const auto rms = dl::optimizer_defaults(OptimizerKind::RmsProp);
    CHECK(rms.kind == OptimizerKind::RmsProp);
    CHECK(rms.learning_rate == 0.001f);
    CHECK(rms.rho == 0.9f);
    const auto ada = dl::optimizer_defaults(OptimizerKind::Adadelta);
    CHECK(ada.kind == OptimizerKind::Adadelta);
    CHECK(ada.learning_rate == 1.0f);
    CHECK(ada.rho == 0.95f);
    for (auto k : {sgd, adam, rms, ada}) {
        CHECK(k.epsilon == 1e-7f);
        CHECK(k.decay == 0.f);
    }
    CHECK(std::string(dl::optimizer_kind_name(OptimizerKind::Sgd)) != dl::optimizer_kind_name(OptimizerKind::Adam));
    CHECK(std::string(dl::optimizer_kind_name(OptimizerKind::RmsProp)) !=
          dl::optimizer_kind_name(OptimizerKind::Adadelta));
}

TEST_CASE("SGD with momentum follows v = m v - lr g, w += v") {
    OptimizerConfig c;
    c.kind = OptimizerKind::Sgd;
    c.learning_rate = 0.1f;
    c.momentum = 0.9f;
    auto opt = dl::optimizer_create(c);
    Tensors ts;
    std::vector<double> w = values(ts), v(5, 0.0);
    for (int t = 1; t <= 6; ++t) {
        set_grads(ts, t);
        dl::optimizer_step(opt, ts.params());
        for (int i = 0; i < 5; ++i) {
            v[i] = 0.9 * v[i] - 0.1 * grad_at(t, i);
            w[i] += v[i];
        }
        values_check(ts, w, t);
    }
    CHECK(opt.steps == 6);
}

TEST_CASE("SGD without momentum is plain gradient descent") {
    OptimizerConfig c;
    c.kind = OptimizerKind::Sgd;
    c.learning_rate = 0.5f;
    c.momentum = 0.f;
    auto opt = dl::optimizer_create(c);
    Tensors ts;
    std::vector<double> w = values(ts);
    for (int t = 1; t <= 3; ++t) {
        set_grads(ts, t);
        dl::optimizer_step(opt, ts.params());
        for (int i = 0; i < 5; ++i) w[i] -= 0.5 * grad_at(t, i);
        values_check(ts, w, t);
    }
}

TEST_CASE("Adam with bias correction, by hand") {
    OptimizerConfig c;  // Keras defaults: lr 0.001, 0.9, 0.999, 1e-7
    c.learning_rate = 0.01f;
    auto opt = dl::optimizer_create(c);
    Tensors ts;
    std::vector<double> w = values(ts), m(5, 0.0), v(5, 0.0);
    const double b1 = 0.9, b2 = 0.999, eps = 1e-7, lr = 0.01;
    for (int t = 1; t <= 8; ++t) {
        set_grads(ts, t);
        dl::optimizer_step(opt, ts.params());
        const double lr_t = lr * std::sqrt(1 - std::pow(b2, t)) / (1 - std::pow(b1, t));
        for (int i = 0; i < 5; ++i) {
            const double g = grad_at(t, i);
            m[i] = b1 * m[i] + (1 - b1) * g;
            v[i] = b2 * v[i] + (1 - b2) * g * g;
            w[i] -= lr_t * m[i] / (std::sqrt(v[i]) + eps);
        }
        values_check(ts, w, t);
    }
    CHECK(opt.steps == 8);
}

TEST_CASE("Adam: the first step moves each weight by lr against the gradient's sign") {
    OptimizerConfig c;
    c.learning_rate = 0.001f;
    auto opt = dl::optimizer_create(c);
    Tensors ts;
    const auto before = values(ts);
    set_grads(ts, 1);
    dl::optimizer_step(opt, ts.params());
    const auto after = values(ts);
    for (int i = 0; i < 5; ++i) {
        const double g = grad_at(1, i);
        CHECK(after[i] - before[i] == doctest::Approx(g > 0 ? -0.001 : 0.001).epsilon(1e-3));
    }
}

TEST_CASE("Adam: epsilon is Keras' epsilon hat (matters only for tiny gradients)") {
    // g = 1e-7 at step 1: Keras gives lr * sqrt(1-b2)/(1-b1) * m / (sqrt(v) + eps) = 0.0306 lr;
    // the paper's placement (eps added to sqrt(v_hat)) would give 0.5 lr.
    OptimizerConfig c;
    c.learning_rate = 1.f;
    auto opt = dl::optimizer_create(c);
    float w = 0.f, g = 1e-7f;
    dl::optimizer_step(opt, {{&w, &g, 1}});
    const double m = 0.1 * 1e-7, v = 0.001 * 1e-14;
    const double want = -1.0 * std::sqrt(1 - 0.999) / (1 - 0.9) * m / (std::sqrt(v) + 1e-7);
    CHECK(w == doctest::Approx(want).epsilon(1e-3));
}

TEST_CASE("optimizers: zero gradients leave fresh weights unchanged") {
    for (auto kind : {OptimizerKind::Sgd, OptimizerKind::Adam, OptimizerKind::RmsProp, OptimizerKind::Adadelta}) {
        OptimizerConfig c;
        c.kind = kind;
        c.learning_rate = 0.1f;
        auto opt = dl::optimizer_create(c);
        Tensors ts;
        const auto before = values(ts);
        dl::optimizer_step(opt, ts.params());  // gradients are all 0
        CHECK(values(ts) == before);
    }
}

TEST_CASE("SGD with Nesterov momentum: w += m v - lr g after v = m v - lr g") {
    OptimizerConfig c;
    c.kind = OptimizerKind::Sgd;
    c.learning_rate = 0.05f;
    c.momentum = 0.8f;
    c.nesterov = true;
    auto opt = dl::optimizer_create(c);
    Tensors ts;
    std::vector<double> w = values(ts), v(5, 0.0);
    for (int t = 1; t <= 5; ++t) {
        set_grads(ts, t);
        dl::optimizer_step(opt, ts.params());
        for (int i = 0; i < 5; ++i) {
            v[i] = 0.8 * v[i] - 0.05 * grad_at(t, i);
            w[i] += 0.8 * v[i] - 0.05 * grad_at(t, i);
        }
        values_check(ts, w, t);
    }
}

TEST_CASE("time decay (Keras 2): lr / (1 + decay * step), step counted from 0") {
    OptimizerConfig c;
    c.kind = OptimizerKind::Sgd;
    c.learning_rate = 0.2f;
    c.momentum = 0.f;
    c.decay = 0.5f;
    auto opt = dl::optimizer_create(c);
    Tensors ts;
    std::vector<double> w = values(ts);
    for (int t = 1; t <= 4; ++t) {
        set_grads(ts, t);
        dl::optimizer_step(opt, ts.params());
        const double lr = 0.2 / (1 + 0.5 * (t - 1));
        for (int i = 0; i < 5; ++i) w[i] -= lr * grad_at(t, i);
        values_check(ts, w, t);
    }
}

TEST_CASE("RMSprop: v = rho v + (1 - rho) g^2, w -= lr g / sqrt(v)") {
    OptimizerConfig c = dl::optimizer_defaults(OptimizerKind::RmsProp);
    c.learning_rate = 0.01f;
    auto opt = dl::optimizer_create(c);
    Tensors ts;
    std::vector<double> w = values(ts), v(5, 0.0);
    for (int t = 1; t <= 6; ++t) {
        set_grads(ts, t);
        dl::optimizer_step(opt, ts.params());
        for (int i = 0; i < 5; ++i) {
            const double g = grad_at(t, i);
            v[i] = 0.9 * v[i] + 0.1 * g * g;
            w[i] -= 0.01 * g / (std::sqrt(v[i]) + 1e-7);
        }
        const auto got = values(ts);
        // Keras versions put epsilon inside or outside the square root; with these gradients that changes
        // the result by < 1e-3 relative, far less than any mistake in the rule would.
        for (int i = 0; i < 5; ++i) {
            INFO("step ", t, " value ", i);
            CHECK(got[i] == doctest::Approx(w[i]).epsilon(1e-3).scale(1.0));
        }
    }
}

TEST_CASE("Adadelta (Zeiler 2012, Keras' epsilon 1e-7 and learning rate 1.0)") {
    OptimizerConfig c = dl::optimizer_defaults(OptimizerKind::Adadelta);
    auto opt = dl::optimizer_create(c);
    Tensors ts;
    // Adadelta's first steps are tiny (about sqrt(eps) / |g|): start from 0 so that the weights are the
    // displacements themselves and a relative comparison sees any error in the rule.
    std::fill(ts.w1.begin(), ts.w1.end(), 0.f);
    std::fill(ts.w2.begin(), ts.w2.end(), 0.f);
    std::vector<double> w = values(ts), acc_g(5, 0.0), acc_d(5, 0.0);
    const double rho = 0.95, eps = 1e-7;
    for (int t = 1; t <= 6; ++t) {
        set_grads(ts, t);
        dl::optimizer_step(opt, ts.params());
        for (int i = 0; i < 5; ++i) {
            const double g = grad_at(t, i);
            acc_g[i] = rho * acc_g[i] + (1 - rho) * g * g;
            const double d = std::sqrt(acc_d[i] + eps) / std::sqrt(acc_g[i] + eps) * g;
            acc_d[i] = rho * acc_d[i] + (1 - rho) * d * d;
            w[i] -= 1.0 * d;
        }
        const auto got = values(ts);
        for (int i = 0; i < 5; ++i) {
            INFO("step ", t, " value ", i);
            CHECK(got[i] == doctest::Approx(w[i]).epsilon(1e-4).scale(0.0));
        }
    }
}
