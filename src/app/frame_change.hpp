// Whether a frame laid out by ImGui would put anything new on the screen. The page lays out a frame for
// every input event, but most of them (the mouse moving over text, a click that changes nothing) produce
// the same draw lists as the frame on screen. Such a frame is not sent to WebGL: the browser keeps showing
// the last one. Without a GPU each frame sent costs 35-60 ms of CPU (rasterized by SwiftShader and read
// back by the compositor); laying one out costs about 1 ms.
#pragma once
#include <cstdint>

struct ImDrawData;

namespace app {

// A digest of what a frame draws: the draw lists (vertices, indices, commands and their textures), the
// framebuffer's size and `textures_version` (a texture's pixels can change under the same draw lists).
uint64_t frame_digest(const ImDrawData& draw, int width, int height, int textures_version);

}  // namespace app
