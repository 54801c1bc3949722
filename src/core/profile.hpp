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

// Times consecutive parts of a step: each lap() adds the seconds since the previous one (or since the
// clock was made) to one part of `profile`. Does nothing, and reads no clock, without a profile.
class ProfileClock {
public:
    explicit ProfileClock(StepProfile* profile) : profile_(profile), t_(profile ? seconds_now() : 0) {}
    void lap(double StepProfile::*part) {
        if (!profile_) return;
        const double now = seconds_now();
        profile_->*part += now - t_;
        t_ = now;
    }
    // The time since the previous lap counts as layer `layer`'s, in `phase` (forward or backward).
    void lap_layer(std::vector<double> LayerTimes::*phase, std::size_t layer) {
        if (!profile_) return;
        const double now = seconds_now();
        profile_->layers.layer_add(profile_->layers.*phase, layer, now - t_);
        t_ = now;
    }
    // The time since the previous lap counts in no part (it was timed elsewhere, e.g. per layer).
    void skip() {
        if (profile_) t_ = seconds_now();
    }

private:
    StepProfile* profile_;
    double t_;
};

}  // namespace dl
