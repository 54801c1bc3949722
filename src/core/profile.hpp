// Where the time of a training step goes, for `dl_bench --profile`: seconds summed per part over the
// steps profiled. Nothing is timed unless a caller hands one in (Trainer::profile_set, the last argument of
// model_forward / model_backward), so the normal path pays one null-pointer test per layer.
#pragma once
#include <cstddef>
#include <vector>

namespace dl {

// A monotonic clock in seconds.
double seconds_now();

// Forward and backward seconds of each layer (by index), on the thread that ran them.
struct LayerTimes {
    std::vector<double> forward, backward;
    void layer_add(std::vector<double>& phase, std::size_t layer, double seconds);
};

struct StepProfile {
    LayerTimes layers;      // thread 0's share of the batch: the other threads run the same layers
    double gather = 0;      // thread 0: gathering (and augmenting) its images
    double loss = 0;        // thread 0: softmax, loss and its gradient
    double parallel = 0;    // the whole parallel part, thread 0's share plus waiting for the others
    double reduce = 0;      // summing the threads' gradients
    double update = 0;      // the optimizer
    double copy = 0;        // the new weights to the other threads' model copies
    long steps = 0;
};

}  // namespace dl
