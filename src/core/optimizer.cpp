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
            for (size_t i = 0; i < params.size(); ++i) {
                float* w = params[i].value;
                const float* g = params[i].grad;
                float* v = opt.m[i].data();
                for (int j = 0; j < params[i].size; ++j) {
                    v[j] = c.momentum * v[j] - lr * g[j];
                    w[j] += c.nesterov ? c.momentum * v[j] - lr * g[j] : v[j];
                }
            }
            break;
        case OptimizerKind::RmsProp:
            // Tieleman & Hinton: v = rho * v + (1 - rho) * g^2; w -= lr * g / (sqrt(v) + eps).
            for (size_t i = 0; i < params.size(); ++i) {
                float* w = params[i].value;
                const float* g = params[i].grad;
                float* v = opt.v[i].data();
                for (int j = 0; j < params[i].size; ++j) {
                    v[j] = c.rho * v[j] + (1.0f - c.rho) * g[j] * g[j];
                    w[j] -= lr * g[j] / (std::sqrt(v[j]) + c.epsilon);
                }
            }
            break;
        case OptimizerKind::Adadelta:
            // Zeiler 2012: acc = rho * acc + (1 - rho) * g^2; u = g * sqrt(dacc + eps) / sqrt(acc + eps);
            // w -= lr * u; dacc = rho * dacc + (1 - rho) * u^2.
            for (size_t i = 0; i < params.size(); ++i) {
                float* w = params[i].value;
                const float* g = params[i].grad;
                float* acc = opt.v[i].data();
                float* dacc = opt.m[i].data();
                for (int j = 0; j < params[i].size; ++j) {
                    acc[j] = c.rho * acc[j] + (1.0f - c.rho) * g[j] * g[j];
                    const float u = g[j] * std::sqrt(dacc[j] + c.epsilon) / std::sqrt(acc[j] + c.epsilon);
                    w[j] -= lr * u;
                    dacc[j] = c.rho * dacc[j] + (1.0f - c.rho) * u * u;
                }
            }
            break;
        case OptimizerKind::Adam: {
            // Kingma & Ba with the bias correction folded into the step size and epsilon added to sqrt(v) as is
            // (the paper's "epsilon hat"), as Keras does.
            const double t = double(opt.steps);
            const float lr_t = float(lr * std::sqrt(1.0 - std::pow(c.beta2, t)) /
                                     (1.0 - std::pow(c.beta1, t)));
            for (size_t i = 0; i < params.size(); ++i) {
                float* w = params[i].value;
                const float* g = params[i].grad;
                float* m = opt.m[i].data();
                float* v = opt.v[i].data();
                for (int j = 0; j < params[i].size; ++j) {
                    m[j] = c.beta1 * m[j] + (1.0f - c.beta1) * g[j];
                    v[j] = c.beta2 * v[j] + (1.0f - c.beta2) * g[j] * g[j];
                    w[j] -= lr_t * m[j] / (std::sqrt(v[j]) + c.epsilon);
                }
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
