// On-the-fly data augmentation of training images (28x28, values in [0, 1]): a random affine transform
// (rotation, zoom, shift) and optionally an elastic distortion (Simard et al. 2003), each image drawn anew
// every time it is used, so the model never sees exactly the same digit twice.
#pragma once
#include "rng.hpp"

namespace dl {

struct AugmentConfig {
    float rotation = 0;   // maximum rotation, degrees (Keras' rotation_range)
    float zoom = 0;       // maximum relative zoom in or out (zoom_range)
    float shift = 0;      // maximum shift as a fraction of the image side (width/height_shift_range)
    float elastic = 0;    // elastic distortion strength alpha in pixels; 0 = off
    float elastic_sigma = 4.0f;  // smoothness of the distortion field, pixels

    bool enabled() const { return rotation > 0 || zoom > 0 || shift > 0 || elastic > 0; }
};

// The usual strengths for MNIST, those of the best Kaggle notebooks (Keras' ImageDataGenerator with
// rotation_range 10, zoom_range 0.1, width/height_shift_range 0.1).
constexpr AugmentConfig kAugmentUsual{10.f, 0.1f, 0.1f, 0.f};

// Writes a randomly transformed copy of the 28x28 image `src` to `dst` (which must not alias it).
void augment_image(const float* src, float* dst, const AugmentConfig& config, Rng& rng);

// Writes `src` rotated by `degrees` and zoomed by `scale` about its centre, then shifted by (dx, dy) pixels,
// to `dst` (which must not alias it): the fixed transforms of test-time augmentation.
void image_transform(const float* src, float* dst, float degrees, float scale, float dx, float dy);

}  // namespace dl
