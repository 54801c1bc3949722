#include "model_file.hpp"

#include <array>
#include <cstring>
#include <utility>

#include "bytes.hpp"

namespace dl {

namespace {
constexpr char kMagic[8] = {'D', 'L', 'A', 'B', 'M', 'O', 'D', 'L'};

// The tensors a model file stores for a layer, in file order (for a const or a mutable layer).
template <class L>
auto stored_tensors(L& l) {
    return std::array{std::pair{l.w.data(), size_t(l.w.size())}, std::pair{l.b.data(), size_t(l.b.size())},
                      std::pair{l.bn.mean.data(), size_t(l.bn.mean.size())},
                      std::pair{l.bn.var.data(), size_t(l.bn.var.size())}};
}

}  // namespace

std::vector<uint8_t> model_file_write(const Model& model) {
    ByteWriter w;
    w.raw(kMagic, sizeof kMagic);
    w.u32(kModelFileVersion);
    layers_write(w, model_layers(model));
    for (const Layer& l : model.layers) {
        w.u32(uint32_t(layer_param_count(l)));
        for (auto [data, n] : stored_tensors(l)) w.raw(data, sizeof(float) * n);
    }
    w.u32(crc32(w.bytes().data(), w.bytes().size()));
    return std::move(w.bytes());
}

bool model_file_read(const uint8_t* data, size_t size, Model& model, std::string& error) {
    char magic[sizeof kMagic];
    if (size < sizeof kMagic || (std::memcpy(magic, data, sizeof magic), std::memcmp(magic, kMagic, sizeof magic) != 0)) {
        error = "not a DigitLab model file (it does not start with the DigitLab model signature)";
        return false;
    }
    if (size < sizeof kMagic + 8) {
        error = "the model file is truncated";
        return false;
    }
    ByteReader r(data + sizeof kMagic, size - sizeof kMagic);
    const uint32_t version = r.u32();
    if (version != kModelFileVersion) {
        error = "model file version " + std::to_string(version) + " is not supported (this DigitLab reads version " +
                std::to_string(kModelFileVersion) + ")";
        return false;
    }
    const uint32_t stored_crc = uint32_t(data[size - 4]) | uint32_t(data[size - 3]) << 8 |
                                uint32_t(data[size - 2]) << 16 | uint32_t(data[size - 1]) << 24;
    if (crc32(data, size - 4) != stored_crc) {
        error = "the model file is damaged or truncated (checksum mismatch)";
        return false;
    }
    std::vector<LayerSpec> specs;
    const bool read = layers_read(r, specs);
    if (std::string e = read ? layers_check(specs) : "truncated layer list"; !e.empty()) {
        error = "the model file describes an invalid model: " + e;
        return false;
    }
    // The file must hold every weight its layer list implies. Checked before model_create, which would
    // otherwise allocate whatever a small damaged or hostile file claims (30 Dense 8192 layers: 8 GB).
    const uint64_t weight_bytes = 4 * (uint64_t(specs.size()) + uint64_t(layers_param_count(specs).total()));
    if (r.remaining() != weight_bytes + 4) {
        error = "the model file is damaged (its size does not match its layers)";
        return false;
    }
    Model loaded = model_create(specs, 0);
    for (Layer& l : loaded.layers) {
        const uint32_t count = r.u32();
        if (count != uint32_t(layer_param_count(l))) {
            error = "the model file is damaged (weights do not match the layers)";
            return false;
        }
        for (auto [data, n] : stored_tensors(l)) r.raw(data, sizeof(float) * n);
    }
    if (!r.ok() || r.remaining() != 4) {
        error = "the model file is damaged (its size does not match its layers)";
        return false;
    }
    model = std::move(loaded);
    return true;
}

}  // namespace dl
