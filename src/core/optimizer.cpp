#include "optimizer.hpp"

#include <cmath>

namespace dl {

OptimizerConfig optimizer_defaults(OptimizerKind kind) {
    OptimizerConfig c;
    c.kind = kind;
    switch (kind) {
        case OptimizerKind::Sgd: c.learning_rate = 0.01f; break;
        case OptimizerKind::Adam: c.learning_rate = 0.001f; break;
        case OptimizerKind::RmsProp: c.learning_rate = 0.001f, c.rho = 0.9f; break;
        case OptimizerKind::Adadelta: c.learning_rate = 1.0f, c.rho = 0.95f; break;
    }
    return c;
}

Optimizer optimizer_create(const OptimizerConfig& config) {
    Optimizer opt;
    opt.config = config;
    return opt;
}

namespace {
// Calls update(weight, gradient, m, v) for every element of every parameter, with its two state slots.
template <class Update>
void elements_update(Optimizer& opt, const std::vector<Param>& params, Update update) {
    for (size_t i = 0; i < params.size(); ++i) {
        float* m = opt.m[i].data();
        float* v = opt.v[i].data();
        for (int j = 0; j < params[i].size; ++j) update(params[i].value[j], params[i].grad[j], m[j], v[j]);
    }
}
}  // namespace

void optimizer_step(Optimizer& opt, const std::vector<Param>& params) {
    const OptimizerConfig& c = opt.config;
    if (opt.m.size() != params.size()) {  // first step: state sized to the parameters
        opt.m.assign(params.size(), {});
        opt.v.assign(params.size(), {});
        for (size_t i = 0; i < params.size(); ++i) {
            opt.m[i].assign(params[i].size, 0.0f);
            opt.v[i].assign(params[i].size, 0.0f);
        }
    }
    const float lr = float(c.learning_rate / (1.0 + double(c.decay) * double(opt.steps)));
    ++opt.steps;
    switch (c.kind) {
        case OptimizerKind::Sgd:
            // Keras: v = momentum * v - lr * g; w += v, or with Nesterov w += momentum * v - lr * g.
            elements_update(opt, params, [&](float& w, float g, float& v, float&) {
                v = c.momentum * v - lr * g;
                w += c.nesterov ? c.momentum * v - lr * g : v;
            });
            break;
        case OptimizerKind::RmsProp:
            // Tieleman & Hinton: v = rho * v + (1 - rho) * g^2; w -= lr * g / (sqrt(v) + eps).
            elements_update(opt, params, [&](float& w, float g, float&, float& v) {
                v = c.rho * v + (1.0f - c.rho) * g * g;
                w -= lr * g / (std::sqrt(v) + c.epsilon);
            });
            break;
        case OptimizerKind::Adadelta:
            // Zeiler 2012: acc = rho * acc + (1 - rho) * g^2; u = g * sqrt(dacc + eps) / sqrt(acc + eps);
            // w -= lr * u; dacc = rho * dacc + (1 - rho) * u^2.
            elements_update(opt, params, [&](float& w, float g, float& dacc, float& acc) {
                acc = c.rho * acc + (1.0f - c.rho) * g * g;
                const float u = g * std::sqrt(dacc + c.epsilon) / std::sqrt(acc + c.epsilon);
                w -= lr * u;
                dacc = c.rho * dacc + (1.0f - c.rho) * u * u;
            });
            break;
        case OptimizerKind::Adam: {
            // Kingma & Ba with the bias correction folded into the step size and epsilon added to sqrt(v) as is
            // (the paper's "epsilon hat"), as Keras does.
            const double t = double(opt.steps);
            const float lr_t = float(lr * std::sqrt(1.0 - std::pow(c.beta2, t)) / (1.0 - std::pow(c.beta1, t)));
            // As Eigen arrays: std::sqrt in a plain loop kept the compiler from vectorizing (errno), Eigen's
            // packet sqrt does not. Each element sees the same operations in the same order, so the same bits.
            using Arr = Eigen::Map<Eigen::ArrayXf>;
            for (size_t i = 0; i < params.size(); ++i) {
                Arr w(params[i].value, params[i].size), m(opt.m[i].data(), params[i].size), v(opt.v[i].data(), params[i].size);
                const Eigen::Map<const Eigen::ArrayXf> g(params[i].grad, params[i].size);
                m = c.beta1 * m + (1.0f - c.beta1) * g;
                v = c.beta2 * v + (1.0f - c.beta2) * g * g;
                w -= lr_t * m / (v.sqrt() + c.epsilon);
            }
            break;
        }
    }
}

const char* optimizer_kind_name(OptimizerKind kind) {
    switch (kind) {
        case OptimizerKind::Sgd: return "SGD";
        case OptimizerKind::Adam: return "Adam";
        case OptimizerKind::RmsProp: return "RMSprop";
        case OptimizerKind::Adadelta: return "Adadelta";
    }
    return "?";
}

}  // namespace dl
