// 28x28 digit images (one byte per pixel, 255 = ink) as a GL texture, drawn with ImGui::Image. Images are
// shown as the model sees them: white ink on black. Other square grey images (a model's filters and
// activation maps) work the same way with their own side.
#pragma once
#include <imgui.h>

#include <cstdint>
#include <vector>

namespace app {

// Several images side by side in one texture, uploaded again only when their version changes.
class DigitStrip {
public:
    DigitStrip() = default;
    DigitStrip(const DigitStrip&) = delete;
    DigitStrip& operator=(const DigitStrip&) = delete;
    ~DigitStrip();

    // `images` holds `count` images of side x side bytes (784 for digits).
    void strip_update(const uint8_t* images, int count, int version, int side = 28);
    // Draws image i as a square ImGui item of `side` pixels.
    void strip_image(int i, float side) const;
    int count() const { return count_; }
    // The textures uploaded since the last call, by all strips: a frame whose draw lists are unchanged may
    // still show new pixels where it draws them.
    static std::vector<ImTextureID> uploaded_take();

private:
    unsigned texture_ = 0;
    int count_ = 0;
    int version_ = -1;
    int side_ = 28;
    static inline std::vector<ImTextureID> uploaded_;
};

}  // namespace app
