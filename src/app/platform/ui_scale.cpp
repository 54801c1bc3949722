#include "ui_scale.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "fonts.hpp"

namespace app {

float ui_scale_for(float width, float height) {
    const float fit = std::min(width / 1600.f, height / 900.f);
    return std::clamp(std::floor(fit * 4) / 4, 1.f, 3.f);
}

bool ui_scale_update(AppState& s, float width, float height, float pixel_ratio) {
    static ImGuiStyle base_style = ImGui::GetStyle();  // as set up before the first call
    static float loaded_scale = 0, loaded_ratio = 0;
    const float scale = ui_scale_for(width, height);
    if (scale == loaded_scale && pixel_ratio == loaded_ratio) return false;
    fonts_load(scale, pixel_ratio);
    ImGuiStyle& style = ImGui::GetStyle();
    style = base_style;
    style.ScaleAllSizes(scale);
    s.ui_scale = loaded_scale = scale;
    loaded_ratio = pixel_ratio;
    return true;
}

}  // namespace app
