#include "fonts.hpp"

namespace app {

namespace {
ImFont* big_font = nullptr;

ImFont* font_add(float css_pixels, float pixel_ratio) {
    ImFontConfig config;
    config.SizePixels = css_pixels * pixel_ratio;
    return ImGui::GetIO().Fonts->AddFontDefault(&config);
}
}  // namespace

void fonts_load(float pixel_ratio) {
    font_add(13, pixel_ratio);  // the first font added is the default
    big_font = font_add(64, pixel_ratio);
    ImGui::GetIO().FontGlobalScale = 1 / pixel_ratio;
}

ImFont* font_big() { return big_font; }

}  // namespace app
