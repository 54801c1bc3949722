#include "fonts.hpp"

namespace app {

namespace {
ImFont* big_font = nullptr;

ImFont* font_add(float css_pixels, float pixel_ratio, const ImWchar* glyphs = nullptr) {
    ImFontConfig config;
    config.SizePixels = css_pixels * pixel_ratio;
    config.GlyphRanges = glyphs;
    return ImGui::GetIO().Fonts->AddFontDefault(&config);
}
}  // namespace

void fonts_load(float ui_scale, float pixel_ratio) {
    // The big font shows one digit or "-": only those glyphs, or a 4K screen's atlas would take 64 MB.
    static const ImWchar kDigits[] = {'-', '-', '0', '9', 0};
    ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    atlas.Clear();
    font_add(13 * ui_scale, pixel_ratio);  // the first font added is the default
    big_font = font_add(64 * ui_scale, pixel_ratio, kDigits);
    ImGui::GetIO().FontGlobalScale = 1 / pixel_ratio;
}

ImFont* font_big() { return big_font; }

}  // namespace app
