// Partial redraw (src/app/platform/frame_change.hpp) against the renderer's arithmetic: inside a damaged rectangle,
// each command must draw the very pixels it draws in a whole frame, and the damage must cover every pixel a
// changed draw list touched or touches. Pixels are the renderer's scissor boxes (scissor_box), checked on
// random rectangles that start and end between pixels, at the devicePixelRatios of common screens.
#include <doctest/doctest.h>

#include <cmath>
#include <random>
#include <vector>

#include "frame_change.hpp"

namespace {

const float kScales[] = {1.f, 1.1f, 1.25f, 4.f / 3.f, 1.5f, 1.75f, 2.f, 2.5f, 3.f};
const ImVec2 kDisplay(1280, 800);  // CSS pixels

// A frame of one draw list at `scale`: a command per clip rectangle (each drawing a triangle inside it), or
// one command over the whole display drawing `triangle`.
struct Frame {
    ImDrawList list{nullptr};
    ImDrawList* lists[1] = {&list};
    ImDrawData draw;

    explicit Frame(float scale) {
        draw.Valid = true;
        draw.CmdLists = lists;
        draw.CmdListsCount = 1;
        draw.DisplayPos = ImVec2(0, 0);
        draw.DisplaySize = kDisplay;
        draw.FramebufferScale = ImVec2(scale, scale);
    }
    void command_add(const ImVec4& clip) {
        ImDrawCmd cmd;
        cmd.ClipRect = clip;
        cmd.IdxOffset = unsigned(list.IdxBuffer.Size);
        cmd.ElemCount = 3;
        list.CmdBuffer.push_back(cmd);
        for (int i = 0; i < 3; ++i) list.IdxBuffer.push_back(ImDrawIdx(list.IdxBuffer.Size));
    }
    void triangle_add(const std::vector<ImVec2>& points) {
        for (const ImVec2& p : points) list.VtxBuffer.push_back({p, ImVec2(0, 0), 0xffffffff});
    }
    int width() const { return int(kDisplay.x * draw.FramebufferScale.x); }
    int height() const { return int(kDisplay.y * draw.FramebufferScale.y); }
};

bool box_contains(const app::ScissorBox& outer, const app::ScissorBox& inner) {
    return outer.x <= inner.x && outer.y <= inner.y && inner.x + inner.width <= outer.x + outer.width &&
           inner.y + inner.height <= outer.y + outer.height;
}

// A rectangle inside the display with corners anywhere between pixels.
ImVec4 rect_random(std::mt19937& rng, float min_size, float max_size) {
    std::uniform_real_distribution<float> size(min_size, max_size), u(0.f, 1.f);
    const float w = size(rng), h = size(rng);
    const float x = u(rng) * (kDisplay.x - w), y = u(rng) * (kDisplay.y - h);
    return {x, y, x + w, y + h};
}

// The pixels a triangle with these corners can touch: its box grown to whole pixels, as a scissor box.
app::ScissorBox pixels_touched(const std::vector<ImVec2>& points, float scale, int fb_height) {
    float x0 = points[0].x, y0 = points[0].y, x1 = x0, y1 = y0;
    for (const ImVec2& p : points)
        x0 = std::min(x0, p.x), y0 = std::min(y0, p.y), x1 = std::max(x1, p.x), y1 = std::max(y1, p.y);
    const int px0 = int(std::floor(x0 * scale)), py0 = int(std::floor(y0 * scale));
    const int px1 = int(std::ceil(x1 * scale)), py1 = int(std::ceil(y1 * scale));
    return {px0, fb_height - py1, px1 - px0, py1 - py0};
}

}  // namespace

TEST_CASE("a command clipped to a damaged rectangle draws there the pixels it draws in the whole frame") {
    std::mt19937 rng(7);
    int checked = 0;
    for (float scale : kScales) {
        CAPTURE(scale);
        for (int trial = 0; trial < 200; ++trial) {
            Frame frame(scale);
            for (int c = 0; c < 8; ++c) frame.command_add(rect_random(rng, 1.f, 400.f));
            const ImVec4 damage = rect_random(rng, 1.f, 600.f);
            const app::ScissorBox area = app::scissor_box(damage, frame.draw);
            std::vector<app::ScissorBox> whole;
            for (const ImDrawCmd& cmd : frame.list.CmdBuffer) whole.push_back(app::scissor_box(cmd.ClipRect, frame.draw));
            bool any_inside = false;
            {
                app::DrawDataClip clip(frame.draw, damage);
                for (int c = 0; c < frame.list.CmdBuffer.Size; ++c) {
                    const app::ScissorBox expected = app::box_intersect(whole[size_t(c)], area);
                    const app::ScissorBox got = app::scissor_box(frame.list.CmdBuffer[c].ClipRect, frame.draw);
                    CAPTURE(trial);
                    CAPTURE(c);
                    REQUIRE(got.empty() == expected.empty());
                    if (expected.empty()) continue;
                    any_inside = true;
                    ++checked;
                    REQUIRE(got.x == expected.x);
                    REQUIRE(got.y == expected.y);
                    REQUIRE(got.width == expected.width);
                    REQUIRE(got.height == expected.height);
                }
                CHECK(clip.draw_data()->CmdListsCount == (any_inside ? 1 : 0));
            }
            for (int c = 0; c < frame.list.CmdBuffer.Size; ++c) {  // put back as they were
                const app::ScissorBox back = app::scissor_box(frame.list.CmdBuffer[c].ClipRect, frame.draw);
                CHECK(back.x == whole[size_t(c)].x);
                CHECK(back.width == whole[size_t(c)].width);
            }
        }
    }
    CHECK(checked > 1000);  // most trials overlap
}

TEST_CASE("the damage of a moved triangle covers every pixel it touched and touches") {
    std::mt19937 rng(11);
    std::uniform_real_distribution<float> u(0.f, 1.f);
    for (float scale : kScales) {
        CAPTURE(scale);
        for (int trial = 0; trial < 300; ++trial) {
            std::vector<std::vector<ImVec2>> triangles;
            for (int f = 0; f < 2; ++f) {
                const ImVec4 box = rect_random(rng, 0.5f, 200.f);
                triangles.push_back({{box.x, box.y}, {box.z, box.y + u(rng) * (box.w - box.y)}, {box.x, box.w}});
            }
            app::FrameShown shown;
            app::FrameDamage damage;
            for (const auto& triangle : triangles) {
                Frame frame(scale);
                frame.command_add({0, 0, kDisplay.x, kDisplay.y});
                frame.triangle_add(triangle);
                damage = app::frame_damage_find(shown, frame.draw, frame.width(), frame.height(), {});
                if (&triangle == &triangles[0]) REQUIRE(damage.full);  // the first frame is drawn whole
            }
            CAPTURE(trial);
            REQUIRE(!damage.full);
            Frame frame(scale);
            for (const auto& triangle : triangles) {
                const app::ScissorBox touched = pixels_touched(triangle, scale, frame.height());
                bool covered = false;
                for (const ImVec4& r : damage.rects) covered |= box_contains(app::scissor_box(r, frame.draw), touched);
                CHECK(covered);
            }
        }
    }
}
