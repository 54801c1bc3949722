// Editing the drawing pad's strokes: extending the stroke being drawn, undo, clear, the brush size. Shared by
// the Draw panel's buttons and the keyboard shortcuts.
#pragma once
#include "app_state.hpp"

namespace app {

constexpr int kBrushMin = 1, kBrushMax = 10;  // Pad::brush, in hundredths of the pad's side

// Adds `p` to the stroke being drawn, starting one (with the current brush) if none is.
void pad_stroke_extend(Pad& pad, dl::PadPoint p, float side);
// The stroke being drawn is complete.
void pad_stroke_end(Pad& pad);
// Removes the last stroke (false if there is none).
bool pad_undo(Pad& pad);
void pad_clear(Pad& pad);
void pad_brush_set(Pad& pad, int brush);
// The sum of the model input's ink (255 = one full pixel), in pixels.
double pad_ink(const Pad& pad);

}  // namespace app
