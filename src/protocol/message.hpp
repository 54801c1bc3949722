// Messages between the UI (src/app) and the training worker (src/worker). Both sides are C++; the JavaScript
// in between only moves the encoded bytes (postMessage with a transferred ArrayBuffer). A message is a type
// plus named numbers and named strings (a string may hold binary data, such as a model file).
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace dl {

struct Message {
    std::string type;
    std::map<std::string, double> numbers;
    std::map<std::string, std::string> strings;

    double number(const std::string& key, double fallback = 0) const;
    const std::string& string(const std::string& key) const;  // empty if absent
};

std::vector<uint8_t> message_encode(const Message& message);
// False for bytes that are not an encoded message.
bool message_decode(const uint8_t* data, size_t size, Message& message);

}  // namespace dl
