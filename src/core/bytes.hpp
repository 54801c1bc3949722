// Little-endian binary writing and bounds-checked reading, for model files and worker messages.
#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace dl {

class ByteWriter {
public:
    void u8(uint8_t v) { out_.push_back(v); }
    void u32(uint32_t v) { for (int i = 0; i < 4; ++i) out_.push_back(uint8_t(v >> (8 * i))); }
    void f32(float v) { uint32_t u; std::memcpy(&u, &v, 4); u32(u); }
    void u64(uint64_t v) { u32(uint32_t(v)); u32(uint32_t(v >> 32)); }
    void f64(double v) { uint64_t u; std::memcpy(&u, &v, 8); u64(u); }
    // Not vector::insert of a range: inlined there, GCC 12 warned of an overflow that cannot happen
    // (-Wstringop-overflow, a known false positive).
    void raw(const void* p, size_t n) {
        const size_t at = out_.size();
        out_.resize(at + n);
        if (n) std::memcpy(out_.data() + at, p, n);
    }
    void str(std::string_view s) { u32(uint32_t(s.size())); raw(s.data(), s.size()); }
    std::vector<uint8_t>& bytes() { return out_; }

private:
    std::vector<uint8_t> out_;
};

// Reads what ByteWriter wrote. Reading past the end does not throw (the core builds without exceptions):
// it yields zeros and sets ok() to false, which the caller checks once at the end.
class ByteReader {
public:
    ByteReader(const uint8_t* p, size_t n) : p_(p), n_(n) {}
    uint8_t u8() { return need(1) ? p_[pos_++] : 0; }
    uint32_t u32() {
        if (!need(4)) return 0;
        uint32_t v = 0;
        for (int i = 0; i < 4; ++i) v |= uint32_t(p_[pos_++]) << (8 * i);
        return v;
    }
    float f32() { uint32_t u = u32(); float v; std::memcpy(&v, &u, 4); return v; }
    uint64_t u64() { const uint64_t lo = u32(), hi = u32(); return lo | (hi << 32); }
    double f64() { const uint64_t u = u64(); double v; std::memcpy(&v, &u, 8); return v; }
    bool raw(void* dst, size_t n) {
        if (!need(n)) return false;
        if (n) std::memcpy(dst, p_ + pos_, n);  // an empty tensor's data() is null: memcpy(null, ..., 0) is UB
        pos_ += n;
        return true;
    }
    std::string str() {
        const uint32_t n = u32();
        if (!need(n)) return {};
        std::string s((const char*)p_ + pos_, n);
        pos_ += n;
        return s;
    }
    bool ok() const { return ok_; }
    size_t remaining() const { return n_ - pos_; }
    size_t position() const { return pos_; }

private:
    bool need(size_t n) {
        if (ok_ && n <= n_ - pos_) return true;
        ok_ = false;
        return false;
    }
    const uint8_t* p_;
    size_t n_;
    size_t pos_ = 0;
    bool ok_ = true;
};

uint32_t crc32(const uint8_t* data, size_t n);

}  // namespace dl
