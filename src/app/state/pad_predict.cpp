#include "pad_predict.hpp"

#include <algorithm>

#include "core/loss.hpp"

namespace app {

namespace {
// The strokes are rasterized at 5x the model's resolution, so that digitizing can anti-alias them.
constexpr int kRasterSide = dl::kImageSide * 5;
}  // namespace

void pad_update(Pad& pad, TrainedModel& model, EnsembleInUse& ensemble) {
    if (!pad.dirty) return;
    pad.dirty = false;
    const std::vector<float> ink = dl::strokes_rasterize(pad.strokes, kRasterSide);
    pad.has_ink = dl::ink_digitize(ink.data(), kRasterSide, kRasterSide, pad.image);
    if (!pad.has_ink) std::fill(std::begin(pad.image), std::end(pad.image), uint8_t(0));
    ++pad.image_version;

    pad.prediction = -1;
    pad.probs.fill(0.f);
    if (!pad.has_ink || !model.present) return;
    dl::Mat x(1, dl::kImageSize), probs;
    for (int i = 0; i < dl::kImageSize; ++i) x(0, i) = float(pad.image[i]) / 255.f;
    if (ensemble.in_use())
        dl::ensemble_predict(ensemble.models, x, probs);
    else
        dl::model_predict(model.model, x, probs);
    for (int c = 0; c < dl::kClasses; ++c) pad.probs[c] = probs(0, c);
    pad.prediction = dl::row_argmax(probs, 0);
}

}  // namespace app
