// The drawing pad's live prediction: strokes -> MNIST-style 28x28 image -> the model's probabilities,
// computed on the main thread (one small forward pass, well under a millisecond).
#pragma once
#include "app_state.hpp"

namespace app {

// Recomputes the pad's image and prediction if the strokes or the model changed since the last call.
void pad_update(Pad& pad, TrainedModel& model);

}  // namespace app
