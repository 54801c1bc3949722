// Digit images in rows with captions, and the small views of a prediction that go with them: shared by the
// validation views (confusion cell, mistakes) and the data explorer.
#pragma once
#include <functional>

#include "digit_strip.hpp"

namespace app {

// Images 0..count-1 of `strip`, `per_row` to a row (fewer if the width allows no more than `min_side` pixels
// each), each at most `max_side` pixels wide, with `caption(i, side)` drawn under image i (text items,
// centred with text_centered). Returns the image under the mouse, or -1.
int digit_grid(const DigitStrip& strip, int count, int per_row, float min_side, float max_side,
               const std::function<void(int i, float side)>& caption);

// One line of text centred in `width` from the cursor.
void text_centered(const char* text, float width, bool dim = false);

// Ten small bars of class probabilities: the predicted class green if right, red if wrong, the true class
// (when wrong) orange. `truth` < 0: unknown.
void probs_bars(const float* probs, int truth, int predicted, float width, float height);

// A tooltip (call when the item is hovered) with an image's file line, labels and all ten probabilities.
void prediction_tooltip(int line, int truth, const float* probs);

}  // namespace app
