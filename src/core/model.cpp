#include "model.hpp"

#include <cstdio>

#include "layers/activation.hpp"
#include "layers/conv2d.hpp"
#include "layers/dense.hpp"
#include "layers/dropout.hpp"
#include "layers/pool.hpp"
#include "layers/zero_padding.hpp"
#include "loss.hpp"

namespace dl {

Model model_create(const std::vector<LayerSpec>& layers, uint64_t seed) {
    Model model;
    Rng rng(seed);
    Shape shape = kInputShape;
    for (const LayerSpec& spec : layers) {
        Layer layer;
        layer.spec = spec;
        layer.in = shape;
        layer.out = shape = layer_output_shape(spec, shape);
        if (layer_has_window(spec.kind)) layer.win = layer_window(spec, layer.in);
        if (spec.kind == LayerKind::Dense) dense_init(layer.w, layer.b, layer.in.size(), spec.units, rng, spec.init);
        if (spec.kind == LayerKind::Conv2D) conv2d_init(layer.w, layer.b, layer.win, rng, spec.init);
        if (spec.kind == LayerKind::BatchNorm) {
            RowVec gamma;
            batchnorm_init(shape.c, gamma, layer.b, layer.bn);
            layer.w = gamma;
        }
        layer.dw = Mat::Zero(layer.w.rows(), layer.w.cols());
        layer.db = RowVec::Zero(layer.b.size());
        model.layers.push_back(std::move(layer));
    }
    return model;
}

std::vector<LayerSpec> model_layers(const Model& model) {
    std::vector<LayerSpec> specs;
    for (const Layer& l : model.layers) specs.push_back(l.spec);
    return specs;
}

// [SECTION] Forward and backward

const Mat& model_forward_layers(Model& model, const Mat& x, size_t from, size_t to, bool training, Rng& rng,
                                LayerTimes* times) {
    const Mat* in = &model_layer_input(model, x, from);
    for (size_t i = from; i < to; ++i) {
        Layer& l = model.layers[i];
        const double t0 = times ? seconds_now() : 0;
        switch (l.spec.kind) {
            case LayerKind::Dense: dense_forward(*in, l.w, l.b, l.y); break;
            case LayerKind::Relu: relu_forward(*in, l.y); break;
            case LayerKind::Tanh: tanh_forward(*in, l.y); break;
            case LayerKind::Dropout: dropout_forward(*in, l.spec.rate, training, rng, l.mask, l.y); break;
            case LayerKind::Conv2D: conv2d_forward(*in, l.win, l.w, l.b, l.conv, l.y); break;
            case LayerKind::MaxPool2D: maxpool_forward(*in, l.win, l.y, l.argmax); break;
            case LayerKind::Flatten: l.y = *in; break;
            case LayerKind::AvgPool2D: avgpool_forward(*in, l.win, l.y); break;
            case LayerKind::ZeroPadding2D: zero_padding_forward(*in, l.in, l.spec.pad, l.y); break;
            case LayerKind::BatchNorm:
                batchnorm_forward(*in, l.in.c, l.w.row(0), l.b, l.spec.momentum, l.spec.epsilon, training, l.bn, l.y);
                break;
            case LayerKind::Sigmoid: sigmoid_forward(*in, l.y); break;
            case LayerKind::Selu: selu_forward(*in, l.y); break;
        }
        if (times) times->layer_add(times->forward, i, seconds_now() - t0);
        in = &l.y;
    }
    return *in;
}

const Mat& model_forward(Model& model, const Mat& x, bool training, Rng& rng, LayerTimes* times) {
    return model_forward_layers(model, x, 0, model.layers.size(), training, rng, times);
}

void model_backward_layers(Model& model, const Mat& x, const Mat& dy_top, size_t from, size_t to, bool training,
                           LayerTimes* times) {
    const Mat* dy = &dy_top;
    for (size_t i = to; i-- > from;) {
        Layer& l = model.layers[i];
        const Mat& in = model_layer_input(model, x, i);
        const bool need_dx = i > 0;  // nobody consumes the gradient of the input images
        const double t0 = times ? seconds_now() : 0;
        switch (l.spec.kind) {
            case LayerKind::Dense: dense_backward(in, l.w, *dy, l.dw, l.db, need_dx ? &l.dx : nullptr); break;
            case LayerKind::Relu: relu_backward(l.y, *dy, l.dx); break;
            case LayerKind::Tanh: tanh_backward(l.y, *dy, l.dx); break;
            case LayerKind::Dropout: dropout_backward(l.mask, training, *dy, l.dx); break;
            case LayerKind::Conv2D:
                conv2d_backward(in, l.conv, l.win, l.w, *dy, l.dw, l.db, need_dx ? &l.dx : nullptr);
                break;
            case LayerKind::MaxPool2D: maxpool_backward(l.argmax, l.win, *dy, l.dx); break;
            case LayerKind::Flatten: l.dx = *dy; break;
            case LayerKind::AvgPool2D: avgpool_backward(l.win, *dy, l.dx); break;
            case LayerKind::ZeroPadding2D: zero_padding_backward(*dy, l.in, l.spec.pad, l.dx); break;
            case LayerKind::BatchNorm: {
                RowVec dgamma;
                batchnorm_backward(*dy, l.in.c, l.w.row(0), l.bn, l.dx, dgamma, l.db);
                l.dw = dgamma;
                break;
            }
            case LayerKind::Sigmoid: sigmoid_backward(l.y, *dy, l.dx); break;
            case LayerKind::Selu: selu_backward(l.y, *dy, l.dx); break;
        }
        if (times) times->layer_add(times->backward, i, seconds_now() - t0);
        dy = &l.dx;
    }
}

void model_backward(Model& model, const Mat& x, const Mat& dlogits, bool training, LayerTimes* times) {
    model_backward_layers(model, x, dlogits, 0, model.layers.size(), training, times);
}

// [SECTION] Parameters, inference, summary

std::vector<Param> model_params(Model& model) {
    std::vector<Param> params;
    for (Layer& l : model.layers) {
        if (l.w.size() == 0) continue;
        params.push_back({l.w.data(), l.dw.data(), int(l.w.size())});
        params.push_back({l.b.data(), l.db.data(), int(l.b.size())});
    }
    return params;
}

void model_weights_copy(const Model& from, Model& to) {
    for (size_t i = 0; i < from.layers.size(); ++i) {
        const Layer& a = from.layers[i];
        Layer& b = to.layers[i];
        b.w = a.w, b.b = a.b, b.bn.mean = a.bn.mean, b.bn.var = a.bn.var;
    }
}

std::string model_weights_fit(const Model& from, const std::vector<LayerSpec>& layers) {
    if (from.layers.size() != layers.size())
        return std::to_string(from.layers.size()) + " layers instead of " + std::to_string(layers.size());
    const Model to = model_create(layers, 0);  // for the shapes its weights take
    for (size_t i = 0; i < layers.size(); ++i) {
        const Layer &a = from.layers[i], &b = to.layers[i];
        if (a.spec.kind != b.spec.kind || a.w.rows() != b.w.rows() || a.w.cols() != b.w.cols() ||
            a.b.size() != b.b.size() || a.bn.mean.size() != b.bn.mean.size())
            return "layer " + std::to_string(i + 1) + " is " + layer_text(a.spec) + " instead of " + layer_text(b.spec);
    }
    return "";
}

void model_weights_average(const Model& from, float decay, Model& average) {
    const float keep = decay, take = 1 - decay;
    for (size_t i = 0; i < from.layers.size(); ++i) {
        const Layer& a = from.layers[i];
        Layer& m = average.layers[i];
        m.w = keep * m.w + take * a.w;
        m.b = keep * m.b + take * a.b;
        m.bn.mean = keep * m.bn.mean + take * a.bn.mean;
        m.bn.var = keep * m.bn.var + take * a.bn.var;
    }
}

long layer_param_count(const Layer& l) {
    return long(l.w.size() + l.b.size() + l.bn.mean.size() + l.bn.var.size());
}

long model_param_count(const Model& model) {
    long n = 0;
    for (const Layer& l : model.layers) n += layer_param_count(l);
    return n;
}

void model_predict(Model& model, const Mat& x, Mat& probs) {
    Rng unused;
    softmax_forward(model_forward(model, x, false, unused), probs);
}

std::string model_summary(const Model& model) {
    std::string out;
    char line[128];
    const char* rule = "_________________________________________________________________\n";
    std::snprintf(line, sizeof line, "%-28s %-22s %12s\n", "Layer (type)", "Output Shape", "Param #");
    out += rule;
    out += line;
    out += "=================================================================\n";
    for (size_t i = 0; i < model.layers.size(); ++i) {
        const Layer& l = model.layers[i];
        const std::string name = std::string(layer_kind_name(l.spec.kind)) + " " + std::to_string(i + 1);
        const std::string shape = l.out.h == 1 && l.out.w == 1
                                      ? "(None, " + std::to_string(l.out.c) + ")"
                                      : "(None, " + std::to_string(l.out.h) + ", " + std::to_string(l.out.w) + ", " +
                                            std::to_string(l.out.c) + ")";
        std::snprintf(line, sizeof line, "%-28s %-22s %12ld\n", name.c_str(), shape.c_str(),
                      layer_param_count(l));
        out += line;
    }
    out += "=================================================================\n";
    const long total = model_param_count(model);
    long frozen = 0;
    for (const Layer& l : model.layers) frozen += long(l.bn.mean.size() + l.bn.var.size());
    std::snprintf(line, sizeof line, "Total params: %ld\nTrainable params: %ld\nNon-trainable params: %ld\n", total,
                  total - frozen, frozen);
    out += line;
    out += rule;
    return out;
}

}  // namespace dl
