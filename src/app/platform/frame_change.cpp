#include "frame_change.hpp"

#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <initializer_list>

namespace app {

namespace {

// FNV-1a over 8-byte words: fast enough for the ~1 MB of a frame's vertices (a fraction of a millisecond),
// and a collision would only leave one frame stale until the next change.
struct Digest {
    uint64_t h = 14695981039346656037ull;

    void add(uint64_t v) { h = (h ^ v) * 1099511628211ull; }
    void add_bytes(const void* data, size_t size) {
        const auto* p = static_cast<const unsigned char*>(data);
        uint64_t word;
        for (; size >= 8; p += 8, size -= 8) {
            std::memcpy(&word, p, 8);
            add(word);
        }
        word = 0;
        std::memcpy(&word, p, size);
        add(word ^ size);
    }
    void add_float(float f) {
        uint32_t bits;
        std::memcpy(&bits, &f, 4);
        add(bits);
    }
};

// Rectangles as ImDrawCmd::ClipRect: x0, y0, x1, y1; empty when x1 <= x0 or y1 <= y0.
bool rect_empty(const ImVec4& r) { return r.z <= r.x || r.w <= r.y; }

// The union of two rectangles; an empty one adds nothing.
ImVec4 rect_union(const ImVec4& a, const ImVec4& b) {
    if (rect_empty(a)) return b;
    if (rect_empty(b)) return a;
    return {std::min(a.x, b.x), std::min(a.y, b.y), std::max(a.z, b.z), std::max(a.w, b.w)};
}

ImVec4 rect_intersect(const ImVec4& a, const ImVec4& b) {
    return {std::max(a.x, b.x), std::max(a.y, b.y), std::min(a.z, b.z), std::min(a.w, b.w)};
}

float rect_area(const ImVec4& r) { return rect_empty(r) ? 0.f : (r.z - r.x) * (r.w - r.y); }

uint64_t string_digest(const char* s) {
    Digest d;
    if (s) d.add_bytes(s, std::strlen(s));
    return d.h;
}

ListShown list_shown(const ImDrawList& list, const ImVec4& display) {
    Digest d;
    d.add_bytes(list.VtxBuffer.Data, size_t(list.VtxBuffer.Size) * sizeof(ImDrawVert));
    d.add_bytes(list.IdxBuffer.Data, size_t(list.IdxBuffer.Size) * sizeof(ImDrawIdx));
    ImVec4 clips(0, 0, 0, 0);
    for (const ImDrawCmd& cmd : list.CmdBuffer) {  // field by field: the struct has padding
        for (float f : {cmd.ClipRect.x, cmd.ClipRect.y, cmd.ClipRect.z, cmd.ClipRect.w}) d.add_float(f);
        d.add(uint64_t(uintptr_t(cmd.TextureId)));
        d.add(uint64_t(cmd.VtxOffset) << 32 | cmd.IdxOffset);
        d.add(cmd.ElemCount);
        d.add(uint64_t(uintptr_t(cmd.UserCallback)));
        if (cmd.ElemCount > 0) clips = rect_union(clips, rect_intersect(cmd.ClipRect, display));
    }
    // The clip rectangles alone are too loose: a window's frame and background are clipped to the whole
    // screen. Every pixel a triangle covers lies inside its vertices' box.
    ImVec4 vertices(FLT_MAX, FLT_MAX, -FLT_MAX, -FLT_MAX);
    for (const ImDrawVert& v : list.VtxBuffer)
        vertices = {std::min(vertices.x, v.pos.x), std::min(vertices.y, v.pos.y), std::max(vertices.z, v.pos.x),
                    std::max(vertices.w, v.pos.y)};
    return {string_digest(list._OwnerName), d.h, rect_intersect(clips, vertices)};
}

int framebuffer_height(const ImDrawData& draw) { return int(draw.DisplaySize.y * draw.FramebufferScale.y); }

// A clip rectangle that scissor_box maps to `box` exactly: its edges lie a quarter pixel past the box's, so that
// neither float rounding nor the renderer's truncations move them to another pixel.
ImVec4 clip_of_box(const ScissorBox& box, const ImDrawData& draw) {
    const ImVec2 o = draw.DisplayPos, s = draw.FramebufferScale;
    const float x0 = float(box.x) + 0.25f, x1 = x0 + float(box.width) + 0.25f;
    const float y1 = float(framebuffer_height(draw) - box.y) - 0.25f, y0 = y1 - float(box.height) - 0.25f;
    return {o.x + x0 / s.x, o.y + y0 / s.y, o.x + x1 / s.x, o.y + y1 / s.y};
}

// `r` grown to whole framebuffer pixels (and kept on the framebuffer), so that every pixel it touches is
// cleared and drawn again.
ImVec4 rect_snap(const ImVec4& r, const ImDrawData& draw, int width, int height) {
    const ImVec2 o = draw.DisplayPos, s = draw.FramebufferScale;
    const int x0 = std::max(0, int(std::floor((r.x - o.x) * s.x))), y0 = std::max(0, int(std::floor((r.y - o.y) * s.y)));
    const int x1 = std::min(width, int(std::ceil((r.z - o.x) * s.x)));
    const int y1 = std::min(height, int(std::ceil((r.w - o.y) * s.y)));
    if (x1 <= x0 || y1 <= y0) return {};
    return clip_of_box({x0, framebuffer_height(draw) - y1, x1 - x0, y1 - y0}, draw);
}

// Adds `r` to `rects`, merging every rectangle it overlaps into it (again, until none overlap).
void rect_add(std::vector<ImVec4>& rects, ImVec4 r) {
    if (rect_empty(r)) return;
    for (size_t i = 0; i < rects.size();) {
        if (rect_empty(rect_intersect(rects[i], r))) {
            ++i;
            continue;
        }
        r = rect_union(r, rects[i]);
        rects.erase(rects.begin() + long(i));
        i = 0;
    }
    rects.push_back(r);
}

bool list_draws_any(const ImDrawList& list, const std::vector<ImTextureID>& textures) {
    for (const ImDrawCmd& cmd : list.CmdBuffer)
        if (cmd.ElemCount > 0 && std::find(textures.begin(), textures.end(), cmd.TextureId) != textures.end())
            return true;
    return false;
}

}  // namespace

ScissorBox scissor_box(const ImVec4& clip, const ImDrawData& draw) {
    const ImVec2 o = draw.DisplayPos, s = draw.FramebufferScale;
    const ImVec2 min((clip.x - o.x) * s.x, (clip.y - o.y) * s.y), max((clip.z - o.x) * s.x, (clip.w - o.y) * s.y);
    if (max.x <= min.x || max.y <= min.y) return {};  // the renderer skips the command
    return {int(min.x), int(float(framebuffer_height(draw)) - max.y), int(max.x - min.x), int(max.y - min.y)};
}

ScissorBox box_intersect(const ScissorBox& a, const ScissorBox& b) {
    const int x = std::max(a.x, b.x), y = std::max(a.y, b.y);
    return {x, y, std::min(a.x + a.width, b.x + b.width) - x, std::min(a.y + a.height, b.y + b.height) - y};
}

FrameDamage frame_damage_find(FrameShown& shown, const ImDrawData& draw, int width, int height,
                              const std::vector<ImTextureID>& textures_changed) {
    const ImVec4 display(draw.DisplayPos.x, draw.DisplayPos.y, draw.DisplayPos.x + draw.DisplaySize.x,
                         draw.DisplayPos.y + draw.DisplaySize.y);
    std::vector<ListShown> lists;
    lists.reserve(size_t(draw.CmdListsCount));
    for (int l = 0; l < draw.CmdListsCount; ++l) lists.push_back(list_shown(*draw.CmdLists[l], display));

    FrameDamage damage;
    damage.full = width != shown.width || height != shown.height || lists.size() != shown.lists.size();
    for (size_t l = 0; !damage.full && l < lists.size(); ++l) {
        const ListShown &now = lists[l], &was = shown.lists[l];
        if (now.owner != was.owner) damage.full = true;  // windows reordered, opened or closed
        if (now.digest == was.digest && !list_draws_any(*draw.CmdLists[l], textures_changed)) continue;
        rect_add(damage.rects, rect_snap(was.bounds, draw, width, height));
        rect_add(damage.rects, rect_snap(now.bounds, draw, width, height));
    }
    // Past half the screen, one pass over everything costs less than a few passes over most of it.
    float area = 0;
    for (const ImVec4& r : damage.rects) area += rect_area(r);
    if (area > 0.5f * rect_area(display)) damage.full = true;
    if (damage.full) damage.rects.clear();
    shown.width = width;
    shown.height = height;
    shown.lists = std::move(lists);
    return damage;
}

DrawDataClip::DrawDataClip(ImDrawData& draw, const ImVec4& rect) : clipped_(draw), draw_(&draw) {
    const ScissorBox area = scissor_box(rect, draw);
    for (int l = 0; l < draw.CmdListsCount; ++l) {
        ImDrawList* list = draw.CmdLists[l];
        bool inside = false;
        for (ImDrawCmd& cmd : list->CmdBuffer) {
            saved_.push_back(cmd.ClipRect);
            const ScissorBox box = box_intersect(scissor_box(cmd.ClipRect, draw), area);
            cmd.ClipRect = box.empty() ? ImVec4(0, 0, 0, 0) : clip_of_box(box, draw);  // empty: the renderer skips it
            inside |= !box.empty() && cmd.ElemCount > 0;
        }
        if (inside) lists_.push_back(list);
    }
    clipped_.CmdLists = lists_.data();
    clipped_.CmdListsCount = int(lists_.size());
}

DrawDataClip::~DrawDataClip() {
    size_t i = 0;
    for (int l = 0; l < draw_->CmdListsCount; ++l)
        for (ImDrawCmd& cmd : draw_->CmdLists[l]->CmdBuffer) cmd.ClipRect = saved_[i++];
}

}  // namespace app
