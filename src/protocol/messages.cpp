#include "messages.hpp"

#include "core/bytes.hpp"

namespace dl {

namespace {

void bytes_put(Message& m, const char* key, ByteWriter& w) {
    m.strings[key].assign(w.bytes().begin(), w.bytes().end());
}

}  // namespace

void message_field_put(Message& m, const char* key, const TrainConfig& v) {
    ByteWriter w;
    train_config_write(w, v);
    bytes_put(m, key, w);
}

bool message_field_get(const Message& m, const char* key, TrainConfig& v) {
    const std::string* s = message_field_bytes(m, key, 1);
    if (!s) return false;
    ByteReader r((const uint8_t*)s->data(), s->size());
    return train_config_read(r, v) && r.remaining() == 0;
}

void message_field_put(Message& m, const char* key, const std::vector<std::string>& v) {
    ByteWriter w;
    w.u32(uint32_t(v.size()));
    for (const std::string& s : v) w.str(s);
    bytes_put(m, key, w);
}

bool message_field_get(const Message& m, const char* key, std::vector<std::string>& v) {
    const std::string* s = message_field_bytes(m, key, 1);
    if (!s) return false;
    ByteReader r((const uint8_t*)s->data(), s->size());
    const uint32_t count = r.u32();
    if (count > r.remaining() / 4) return false;  // each takes 4 bytes at least: a corrupt count, not an allocation
    v.assign(count, std::string());
    for (std::string& item : v) item = r.str();
    return r.ok() && r.remaining() == 0;
}

}  // namespace dl
