#include "frame_change.hpp"

#include <imgui.h>

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

}  // namespace

uint64_t frame_digest(const ImDrawData& draw, int width, int height, int textures_version) {
    Digest d;
    d.add(uint64_t(width) << 32 | uint32_t(height));
    d.add(uint32_t(textures_version));
    for (int l = 0; l < draw.CmdListsCount; ++l) {
        const ImDrawList& list = *draw.CmdLists[l];
        d.add_bytes(list.VtxBuffer.Data, size_t(list.VtxBuffer.Size) * sizeof(ImDrawVert));
        d.add_bytes(list.IdxBuffer.Data, size_t(list.IdxBuffer.Size) * sizeof(ImDrawIdx));
        for (const ImDrawCmd& cmd : list.CmdBuffer) {  // field by field: the struct has padding
            for (float f : {cmd.ClipRect.x, cmd.ClipRect.y, cmd.ClipRect.z, cmd.ClipRect.w}) d.add_float(f);
            d.add(uint64_t(uintptr_t(cmd.TextureId)));
            d.add(uint64_t(cmd.VtxOffset) << 32 | cmd.IdxOffset);
            d.add(cmd.ElemCount);
        }
    }
    return d.h;
}

}  // namespace app
