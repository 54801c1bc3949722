#include "digit_strip.hpp"

#include <GLES3/gl3.h>
#include <imgui.h>

namespace app {

DigitStrip::~DigitStrip() {
    if (texture_) glDeleteTextures(1, &texture_);
}

void DigitStrip::strip_update(const uint8_t* images, int count, int version, int side) {
    if (version == version_) return;
    version_ = version;
    count_ = count;
    side_ = side;
    if (count == 0) return;
    if (!texture_) {
        glGenTextures(1, &texture_);
        glBindTexture(GL_TEXTURE_2D, texture_);
        // Nearest: each image pixel stays a crisp square, as in the data.
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    }
    // RGBA because WebGL2 cannot swizzle a one-channel texture into grey for ImGui's shader.
    const int width = count * side;
    std::vector<uint8_t> rgba(size_t(width) * side * 4);
    for (int i = 0; i < count; ++i)
        for (int y = 0; y < side; ++y)
            for (int x = 0; x < side; ++x) {
                const uint8_t v = images[size_t(i) * side * side + y * side + x];
                uint8_t* p = &rgba[(size_t(y) * width + i * side + x) * 4];
                p[0] = p[1] = p[2] = v;
                p[3] = 255;
            }
    glBindTexture(GL_TEXTURE_2D, texture_);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, width, side, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
    uploaded_.push_back((ImTextureID)(intptr_t)texture_);
}

std::vector<ImTextureID> DigitStrip::uploaded_take() {
    std::vector<ImTextureID> taken;
    taken.swap(uploaded_);
    return taken;
}

void DigitStrip::strip_image(int i, float side) const {
    const float u0 = float(i) / float(count_), u1 = float(i + 1) / float(count_);
    ImGui::Image((ImTextureID)(intptr_t)texture_, ImVec2(side, side), ImVec2(u0, 0), ImVec2(u1, 1));
}

}  // namespace app
