// The model file: what a trained model is, to download, open again, or use with the CLI.
//
// Layout (little-endian): magic "DLABMODL", u32 format version, the layer list (layers_write in
// layers/layer_spec.hpp), per layer its parameters {u32 count, f32 values...} (count 0 for a layer without
// any), then a CRC-32 of everything before it. No optimizer state: a model file is for inference and fine-tuning, not for resuming.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "model.hpp"

namespace dl {

constexpr uint32_t kModelFileVersion = 1;

std::vector<uint8_t> model_file_write(const Model& model);
// Fills `model` from a model file. On a corrupt, truncated or foreign file returns false with `error` set
// and leaves `model` unchanged.
bool model_file_read(const uint8_t* data, size_t size, Model& model, std::string& error);

}  // namespace dl
