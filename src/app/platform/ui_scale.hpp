// The UI's size. ImGui works in CSS pixels (so do AppState::rects); on a large window (a 4K screen at
// devicePixelRatio 1) widgets and text grow by a scale from the window's size, so that they are not tiny.
// Fonts are rasterized at scale x devicePixelRatio, so text stays sharp on high-DPI screens.
#pragma once
#include "state/app_state.hpp"

namespace app {

// 1 up to 1600x900, then in steps of 1/4 (few font rebuilds while a window is resized), at most 3.
float ui_scale_for(float width, float height);
// Sets the scale, style and fonts for a window of `width` x `height` CSS pixels. Returns true if the fonts
// were made again: the renderer must then upload them again.
bool ui_scale_update(AppState& s, float width, float height, float pixel_ratio);

}  // namespace app
