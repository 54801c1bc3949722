// The envelope of every message between the UI (src/app) and the training worker (src/worker): a type plus
// named numbers and named strings (a string may hold binary data, such as a model file), and its bytes. Both
// sides are C++; the JavaScript in between only moves the bytes (postMessage with a transferred ArrayBuffer).
// The messages themselves are typed structs (messages.hpp); this file says how a struct's members sit in
// the envelope, and reads and writes a struct through the list of its fields.
#pragma once
#include <array>
#include <cstdint>
#include <cstring>
#include <limits>
#include <map>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

namespace dl {

struct Message {
    std::string type;
    std::map<std::string, double> numbers;
    std::map<std::string, std::string> strings;
};

std::vector<uint8_t> message_encode(const Message& message);
// False for bytes that are not an encoded message.
bool message_decode(const uint8_t* data, size_t size, Message& message);

// [SECTION] Fields: how each type of member sits in a Message
// Numbers (and bools) as numbers; strings, and arrays of numbers as their bytes (both ends are WebAssembly,
// little-endian), as strings. A get is false, and changes nothing, when the key is missing or its value cannot
// be one of the member's type: the sender was not the build it should be, and no guess is better than none.

template <class T>
using IfNumber = std::enable_if_t<std::is_arithmetic_v<T>, int>;

template <class T, IfNumber<T> = 0>
void message_field_put(Message& m, const char* key, T v) {
    m.numbers[key] = double(v);
}

template <class T, IfNumber<T> = 0>
bool message_field_get(const Message& m, const char* key, T& v) {
    const auto it = m.numbers.find(key);
    if (it == m.numbers.end()) return false;
    const double d = it->second;
    if constexpr (std::is_same_v<T, bool>) {
        v = d != 0;
    } else if constexpr (std::is_integral_v<T>) {
        // Out of range (or NaN), the cast would be undefined.
        if (!(d >= double(std::numeric_limits<T>::lowest()) && d <= double(std::numeric_limits<T>::max())))
            return false;
        v = T(d);
    } else {
        v = T(d);
    }
    return true;
}

void message_field_put(Message& m, const char* key, const std::string& v);
bool message_field_get(const Message& m, const char* key, std::string& v);

// The string under `key` if it is a whole number of `unit`-byte values, else null.
const std::string* message_field_bytes(const Message& m, const char* key, size_t unit);

template <class T, IfNumber<T> = 0>
void message_field_put(Message& m, const char* key, const std::vector<T>& v) {
    m.strings[key].assign((const char*)v.data(), v.size() * sizeof(T));
}

template <class T, IfNumber<T> = 0>
bool message_field_get(const Message& m, const char* key, std::vector<T>& v) {
    const std::string* s = message_field_bytes(m, key, sizeof(T));
    if (!s) return false;
    v.resize(s->size() / sizeof(T));
    if (!s->empty()) std::memcpy(v.data(), s->data(), s->size());
    return true;
}

template <class T, size_t N, IfNumber<T> = 0>
void message_field_put(Message& m, const char* key, const std::array<T, N>& v) {
    m.strings[key].assign((const char*)v.data(), sizeof v);
}

template <class T, size_t N, IfNumber<T> = 0>
bool message_field_get(const Message& m, const char* key, std::array<T, N>& v) {
    const std::string* s = message_field_bytes(m, key, sizeof v);
    if (!s || s->size() != sizeof v) return false;
    std::memcpy(v.data(), s->data(), sizeof v);
    return true;
}

// [SECTION] Structs
// A message struct has `static constexpr const char* kType` and `static void fields(Self& m, Field&& field)`,
// which calls field(key, member) for each member; Self is the struct, const when it is written. The one list
// both writes and reads it, so the two ends cannot disagree on a key.

template <class T>
Message message_write(const T& value) {
    Message m{T::kType, {}, {}};
    T::fields(value, [&](const char* key, const auto& v) { message_field_put(m, key, v); });
    return m;
}

// The message of the struct the variant holds.
template <class... T>
Message message_write(const std::variant<T...>& value) {
    return std::visit([](const auto& v) { return message_write(v); }, value);
}

// Reads `m` into `value`: false if `m` is another kind of message, or a field is missing or malformed
// (`value` is then partly read).
template <class T>
bool message_read(const Message& m, T& value) {
    bool ok = m.type == T::kType;
    T::fields(value, [&](const char* key, auto& v) { ok = ok && message_field_get(m, key, v); });
    return ok;
}

// Reads `m` into the variant's struct of m's kind: false if none is, or as message_read above.
template <class... T>
bool message_read(const Message& m, std::variant<T...>& value) {
    return ((m.type == T::kType && message_read(m, value.template emplace<T>())) || ...);
}

// [SECTION] Bytes: a struct (or a variant of them) to and from the bytes each side posts

template <class T>
std::vector<uint8_t> message_bytes_write(const T& value) {
    return message_encode(message_write(value));
}

// False for bytes that are not an encoded message of `value`'s kind (or of one of the variant's kinds).
template <class T>
bool message_bytes_read(const uint8_t* data, size_t size, T& value) {
    Message m;
    return message_decode(data, size, m) && message_read(m, value);
}

// A visitor of one lambda per struct, for std::visit on a variant of them: std::visit(Overloaded{...}, v).
template <class... F>
struct Overloaded : F... {
    using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

}  // namespace dl
