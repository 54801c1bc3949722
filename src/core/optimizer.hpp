// Optimizers with Keras' meanings and defaults.
#pragma once
#include <cstdint>
#include <vector>

#include "model.hpp"

namespace dl {

enum class OptimizerKind : uint32_t { Sgd = 1, Adam = 2 };

struct OptimizerConfig {
    OptimizerKind kind = OptimizerKind::Adam;
    float learning_rate = 0.001f;
    float momentum = 0.9f;  // SGD
    float beta1 = 0.9f, beta2 = 0.999f, epsilon = 1e-7f;  // Adam
};

struct Optimizer {
    OptimizerConfig config;
    std::vector<std::vector<float>> m, v;  // per parameter: SGD velocity (m); Adam moments (m, v)
    long steps = 0;
};

Optimizer optimizer_create(const OptimizerConfig& config);
// One update of every parameter from its gradient.
void optimizer_step(Optimizer& opt, const std::vector<Param>& params);

const char* optimizer_kind_name(OptimizerKind kind);

}  // namespace dl
