// What a frame laid out by ImGui changes on the screen. The page lays out a frame for every input event, but
// most of them (the mouse moving over text, a click that changes nothing) produce the same draw lists as the
// frame on screen: such a frame is not sent to WebGL, and the browser keeps showing the last one. Most of the
// others change one window's draw list (a stroke on the pad, the progress bar): only the rectangles those
// lists covered and cover now are drawn again, over the frame kept on the canvas (preserveDrawingBuffer).
// Without a GPU every pixel costs CPU (rasterized by SwiftShader): a whole frame 35-60 ms, the pad a fraction
// of that; laying a frame out costs about 1 ms.
#pragma once
#include <imgui.h>

#include <cstdint>
#include <vector>

namespace app {

// A draw list of the frame on screen: which window's, a digest of what it draws, and where (a rectangle
// holding every pixel it touches).
struct ListShown {
    uint64_t owner = 0;
    uint64_t digest = 0;
    ImVec4 bounds;  // x0, y0, x1, y1 in ImGui's display coordinates, as ImDrawCmd::ClipRect
};

struct FrameShown {
    int width = 0, height = 0;  // the framebuffer's; 0: nothing shown
    std::vector<ListShown> lists;
};

// What to draw: nothing (no rects, not full), the whole frame, or these rectangles (display coordinates,
// each covering whole framebuffer pixels, not overlapping).
struct FrameDamage {
    bool full = false;
    std::vector<ImVec4> rects;
};

// Compares `draw` with the frame on screen, then remembers `draw` as shown. A window whose draw list changed,
// or that draws one of `textures_changed` (new pixels under the same draw list), damages where it was and
// where it is; a change in the framebuffer's size or the windows' order (one brought to the front, a popup
// opening), or damage covering most of the screen, redraws all of it.
FrameDamage frame_damage_find(FrameShown& shown, const ImDrawData& draw, int width, int height,
                              const std::vector<ImTextureID>& textures_changed);

// The pixels the OpenGL 3 renderer (imgui_impl_opengl3.cpp) lets a command with clip rectangle `clip` draw, by
// its own arithmetic: glScissor's box, y from the bottom. It truncates the corner and the size each on its own,
// so at a fractional scale the box's far edge can be a pixel short of the rectangle's.
struct ScissorBox {
    int x = 0, y = 0, width = 0, height = 0;
    bool empty() const { return width <= 0 || height <= 0; }
};
ScissorBox scissor_box(const ImVec4& clip, const ImDrawData& draw);
ScissorBox box_intersect(const ScissorBox& a, const ScissorBox& b);  // the pixels in both

// While it lives, `draw` draws only inside `rect`: each command's clip rectangle is intersected with it, and
// lists with nothing inside are left out (the renderer then skips their vertices too). The intersection is
// taken on the pixels (scissor_box), so each command draws inside scissor_box(rect) the very pixels it draws
// in the whole frame, at any devicePixelRatio. Use draw_data().
class DrawDataClip {
public:
    DrawDataClip(ImDrawData& draw, const ImVec4& rect);
    ~DrawDataClip();
    DrawDataClip(const DrawDataClip&) = delete;
    DrawDataClip& operator=(const DrawDataClip&) = delete;
    ImDrawData* draw_data() { return &clipped_; }

private:
    ImDrawData clipped_;
    ImDrawData* draw_;
    std::vector<ImDrawList*> lists_;
    std::vector<ImVec4> saved_;  // the clip rectangles of draw_'s commands, in order, put back by the destructor
};

}  // namespace app
