// Messages between the UI (src/app) and the training worker (src/worker). Both sides are C++; the JavaScript
// in between only moves the encoded bytes (postMessage with a transferred ArrayBuffer). A message is a type
// plus named numbers and named strings (a string may hold binary data, such as a model file).
#pragma once
#include <cstdint>
#include <cstring>
#include <map>
#include <string>
#include <vector>

namespace dl {

// Limits both ends keep to: the worker answers with at most this many images, the app asks for no more.
constexpr int kBrowseMax = 100;         // images per browse answer
constexpr int kAugmentPreviewMax = 16;  // images per augment_preview answer

struct Message {
    std::string type;
    std::map<std::string, double> numbers;
    std::map<std::string, std::string> strings;

    double number(const std::string& key, double fallback = 0) const;
    const std::string& string(const std::string& key) const;  // empty if absent
};

// Arrays of numbers as a string's bytes (both ends are WebAssembly, little-endian): `values` under `key`, and
// back; a string whose size is not a whole number of values gives an empty array.
template <class T>
void message_array_set(Message& m, const std::string& key, const std::vector<T>& values) {
    m.strings[key].assign((const char*)values.data(), values.size() * sizeof(T));
}
template <class T>
std::vector<T> message_array(const Message& m, const std::string& key) {
    const std::string& s = m.string(key);
    if (s.size() % sizeof(T)) return {};
    std::vector<T> values(s.size() / sizeof(T));
    if (!s.empty()) std::memcpy(values.data(), s.data(), s.size());
    return values;
}

std::vector<uint8_t> message_encode(const Message& message);
// False for bytes that are not an encoded message.
bool message_decode(const uint8_t* data, size_t size, Message& message);

}  // namespace dl
