// Download as ONNX: the outbox gets the model in use as an ONNX file, which decodes back to its graph and
// weights; an ensemble in use is one model averaging its members; without a model an error says so.
#include <doctest/doctest.h>

#include <cstring>
#include <map>
#include <string_view>

#include "core/onnx_export.hpp"
#include "state/actions.hpp"
#include "state/ensemble_use.hpp"
#include "state_util.hpp"

using namespace app;
using namespace app_test;

namespace {

// [SECTION] Protocol buffers read back: just what the checks below need of onnx.proto

// A message's fields by number, in order: varints as numbers, length-delimited fields as their bytes.
struct ProtoFields {
    std::multimap<int, uint64_t> numbers;
    std::multimap<int, std::string_view> bytes;

    std::string_view one(int field) const {
        REQUIRE(bytes.count(field) == 1);
        return bytes.find(field)->second;
    }
    uint64_t number(int field) const {
        REQUIRE(numbers.count(field) == 1);
        return numbers.find(field)->second;
    }
};

uint64_t varint_read(std::string_view& in) {
    uint64_t v = 0;
    for (int shift = 0;; shift += 7) {
        REQUIRE(!in.empty());
        const uint8_t b = uint8_t(in[0]);
        in.remove_prefix(1);
        v |= uint64_t(b & 0x7f) << shift;
        if (!(b & 0x80)) return v;
    }
}

// Fails the test on anything but a well-formed message of varint, 32-bit and length-delimited fields.
ProtoFields proto_read(std::string_view in) {
    ProtoFields m;
    while (!in.empty()) {
        const uint64_t key = varint_read(in);
        const int field = int(key >> 3);
        switch (key & 7) {
            case 0: m.numbers.emplace(field, varint_read(in)); break;
            case 2: {
                const uint64_t n = varint_read(in);
                REQUIRE(n <= in.size());
                m.bytes.emplace(field, in.substr(0, n));
                in.remove_prefix(n);
                break;
            }
            case 5: REQUIRE(in.size() >= 4); in.remove_prefix(4); break;
            default: FAIL("wire type " << (key & 7));
        }
    }
    return m;
}

std::vector<std::string_view> fields_of(const ProtoFields& m, int field) {
    std::vector<std::string_view> out;
    for (auto [at, end] = m.bytes.equal_range(field); at != end; ++at) out.push_back(at->second);
    return out;
}

// The graph of the ONNX file the outbox holds, after checking its version and opset.
struct OnnxGraph {
    std::vector<ProtoFields> nodes;
    std::map<std::string_view, std::string_view> weights;  // each initializer's raw data, by name

    std::vector<std::string_view> ops() const {
        std::vector<std::string_view> out;
        for (const ProtoFields& n : nodes) out.push_back(n.one(4));
        return out;
    }
};

OnnxGraph onnx_read(const Download& d) {
    const ProtoFields model = proto_read(d.data);
    CHECK(model.number(1) == 7);  // IR version
    CHECK(proto_read(model.one(8)).number(2) == uint64_t(dl::kOnnxOpset));
    const ProtoFields graph = proto_read(model.one(7));
    CHECK(proto_read(graph.one(11)).one(1) == "image");
    CHECK(proto_read(graph.one(12)).one(1) == "probabilities");
    OnnxGraph g;
    for (const std::string_view node : fields_of(graph, 1)) g.nodes.push_back(proto_read(node));
    for (const std::string_view tensor : fields_of(graph, 5)) {
        const ProtoFields t = proto_read(tensor);
        g.weights[t.one(8)] = t.one(9);
    }
    return g;
}

// Whether `raw` holds the first Dense layer's weights of `model`, as the core has them.
bool dense_weights_equal(std::string_view raw, const dl::Model& model) {
    const dl::Mat& w = model.layers[0].w;
    return raw.size() == size_t(w.size()) * sizeof(float) && std::memcmp(raw.data(), w.data(), raw.size()) == 0;
}

const std::vector<std::string_view> kMlpOps{"Flatten", "Gemm", "Relu", "Gemm", "Softmax"};

}  // namespace

TEST_CASE("Download as ONNX: the current model, which decodes back to its layers and weights") {
    AppState s;
    message_receive(s, dl::ModelMessage{1, model_file()});
    onnx_download(s);
    REQUIRE(s.outbox.downloads.size() == 1);
    const Download& d = s.outbox.downloads[0];
    CHECK(d.file_name == "digitlab-model.onnx");
    const OnnxGraph g = onnx_read(d);
    CHECK(g.ops() == kMlpOps);
    CHECK(g.nodes.back().one(2) == "probabilities");
    CHECK(dense_weights_equal(g.weights.at(fields_of(g.nodes[1], 1)[1]), s.model.model));
}

TEST_CASE("Download as ONNX: an ensemble in use is one model that averages its members") {
    AppState s;
    const std::string a = model_file(1), b = model_file(2);
    ensemble_set(s, {1, 2}, {{a.begin(), a.end()}, {b.begin(), b.end()}});
    REQUIRE(s.ensemble.in_use());
    onnx_download(s);
    REQUIRE(s.outbox.downloads.size() == 1);
    const OnnxGraph g = onnx_read(s.outbox.downloads[0]);
    std::vector<std::string_view> ops = kMlpOps;
    ops.insert(ops.end(), kMlpOps.begin(), kMlpOps.end());
    ops.push_back("Mean");
    CHECK(g.ops() == ops);
    const ProtoFields& mean = g.nodes.back();
    CHECK(fields_of(mean, 1) == std::vector<std::string_view>{"m1_probabilities", "m2_probabilities"});
    CHECK(mean.one(2) == "probabilities");
    // Each member keeps its own weights: the second's first Gemm has model b's.
    CHECK(dense_weights_equal(g.weights.at(fields_of(g.nodes[6], 1)[1]), s.ensemble.models.members[1]));
    CHECK_FALSE(dense_weights_equal(g.weights.at(fields_of(g.nodes[6], 1)[1]), s.ensemble.models.members[0]));
}

TEST_CASE("Download as ONNX without a model: an error, and nothing else changes") {
    AppState s;
    worker_with_data(s);
    const std::string status = s.status;
    onnx_download(s);
    CHECK(s.outbox.downloads.empty());
    CHECK(s.error.find("no model to save as ONNX") != std::string::npos);
    CHECK(s.status == status);
    CHECK(s.train_set.rows == 100);
}
