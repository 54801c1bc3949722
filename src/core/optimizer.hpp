// Optimizers with Keras' meanings and defaults.
#pragma once
#include <cstdint>
#include <vector>

#include "model.hpp"

namespace dl {

// Values are part of worker messages: never renumber them.
enum class OptimizerKind : uint32_t { Sgd = 1, Adam = 2, RmsProp = 3, Adadelta = 4 };

struct OptimizerConfig {
    OptimizerKind kind = OptimizerKind::Adam;
    float learning_rate = 0.001f;
    float momentum = 0.0f;   // SGD
    bool nesterov = false;   // SGD
    float decay = 0.0f;      // time decay (Keras 2): lr / (1 + decay * step), step counted from 0
    float beta1 = 0.9f, beta2 = 0.999f;  // Adam
    float rho = 0.9f;        // RMSprop (0.9), Adadelta (0.95)
    float epsilon = 1e-7f;
};

// Keras' defaults for each optimizer (Adadelta as in Keras 2, learning rate 1.0).
OptimizerConfig optimizer_defaults(OptimizerKind kind);

struct Optimizer {
    OptimizerConfig config;
    // Per parameter: SGD velocity (m); Adam moments (m, v); RMSprop mean square (v);
    // Adadelta accumulated squared gradients (v) and squared updates (m).
    std::vector<std::vector<float>> m, v;
    long steps = 0;
};

Optimizer optimizer_create(const OptimizerConfig& config);
// One update of every parameter from its gradient.
void optimizer_step(Optimizer& opt, const std::vector<Param>& params);

const char* optimizer_kind_name(OptimizerKind kind);

}  // namespace dl
