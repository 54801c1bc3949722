// Worker messages: encode/decode round trips (binary strings with NULs) and rejection of bad bytes.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "protocol/message.hpp"

namespace {

dl::Message sample() {
    dl::Message m;
    m.type = "train_progress";
    m.numbers["epoch"] = 3;
    m.numbers["loss"] = 0.123456789012345;
    m.numbers["negative"] = -1e300;
    m.numbers["tiny"] = 4.9e-324;  // smallest denormal
    m.numbers["inf"] = std::numeric_limits<double>::infinity();
    m.numbers[""] = 42;  // an empty key is still a key
    std::string model("DLABMODL\0\0\0\x01\xff\xfe", 14);
    for (int i = 0; i < 1000; ++i) model += char(i * 37);
    m.strings["model"] = model;
    m.strings["error"] = "line 3: bad value";
    m.strings["empty"] = "";
    m.strings[std::string("key\0with nul", 12)] = std::string("\0", 1);
    return m;
}

}  // namespace

TEST_CASE("message: round trip keeps every number bit for bit and binary strings with NULs") {
    const dl::Message m = sample();
    const auto bytes = dl::message_encode(m);
    dl::Message out;
    REQUIRE(dl::message_decode(bytes.data(), bytes.size(), out));
    CHECK(out.type == m.type);
    REQUIRE(out.numbers.size() == m.numbers.size());
    for (const auto& kv : m.numbers) {
        REQUIRE(out.numbers.count(kv.first) == 1);
        CHECK(std::memcmp(&out.numbers.at(kv.first), &kv.second, sizeof(double)) == 0);
    }
    CHECK(out.strings == m.strings);
    CHECK(out.strings.at("model").size() == 1014);
    CHECK(out.strings.at("model")[8] == '\0');
    CHECK(out.strings.at(std::string("key\0with nul", 12)) == std::string("\0", 1));
    CHECK(dl::message_encode(out) == bytes);
}

TEST_CASE("message: NaN and negative zero survive") {
    dl::Message m;
    m.type = "x";
    m.numbers["nan"] = std::nan("");
    m.numbers["negzero"] = -0.0;
    const auto bytes = dl::message_encode(m);
    dl::Message out;
    REQUIRE(dl::message_decode(bytes.data(), bytes.size(), out));
    CHECK(std::isnan(out.numbers.at("nan")));
    CHECK(out.numbers.at("negzero") == 0.0);
    CHECK(std::signbit(out.numbers.at("negzero")));
}

TEST_CASE("message: an empty message round-trips") {
    dl::Message m, out;
    out.type = "stale";
    const auto bytes = dl::message_encode(m);
    REQUIRE(dl::message_decode(bytes.data(), bytes.size(), out));
    CHECK(out.type.empty());
    CHECK(out.numbers.empty());
    CHECK(out.strings.empty());
}

TEST_CASE("message: every truncation, trailing bytes and foreign bytes are rejected, the target unchanged") {
    const auto bytes = dl::message_encode(sample());
    dl::Message keep;
    keep.type = "keep";
    keep.numbers["n"] = 1;
    for (size_t n = 0; n < bytes.size(); ++n) {
        dl::Message out = keep;
        INFO("length ", n, " of ", bytes.size());
        CHECK_FALSE(dl::message_decode(bytes.data(), n, out));
        CHECK(out.type == "keep");
        CHECK(out.numbers == keep.numbers);
        CHECK(out.strings.empty());
    }
    auto longer = bytes;
    longer.push_back(0);
    dl::Message out = keep;
    CHECK_FALSE(dl::message_decode(longer.data(), longer.size(), out));
    CHECK(out.type == "keep");
    auto wrong_magic = bytes;
    wrong_magic[0] ^= 1;
    CHECK_FALSE(dl::message_decode(wrong_magic.data(), wrong_magic.size(), out));
    // A huge count must fail cleanly, not allocate or loop for ever: set the numbers count to 0xFFFFFFFF.
    dl::Message small;
    small.type = "t";
    auto b = dl::message_encode(small);
    REQUIRE(b.size() == 4 + 4 + 1 + 4 + 4);
    for (int i = 0; i < 4; ++i) b[9 + i] = 0xFF;
    CHECK_FALSE(dl::message_decode(b.data(), b.size(), out));
    // A huge string length.
    auto c = dl::message_encode(small);
    for (int i = 0; i < 4; ++i) c[4 + i] = 0xFF;
    CHECK_FALSE(dl::message_decode(c.data(), c.size(), out));
    CHECK(out.type == "keep");
}
