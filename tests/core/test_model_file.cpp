// Model files: the documented layout, save/load round trips, and every kind of bad file rejected with a
// message while the target model stays as it was.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "core/model_file.hpp"
#include "test_util.hpp"

using dl::Activation;
using dl::Mat;

namespace {

// CRC-32 (IEEE 802.3, reflected, as zlib), bit by bit: independent of the core's table version.
uint32_t crc32_ref(const uint8_t* p, size_t n) {
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; ++i) {
        c ^= p[i];
        for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return ~c;
}

uint32_t get_u32(const std::vector<uint8_t>& b, size_t at) {
    return uint32_t(b[at]) | uint32_t(b[at + 1]) << 8 | uint32_t(b[at + 2]) << 16 | uint32_t(b[at + 3]) << 24;
}

void put_u32(std::vector<uint8_t>& b, size_t at, uint32_t v) {
    for (int i = 0; i < 4; ++i) b[at + i] = uint8_t(v >> (8 * i));
}

void reseal(std::vector<uint8_t>& b) {  // recomputes the trailing CRC after an edit
    put_u32(b, b.size() - 4, crc32_ref(b.data(), b.size() - 4));
}

Mat inputs(int batch) {
    dl::Rng rng(8);
    return dltest::random_mat(batch, 784, rng, 0.f, 1.f);
}

// A loaded-into target: a different architecture, so that any partial change would show.
dl::Model target() { return dl::model_create(dl::mlp_layers({12}, Activation::Tanh, 0.f), 99); }

void check_rejected(const std::vector<uint8_t>& bytes, const char* what) {
    dl::Model m = target();
    const auto before = dl::model_file_write(m);
    const auto layers_before = m.layers.size();
    std::string error;
    INFO(what);
    CHECK_FALSE(dl::model_file_read(bytes.data(), bytes.size(), m, error));
    CHECK(!error.empty());
    CHECK(m.layers.size() == layers_before);
    CHECK(dl::model_file_write(m) == before);
}

}  // namespace

TEST_CASE("crc32: the standard check value") {
    const char* s = "123456789";
    CHECK(dl::crc32((const uint8_t*)s, 9) == 0xCBF43926u);
    CHECK(crc32_ref((const uint8_t*)s, 9) == 0xCBF43926u);
    CHECK(dl::crc32(nullptr, 0) == 0u);
    std::vector<uint8_t> big(10000);
    for (size_t i = 0; i < big.size(); ++i) big[i] = uint8_t(i * 7 + (i >> 5));
    CHECK(dl::crc32(big.data(), big.size()) == crc32_ref(big.data(), big.size()));
}

TEST_CASE("bytes: ByteReader reads what ByteWriter wrote and flags reading past the end") {
    dl::ByteWriter w;
    w.u8(7);
    w.u32(0xDEADBEEF);
    w.f32(-1.5f);
    w.f64(3.25);
    w.str(std::string("a\0b", 3));
    auto& b = w.bytes();
    CHECK(b.size() == 1 + 4 + 4 + 8 + 4 + 3);
    CHECK(b[1] == 0xEF);  // little-endian
    dl::ByteReader r(b.data(), b.size());
    CHECK(r.u8() == 7);
    CHECK(r.u32() == 0xDEADBEEF);
    CHECK(r.f32() == -1.5f);
    CHECK(r.f64() == 3.25);
    CHECK(r.str() == std::string("a\0b", 3));
    CHECK(r.ok());
    CHECK(r.remaining() == 0);
    CHECK(r.u32() == 0);
    CHECK_FALSE(r.ok());
}

// The bytes layers_write() gives for a layer list.
std::vector<uint8_t> layer_bytes(const std::vector<dl::LayerSpec>& layers) {
    dl::ByteWriter w;
    dl::layers_write(w, layers);
    return w.bytes();
}

TEST_CASE("layers_write / layers_read round trip; truncations rejected") {
    for (auto layers : {dl::mlp_layers({16, 8}, Activation::Relu, 0.25f), dl::cnn_layers(0.2f),
                        dl::mlp_layers({}, Activation::Tanh, 0.f)}) {
        const auto b = layer_bytes(layers);
        dl::ByteReader r(b.data(), b.size());
        std::vector<dl::LayerSpec> back;
        REQUIRE(dl::layers_read(r, back));
        CHECK(r.ok());
        CHECK(r.remaining() == 0);
        REQUIRE(back.size() == layers.size());
        for (size_t i = 0; i < layers.size(); ++i) {
            CHECK(back[i].kind == layers[i].kind);
            CHECK(back[i].units == layers[i].units);
            CHECK(back[i].rate == layers[i].rate);
            CHECK(back[i].kernel == layers[i].kernel);
            CHECK(back[i].stride == layers[i].stride);
            CHECK(back[i].same == layers[i].same);
        }
        for (size_t n = 0; n < b.size(); ++n) {
            dl::ByteReader t(b.data(), n);
            std::vector<dl::LayerSpec> l;
            INFO("truncated to ", n, " of ", b.size());
            CHECK_FALSE((dl::layers_read(t, l) && t.ok()));
        }
    }
}

TEST_CASE("model file: the documented layout") {
    auto layers = dl::mlp_layers({16, 8}, Activation::Relu, 0.25f);
    auto m = dl::model_create(layers, 3);
    const auto b = dl::model_file_write(m);
    const auto lb = layer_bytes(layers);
    REQUIRE(b.size() > 12 + lb.size() + 4);
    CHECK(std::memcmp(b.data(), "DLABMODL", 8) == 0);
    CHECK(get_u32(b, 8) == dl::kModelFileVersion);
    CHECK(std::equal(lb.begin(), lb.end(), b.begin() + 12));  // the layer list follows the version
    CHECK(get_u32(b, b.size() - 4) == crc32_ref(b.data(), b.size() - 4));
    // Every parameter is stored as an f32, with a u32 count per block (per layer or per tensor).
    const size_t params = size_t(dl::model_param_count(m));
    CHECK(b.size() >= 12 + lb.size() + 4 * params + 4);
    CHECK(b.size() <= 12 + lb.size() + 4 * params + 8 * layers.size() + 4);
    // The first dense layer's weights appear in the file as they are in memory.
    const auto& w = m.layers[0].w;
    std::vector<uint8_t> wbytes(size_t(w.size()) * 4);
    std::memcpy(wbytes.data(), w.data(), wbytes.size());
    CHECK(std::search(b.begin(), b.end(), wbytes.begin(), wbytes.end()) != b.end());
}

TEST_CASE("model file: save then load gives identical predictions and identical bytes") {
    for (auto layers : {dl::mlp_layers({32, 16}, Activation::Relu, 0.2f), dl::mlp_layers({}, Activation::Relu, 0.f),
                        dl::mlp_layers({20}, Activation::Tanh, 0.f), dl::cnn_layers(0.25f)}) {
        auto m = dl::model_create(layers, 21);
        const auto bytes = dl::model_file_write(m);
        dl::Model loaded = target();
        std::string error = "unchanged?";
        REQUIRE(dl::model_file_read(bytes.data(), bytes.size(), loaded, error));
        CHECK(dl::model_file_write(loaded) == bytes);
        CHECK(dltest::weight_bits(loaded) == dltest::weight_bits(m));
        REQUIRE(loaded.layers.size() == layers.size());
        CHECK(dl::model_param_count(loaded) == dl::model_param_count(m));
        const Mat x = inputs(6);
        Mat p1, p2;
        dl::model_predict(m, x, p1);
        dl::model_predict(loaded, x, p2);
        CHECK(p1 == p2);
        // The loaded model trains: forward/backward buffers are usable.
        dl::Rng rng(1);
        const Mat& logits = dl::model_forward(loaded, x, true, rng);
        CHECK(logits.rows() == 6);
        dl::model_backward(loaded, x, Mat::Ones(6, 10), true);
        for (const auto& p : dl::model_params(loaded)) CHECK(p.size > 0);
    }
}

TEST_CASE("model file: truncated files are rejected, the model unchanged") {
    const auto bytes = dl::model_file_write(dl::model_create(dl::mlp_layers({}, Activation::Relu, 0.f), 4));
    std::vector<size_t> lengths;
    for (size_t n = 0; n <= 80; ++n) lengths.push_back(n);
    for (size_t n = 81; n < bytes.size(); n += 997) lengths.push_back(n);
    for (size_t k = 1; k <= 8; ++k) lengths.push_back(bytes.size() - k);
    for (size_t n : lengths) {
        INFO("length ", n, " of ", bytes.size());
        check_rejected(std::vector<uint8_t>(bytes.begin(), bytes.begin() + n), "truncated");
    }
    // Extra bytes after the CRC are not a model file either.
    auto longer = bytes;
    longer.push_back(0);
    check_rejected(longer, "trailing byte");
    // Nor are extra bytes after the weights, even with a CRC that covers them.
    for (size_t extra : {1, 4, 100}) {
        std::vector<uint8_t> b(bytes.begin(), bytes.end() - 4);
        b.insert(b.end(), extra, uint8_t(0));
        b.insert(b.end(), 4, uint8_t(0));
        reseal(b);
        INFO(extra, " extra bytes");
        check_rejected(b, "resealed extra bytes");
    }
}

TEST_CASE("model file: a flipped byte anywhere fails the checksum, the model unchanged") {
    const auto bytes = dl::model_file_write(dl::model_create(dl::mlp_layers({8}, Activation::Relu, 0.5f), 5));
    std::vector<size_t> positions;
    for (size_t i = 0; i < 64; ++i) positions.push_back(i);
    for (size_t i = 64; i < bytes.size(); i += 331) positions.push_back(i);
    for (size_t k = 1; k <= 8; ++k) positions.push_back(bytes.size() - k);
    for (size_t i : positions) {
        for (uint8_t mask : {uint8_t(0x01), uint8_t(0x80), uint8_t(0xFF)}) {
            auto bad = bytes;
            bad[i] ^= mask;
            INFO("byte ", i, " xor ", int(mask));
            check_rejected(bad, "flipped byte");
        }
    }
}

TEST_CASE("model file: foreign and empty files are rejected, the model unchanged") {
    const uint8_t png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
                           0, 0, 0, 28, 0, 0, 0, 28, 8, 0, 0, 0, 0, 0x57, 0x66, 0x80, 0x48};
    check_rejected(std::vector<uint8_t>(png, png + sizeof png), "PNG");
    std::string csv = "label";
    for (int i = 0; i < 784; ++i) csv += ",pixel" + std::to_string(i);
    csv += "\n1";
    for (int i = 0; i < 784; ++i) csv += ",0";
    csv += "\n";
    check_rejected(std::vector<uint8_t>(csv.begin(), csv.end()), "CSV");
    check_rejected({}, "empty");
    check_rejected(std::vector<uint8_t>(100000, 0), "zeros");
    const char* magic_only = "DLABMODL";
    check_rejected(std::vector<uint8_t>(magic_only, magic_only + 8), "magic only");
}

TEST_CASE("model file: well-sealed but invalid content is rejected") {
    const auto layers = dl::mlp_layers({8}, Activation::Relu, 0.f);
    const auto good = dl::model_file_write(dl::model_create(layers, 6));
    const auto lb = layer_bytes(layers);
    // The file with its layer list replaced by that of `other` (parameters unchanged), resealed.
    auto with_layers = [&](const std::vector<dl::LayerSpec>& other) {
        const auto ob = layer_bytes(other);
        std::vector<uint8_t> b(good.begin(), good.begin() + 12);
        b.insert(b.end(), ob.begin(), ob.end());
        b.insert(b.end(), good.begin() + 12 + lb.size(), good.end());
        reseal(b);
        return b;
    };
    CHECK(with_layers(layers) == good);  // the splice itself is faithful
    {
        auto b = good;
        put_u32(b, 8, dl::kModelFileVersion + 1);  // a newer format
        reseal(b);
        check_rejected(b, "newer version");
    }
    {
        auto l = layers;
        l[1].kind = dl::LayerKind(42);
        check_rejected(with_layers(l), "unknown layer kind");
    }
    {
        auto l = layers;
        l.back().units = 9;  // 9 outputs: not a digit model (and the parameter counts no longer match)
        check_rejected(with_layers(l), "9 outputs");
    }
    {
        auto l = layers;
        l[0].units = 9;  // parameter counts that do not match the layers
        check_rejected(with_layers(l), "parameter count mismatch");
    }
}

TEST_CASE("model file: a small file claiming a huge model is rejected by its size, before weights are made") {
    // Three Dense 8192 layers would be 0.5 GB of weights; the file holds none of them. The size check must
    // answer before model_create allocates (the weight count check after it gives another message).
    const auto layers = dl::mlp_layers({8192, 8192, 8192}, Activation::Relu, 0.f);
    dl::ByteWriter w;
    w.raw("DLABMODL", 8);
    w.u32(dl::kModelFileVersion);
    dl::layers_write(w, layers);
    w.u32(0);
    w.u32(0);
    std::vector<uint8_t> b = w.bytes();
    reseal(b);
    check_rejected(b, "huge model, no weights");
    dl::Model m;
    std::string error;
    dl::model_file_read(b.data(), b.size(), m, error);
    CHECK(error.find("size does not match its layers") != std::string::npos);
}
