// The drawing pad's live prediction: strokes -> MNIST-style 28x28 image -> the model's probabilities,
// computed on the main thread (one small forward pass per model, well under a millisecond each).
#pragma once
#include "app_state.hpp"

namespace app {

// Recomputes the pad's image and prediction if the strokes or the model changed since the last call: the
// ensemble's averaged probabilities when one is in use, else the model's.
void pad_update(Pad& pad, TrainedModel& model, EnsembleInUse& ensemble);

}  // namespace app
