#include "optimizer.hpp"

#include <cmath>

namespace dl {

Optimizer optimizer_create(const OptimizerConfig& config) {
    Optimizer opt;
    opt.config = config;
    return opt;
}

void optimizer_step(Optimizer& opt, const std::vector<Param>& params) {
    const OptimizerConfig& c = opt.config;
    if (opt.m.size() != params.size()) {  // first step: state sized to the parameters
        opt.m.assign(params.size(), {});
        opt.v.assign(params.size(), {});
        for (size_t i = 0; i < params.size(); ++i) {
            opt.m[i].assign(params[i].size, 0.0f);
            if (c.kind == OptimizerKind::Adam) opt.v[i].assign(params[i].size, 0.0f);
        }
    }
    ++opt.steps;
    switch (c.kind) {
        case OptimizerKind::Sgd:
            // Keras: v = momentum * v - lr * g; w += v.
            for (size_t i = 0; i < params.size(); ++i) {
                float* w = params[i].value;
                const float* g = params[i].grad;
                float* v = opt.m[i].data();
                for (int j = 0; j < params[i].size; ++j) {
                    v[j] = c.momentum * v[j] - c.learning_rate * g[j];
                    w[j] += v[j];
                }
            }
            break;
        case OptimizerKind::Adam: {
            // Kingma & Ba with bias correction folded into the step size, as Keras does.
            const double t = double(opt.steps);
            const float lr_t = float(c.learning_rate * std::sqrt(1.0 - std::pow(c.beta2, t)) /
                                     (1.0 - std::pow(c.beta1, t)));
            const float eps_t = float(c.epsilon * std::sqrt(1.0 - std::pow(c.beta2, t)));
            for (size_t i = 0; i < params.size(); ++i) {
                float* w = params[i].value;
                const float* g = params[i].grad;
                float* m = opt.m[i].data();
                float* v = opt.v[i].data();
                for (int j = 0; j < params[i].size; ++j) {
                    m[j] = c.beta1 * m[j] + (1.0f - c.beta1) * g[j];
                    v[j] = c.beta2 * v[j] + (1.0f - c.beta2) * g[j] * g[j];
                    w[j] -= lr_t * m[j] / (std::sqrt(v[j]) + eps_t);
                }
            }
            break;
        }
    }
}

const char* optimizer_kind_name(OptimizerKind kind) {
    switch (kind) {
        case OptimizerKind::Sgd: return "SGD (momentum)";
        case OptimizerKind::Adam: return "Adam";
    }
    return "?";
}

}  // namespace dl
