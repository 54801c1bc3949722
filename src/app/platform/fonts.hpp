// Fonts: ImGui's built-in one at the UI size, and a large one for the predicted digit. On high-DPI screens
// the glyphs are rasterized at device resolution and scaled back, so that text stays sharp while ImGui's
// coordinates remain CSS pixels.
#pragma once
#include <imgui.h>

namespace app {

// (Re)makes the fonts for a UI scale (ui_scale.hpp) and devicePixelRatio, replacing any made before.
void fonts_load(float ui_scale, float pixel_ratio);
ImFont* font_big();

}  // namespace app
