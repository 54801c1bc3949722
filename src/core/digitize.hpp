// Turning a drawing into the 28x28 image a model expects, the way MNIST digits were made: the ink's bounding
// box is scaled to fit a 20x20 box keeping its aspect ratio (anti-aliased by area averaging), then placed
// in the 28x28 frame so that its centre of mass is at the centre (14, 14 with pixel i covering [i, i+1)).
// Unlike MNIST, a lopsided digit is shifted back just enough for its box to stay inside the frame rather
// than being cut.
#pragma once
#include <cstdint>
#include <vector>

namespace dl {

struct PadPoint {
    float x, y;  // 0..1 across the drawing pad
};

struct PadStroke {
    std::vector<PadPoint> points;
    float radius = 0.04f;  // brush radius as a fraction of the pad's side
};

// Draws the strokes with a round anti-aliased brush on a size x size canvas; ink in [0, 1].
std::vector<float> strokes_rasterize(const std::vector<PadStroke>& strokes, int size);

// MNIST preprocessing of an ink image (values in [0, 1], row-major). Writes 784 pixels 0-255 (255 = ink)
// and returns false if there is no ink.
bool ink_digitize(const float* ink, int width, int height, uint8_t out[784]);

}  // namespace dl
