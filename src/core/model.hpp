// A model: a stack of layers (see layers/layer_spec.hpp) ending in 10 logits, with the buffers each layer
// keeps between its forward and backward pass. Inputs are batches of images scaled to [0, 1] (784 per row).
#pragma once
#include <string>
#include <vector>

#include "layers/batchnorm.hpp"
#include "layers/layer_spec.hpp"
#include "profile.hpp"
#include "rng.hpp"
#include "tensor.hpp"

namespace dl {

struct Layer {
    LayerSpec spec;
    Shape in, out;
    Window win;                // Conv2D, poolings
    Mat w, dw;                 // Dense, Conv2D; BatchNorm: gamma (1 x C)
    RowVec b, db;              // Dense, Conv2D; BatchNorm: beta
    BatchNormState bn;         // BatchNorm
    ConvWork conv;             // Conv2D: what backward needs of the last input
    std::vector<int> argmax;   // MaxPool2D: where each output came from
    Mat mask;                  // Dropout
    Mat y;                     // forward output, kept for backward
    Mat dx;                    // gradient with respect to the input
};

struct Model {
    std::vector<Layer> layers;
};

// A trainable tensor and its gradient, for optimizers.
struct Param {
    float* value;
    float* grad;
    int size;
};

// Creates a model with fresh weights. The layer list must pass layers_check().
Model model_create(const std::vector<LayerSpec>& layers, uint64_t seed);
std::vector<LayerSpec> model_layers(const Model& model);

// Runs the batch x through the model and returns the logits (batch x 10).
// With `times`, each layer's seconds are added to it.
const Mat& model_forward(Model& model, const Mat& x, bool training, Rng& rng, LayerTimes* times = nullptr);
// Backpropagates dlogits through the last forward pass, filling every layer's weight gradients.
void model_backward(Model& model, const Mat& x, const Mat& dlogits, bool training, LayerTimes* times = nullptr);
// The same for layers [from, to) only, as a step cut into stages runs them (trainer.cpp): forward from the
// output of layer from - 1 (x for 0) to layer to - 1's, which it returns; backward from dy, the gradient of
// layer to - 1's output, down to layer from's dx.
// The input of layer i of the last forward pass of x: x itself for the first layer.
inline const Mat& model_layer_input(const Model& model, const Mat& x, size_t i) {
    return i ? model.layers[i - 1].y : x;
}
const Mat& model_forward_layers(Model& model, const Mat& x, size_t from, size_t to, bool training, Rng& rng,
                                LayerTimes* times = nullptr);
void model_backward_layers(Model& model, const Mat& x, const Mat& dy, size_t from, size_t to, bool training,
                           LayerTimes* times = nullptr);

std::vector<Param> model_params(Model& model);
// Copies the weights and running statistics of `from` into `to`, a model with the same layers.
void model_weights_copy(const Model& from, Model& to);
// Whether model_weights_copy(from, a model of `layers`) may be called: the same kinds of layers, whose weights
// have the same shapes. Empty if so, else which layer differs, for the user.
std::string model_weights_fit(const Model& from, const std::vector<LayerSpec>& layers);
// average = decay * average + (1 - decay) * from, over what model_weights_copy copies: one step of an
// exponential moving average of the weights (batch norm's running statistics averaged alongside them).
void model_weights_average(const Model& from, float decay, Model& average);
// Parameters, trainable and not (batch norm's running statistics), as Keras counts them.
long layer_param_count(const Layer& layer);
long model_param_count(const Model& model);

// Class probabilities for the batch x (inference mode).
void model_predict(Model& model, const Mat& x, Mat& probs);

// A table like Keras' model.summary(): layer, output shape, parameters, and totals.
std::string model_summary(const Model& model);

}  // namespace dl
