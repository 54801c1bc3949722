#include "message.hpp"

#include "../core/bytes.hpp"

namespace dl {

namespace {
constexpr uint32_t kMessageMagic = 0x4D4C4744;  // "DGLM"
}

std::vector<uint8_t> message_encode(const Message& message) {
    ByteWriter w;
    w.u32(kMessageMagic);
    w.str(message.type);
    w.u32(uint32_t(message.numbers.size()));
    for (const auto& [key, value] : message.numbers) {
        w.str(key);
        w.f64(value);
    }
    w.u32(uint32_t(message.strings.size()));
    for (const auto& [key, value] : message.strings) {
        w.str(key);
        w.str(value);
    }
    return std::move(w.bytes());
}

bool message_decode(const uint8_t* data, size_t size, Message& message) {
    ByteReader r(data, size);
    if (r.u32() != kMessageMagic) return false;
    Message m;
    m.type = r.str();
    for (uint32_t i = 0, n = r.u32(); i < n && r.ok(); ++i) {
        std::string key = r.str();
        m.numbers[key] = r.f64();
    }
    for (uint32_t i = 0, n = r.u32(); i < n && r.ok(); ++i) {
        std::string key = r.str();
        m.strings[key] = r.str();
    }
    if (!r.ok() || r.remaining() != 0) return false;
    message = std::move(m);
    return true;
}

void message_field_put(Message& m, const char* key, const std::string& v) { m.strings[key] = v; }

bool message_field_get(const Message& m, const char* key, std::string& v) {
    const std::string* s = message_field_bytes(m, key, 1);
    if (s) v = *s;
    return s != nullptr;
}

const std::string* message_field_bytes(const Message& m, const char* key, size_t unit) {
    const auto it = m.strings.find(key);
    return it == m.strings.end() || it->second.size() % unit ? nullptr : &it->second;
}

}  // namespace dl
