#include "onnx_export.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace dl {

namespace {

// [SECTION] Protocol buffers: the wire format of the few ONNX messages written here (field numbers are
// onnx.proto's)

// Each call appends one field and returns the message, so that a message can be written in one expression.
class Proto {
public:
    Proto& integer(int field, int64_t v) {
        key(field, 0);
        varint(uint64_t(v));
        return *this;
    }
    Proto& f32(int field, float v) {
        key(field, 5);
        raw(&v, 4);  // little-endian, as on every target we build for (x86-64, WebAssembly)
        return *this;
    }
    Proto& bytes(int field, const void* p, size_t n) {
        key(field, 2);
        varint(n);
        raw(p, n);
        return *this;
    }
    Proto& text(int field, std::string_view s) { return bytes(field, s.data(), s.size()); }
    Proto& message(int field, const Proto& m) { return bytes(field, m.out_.data(), m.out_.size()); }
    const std::vector<uint8_t>& out() const { return out_; }

private:
    void key(int field, int wire_type) { varint(uint64_t(field) << 3 | uint64_t(wire_type)); }
    void varint(uint64_t v) {
        for (; v >= 0x80; v >>= 7) out_.push_back(uint8_t(v | 0x80));
        out_.push_back(uint8_t(v));
    }
    void raw(const void* p, size_t n) {
        const size_t at = out_.size();
        out_.resize(at + n);
        if (n) std::memcpy(out_.data() + at, p, n);
    }
    std::vector<uint8_t> out_;
};

enum OnnxType { kFloat = 1, kInt64 = 7 };                             // TensorProto.DataType
enum AttrType { kAttrFloat = 1, kAttrInt = 2, kAttrInts = 7 };       // AttributeProto.AttributeType

// An attribute's name and type; the caller adds its value.
Proto attr_new(std::string_view name, AttrType type) { return std::move(Proto().text(1, name).integer(20, type)); }
Proto attr_int(std::string_view name, int64_t v) { return std::move(attr_new(name, kAttrInt).integer(3, v)); }
Proto attr_float(std::string_view name, float v) { return std::move(attr_new(name, kAttrFloat).f32(2, v)); }
Proto attr_ints(std::string_view name, const std::vector<int64_t>& v) {
    Proto a = attr_new(name, kAttrInts);
    for (int64_t x : v) a.integer(8, x);
    return a;
}

// A graph input or output: a float tensor [N, dims...] with N free.
Proto value_info(std::string_view name, const std::vector<int64_t>& dims) {
    Proto shape;
    shape.message(1, Proto().text(2, "N"));
    for (int64_t d : dims) shape.message(1, Proto().integer(1, d));
    const Proto tensor = std::move(Proto().integer(1, kFloat).message(2, shape));
    return std::move(Proto().text(1, name).message(2, Proto().message(1, tensor)));
}

// A node op(inputs) writing `output`, and named after it.
Proto node_new(std::string_view op, const std::vector<std::string>& inputs, const std::string& output,
               const std::vector<Proto>& attrs = {}) {
    Proto node;
    for (const std::string& in : inputs) node.text(1, in);
    node.text(2, output).text(3, output).text(4, op);
    for (const Proto& a : attrs) node.message(5, a);
    return node;
}

// [SECTION] The graph of one model

// Writes a member's nodes and weights into `graph`, the current tensor named by `x`. `spatial`: x is NCHW
// [N, C, H, W]; else it is [N, features] in our HWC order.
struct GraphWriter {
    Proto& graph;
    std::string prefix;  // of every name the member adds, so that an ensemble's members do not collide
    std::string x = "image";
    bool spatial = true;
    int serial = 0;

    std::string name_new(std::string_view what) { return prefix + std::string(what) + std::to_string(++serial); }

    std::string initializer_add(std::string_view what, const std::vector<int64_t>& dims, OnnxType type,
                                const void* data, size_t bytes) {
        const std::string name = name_new(what);
        Proto t;
        for (int64_t d : dims) t.integer(1, d);
        t.integer(2, type);
        t.text(8, name);
        t.bytes(9, data, bytes);
        graph.message(5, t);
        return name;
    }
    std::string floats_add(std::string_view what, const std::vector<int64_t>& dims, const float* data) {
        size_t n = 1;
        for (int64_t d : dims) n *= size_t(d);
        return initializer_add(what, dims, kFloat, data, n * sizeof(float));
    }
    std::string ints_add(std::string_view what, const std::vector<int64_t>& v) {
        return initializer_add(what, {int64_t(v.size())}, kInt64, v.data(), v.size() * sizeof(int64_t));
    }

    // Adds the node op(x, extra inputs...) with `attrs`; its output becomes x.
    void node_add(std::string_view op, std::vector<std::string> extra = {}, const std::vector<Proto>& attrs = {},
                  std::string output = {}) {
        if (output.empty()) output = name_new(op);
        extra.insert(extra.begin(), x);
        graph.message(1, node_new(op, extra, output, attrs));
        x = output;
    }

    void layout_spatial(Shape in) {
        if (spatial) return;
        spatial = true;
        node_add("Reshape", {ints_add("shape", {-1, in.c, 1, 1})});  // flat tensors are 1x1 (Dense, Flatten)
    }
    // Our rows are HWC: NCHW goes to NHWC first, unless that changes nothing (one channel, or 1x1).
    void layout_flat(Shape in) {
        if (!spatial) return;
        spatial = false;
        if (in.c > 1 && in.h * in.w > 1) node_add("Transpose", {}, {attr_ints("perm", {0, 2, 3, 1})});
        node_add("Flatten", {}, {attr_int("axis", 1)});
    }
};

// ONNX's pads [top, left, bottom, right]: 'same' puts the odd pixel at the bottom and right, as we do.
std::vector<int64_t> window_pads(const Window& win) {
    const int total_h = std::max(0, (win.out.h - 1) * win.stride + win.kernel - win.in.h);
    const int total_w = std::max(0, (win.out.w - 1) * win.stride + win.kernel - win.in.w);
    return {win.pad_top, win.pad_left, total_h - win.pad_top, total_w - win.pad_left};
}

std::vector<Proto> window_attrs(const Window& win) {
    return {attr_ints("kernel_shape", {win.kernel, win.kernel}), attr_ints("strides", {win.stride, win.stride}),
            attr_ints("pads", window_pads(win))};
}

// Our kernel is (K*K*C x F), row (ky*K + kx)*C + c; ONNX's is [F, C, K, K].
std::vector<float> conv_weights_onnx(const Layer& l) {
    const int k = l.win.kernel, c = l.win.in.c, f = l.win.out.c;
    std::vector<float> w(size_t(f) * c * k * k);
    size_t i = 0;
    for (int fo = 0; fo < f; ++fo)
        for (int ch = 0; ch < c; ++ch)
            for (int ky = 0; ky < k; ++ky)
                for (int kx = 0; kx < k; ++kx) w[i++] = l.w((ky * k + kx) * c + ch, fo);
    return w;
}

void layer_write(GraphWriter& g, const Layer& l) {
    switch (l.spec.kind) {
        case LayerKind::Dense: {
            g.layout_flat(l.in);
            const std::string w = g.floats_add("dense_w", {l.w.rows(), l.w.cols()}, l.w.data());
            const std::string b = g.floats_add("dense_b", {l.b.size()}, l.b.data());
            g.node_add("Gemm", {w, b});
            break;
        }
        case LayerKind::Conv2D: {
            g.layout_spatial(l.in);
            const std::vector<float> w = conv_weights_onnx(l);
            const int k = l.win.kernel;
            g.node_add("Conv",
                       {g.floats_add("conv_w", {l.win.out.c, l.win.in.c, k, k}, w.data()),
                        g.floats_add("conv_b", {l.b.size()}, l.b.data())},
                       window_attrs(l.win));
            break;
        }
        case LayerKind::MaxPool2D:
            g.layout_spatial(l.in);
            g.node_add("MaxPool", {}, window_attrs(l.win));
            break;
        case LayerKind::AvgPool2D:  // count_include_pad = 0 (ONNX's default): padding is not averaged in
            g.layout_spatial(l.in);
            g.node_add("AveragePool", {}, window_attrs(l.win));
            break;
        case LayerKind::ZeroPadding2D: {
            g.layout_spatial(l.in);
            const int64_t p = l.spec.pad;
            g.node_add("Pad", {g.ints_add("pads", {0, 0, p, p, 0, 0, p, p})});
            break;
        }
        case LayerKind::Flatten: g.layout_flat(l.in); break;
        case LayerKind::BatchNorm: {  // channels are axis 1 in both layouts
            const int64_t c = l.in.c;
            g.node_add("BatchNormalization",
                       {g.floats_add("bn_gamma", {c}, l.w.data()), g.floats_add("bn_beta", {c}, l.b.data()),
                        g.floats_add("bn_mean", {c}, l.bn.mean.data()), g.floats_add("bn_var", {c}, l.bn.var.data())},
                       {attr_float("epsilon", l.spec.epsilon)});
            break;
        }
        case LayerKind::Relu: g.node_add("Relu"); break;
        case LayerKind::Tanh: g.node_add("Tanh"); break;
        case LayerKind::Sigmoid: g.node_add("Sigmoid"); break;
        case LayerKind::Selu: g.node_add("Selu"); break;  // ONNX's default alpha and gamma are SELU's constants
        case LayerKind::Dropout: break;
    }
}

// Adds a member's layers and its softmax, which writes `output`.
void model_graph_write(Proto& graph, const Model& model, std::string prefix, const std::string& output) {
    GraphWriter g{graph, std::move(prefix)};
    for (const Layer& l : model.layers) layer_write(g, l);
    g.layout_flat(model.layers.back().out);
    g.node_add("Softmax", {}, {attr_int("axis", 1)}, output);
}

}  // namespace

std::vector<uint8_t> onnx_write(const Ensemble& ensemble) {
    const size_t n = ensemble.members.size();
    if (n == 0) throw std::invalid_argument("an ensemble without models has no ONNX graph");
    Proto graph;
    graph.text(2, "digitlab");
    if (n == 1) {
        model_graph_write(graph, ensemble.members[0], "", "probabilities");
    } else {
        std::vector<std::string> outputs;
        for (size_t i = 0; i < n; ++i) {
            const std::string prefix = "m" + std::to_string(i + 1) + "_";
            outputs.push_back(prefix + "probabilities");
            model_graph_write(graph, ensemble.members[i], prefix, outputs.back());
        }
        graph.message(1, node_new("Mean", outputs, "probabilities"));
    }
    graph.message(11, value_info("image", {1, kImageSide, kImageSide}));
    graph.message(12, value_info("probabilities", {kClasses}));

    Proto model;
    model.integer(1, 7);  // IR version 7: the one of opset 13
    model.text(2, "DigitLab");
    model.text(6, "Input: image [N, 1, 28, 28], pixels / 255. Output: probabilities [N, 10] of the digits 0-9.");
    model.message(7, graph).message(8, Proto().integer(2, kOnnxOpset));
    return model.out();
}

}  // namespace dl
