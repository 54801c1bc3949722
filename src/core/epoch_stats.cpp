#include "epoch_stats.hpp"

#include <type_traits>

namespace dl {

void epoch_stats_write(ByteWriter& w, const EpochStats& e) {
    epoch_stats_fields(e, [&](const char*, auto v) {
        using T = decltype(v);
        if constexpr (std::is_same_v<T, int>) w.u32(uint32_t(v));
        else if constexpr (std::is_same_v<T, float>) w.f32(v);
        else w.f64(v);
    });
}

EpochStats epoch_stats_read(ByteReader& r) {
    EpochStats e;
    epoch_stats_fields(e, [&](const char*, auto& v) {
        using T = std::remove_reference_t<decltype(v)>;
        if constexpr (std::is_same_v<T, int>) v = int(r.u32());
        else if constexpr (std::is_same_v<T, float>) v = r.f32();
        else v = r.f64();
    });
    return e;
}

}  // namespace dl
