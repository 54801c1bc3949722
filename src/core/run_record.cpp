#include "run_record.hpp"

#include <algorithm>

#include "bytes.hpp"

namespace dl {

namespace {

constexpr uint32_t kMagic = 0x4E55524Cu;  // the bytes "LRUN" (little-endian)
// The record's version is its configuration's (kTrainConfigVersion); records from version 1 on are read.
constexpr uint32_t kFirstVersion = 1;

}  // namespace

std::vector<uint8_t> run_record_write(const RunRecord& record) {
    ByteWriter w;
    w.u32(kMagic);
    w.u32(kTrainConfigVersion);
    w.str(record.name);
    w.f64(record.created_ms);
    train_config_write(w, record.config);
    w.u32(uint32_t(record.history.size()));
    for (const EpochStats& e : record.history) epoch_stats_write(w, e);
    w.u32(uint32_t(record.weights_epoch));
    w.u8(record.finished);
    w.u64(uint64_t(record.params));
    return std::move(w.bytes());
}

bool run_record_read(const uint8_t* data, size_t size, RunRecord& record) {
    ByteReader r(data, size);
    if (r.u32() != kMagic) return false;
    const uint32_t version = r.u32();
    if (version < kFirstVersion || version > kTrainConfigVersion) return false;
    record.name = r.str();
    record.created_ms = r.f64();
    if (!train_config_read(r, record.config, version)) return false;
    const uint32_t epochs = r.u32();
    // A count beyond what is left is a corrupt record, not an allocation to try.
    if (!r.ok() || epochs > size / kEpochStatsBytes) return false;
    record.history.assign(epochs, EpochStats{});
    for (EpochStats& e : record.history) e = epoch_stats_read(r);
    record.weights_epoch = int(r.u32());
    record.finished = r.u8() != 0;
    record.params = long(r.u64());
    return r.ok() && r.remaining() == 0;
}

float run_record_best_accuracy(const RunRecord& record) {
    float best = 0;
    for (const EpochStats& e : record.history) best = std::max(best, e.validation.accuracy);
    return best;
}

}  // namespace dl
