#include "pad_edit.hpp"

#include <algorithm>
#include <cmath>

namespace app {

void pad_stroke_extend(Pad& pad, dl::PadPoint p, float side) {
    if (!pad.drawing) {
        dl::PadStroke stroke;
        stroke.radius = float(pad.brush) / 100.f;
        pad.strokes.push_back(stroke);
        pad.drawing = true;
    }
    std::vector<dl::PadPoint>& points = pad.strokes.back().points;
    // Points closer than half a screen pixel add nothing but work.
    if (!points.empty() && std::hypot(points.back().x - p.x, points.back().y - p.y) * side < 0.5f) return;
    points.push_back(p);
    pad.dirty = true;
}

void pad_stroke_end(Pad& pad) { pad.drawing = false; }

bool pad_undo(Pad& pad) {
    if (pad.strokes.empty()) return false;
    pad.strokes.pop_back();
    pad.drawing = false;  // undo while drawing takes back the stroke being drawn; the rest of it starts a new one
    pad.dirty = true;
    return true;
}

void pad_clear(Pad& pad) {
    pad.strokes.clear();
    pad.drawing = false;
    pad.dirty = true;
}

void pad_brush_set(Pad& pad, int brush) { pad.brush = std::clamp(brush, kBrushMin, kBrushMax); }

double pad_ink(const Pad& pad) {
    double sum = 0;
    for (const uint8_t v : pad.image) sum += v;
    return sum / 255.0;
}

}  // namespace app
