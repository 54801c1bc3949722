// Run records (what the page keeps in the browser next to a model file): round trips field by field, and
// every truncation or foreign byte string refused.
#include <doctest/doctest.h>

#include <vector>

#include "core/bytes.hpp"
#include "core/presets.hpp"
#include "core/run_record.hpp"

namespace {

dl::RunRecord record_sample() {
    dl::RunRecord r;
    r.name = "CNN Conv32 5x5 · Monday";  // UTF-8 kept as bytes
    r.created_ms = 1795000000123.5;
    r.config = dl::presets()[3].config;
    r.config.epochs = 7;
    for (int e = 1; e <= 3; ++e) {
        dl::EpochStats s;
        s.epoch = e;
        s.train_loss = 1.f / float(e);
        s.train_accuracy = 0.9f + 0.01f * float(e);
        s.validation = {0.5f / float(e), 0.95f + 0.01f * float(e == 2), 4200};
        s.seconds = 12.25 * e;
        s.learning_rate = 0.001f / float(e);
        r.history.push_back(s);
    }
    r.weights_epoch = 2;
    r.finished = false;
    r.params = 592074;
    return r;
}

}  // namespace

TEST_CASE("a run record round-trips every field") {
    const dl::RunRecord a = record_sample();
    const std::vector<uint8_t> bytes = dl::run_record_write(a);
    dl::RunRecord b;
    REQUIRE(dl::run_record_read(bytes.data(), bytes.size(), b));
    CHECK(b.name == a.name);
    CHECK(b.created_ms == a.created_ms);
    CHECK(b.config.epochs == 7);
    CHECK(b.config.batch_size == a.config.batch_size);
    CHECK(b.config.layers.size() == a.config.layers.size());
    REQUIRE(b.history.size() == 3);
    for (size_t i = 0; i < 3; ++i) {
        CHECK(b.history[i].epoch == a.history[i].epoch);
        CHECK(b.history[i].train_loss == a.history[i].train_loss);
        CHECK(b.history[i].train_accuracy == a.history[i].train_accuracy);
        CHECK(b.history[i].validation.loss == a.history[i].validation.loss);
        CHECK(b.history[i].validation.accuracy == a.history[i].validation.accuracy);
        CHECK(b.history[i].validation.count == 4200);
        CHECK(b.history[i].seconds == a.history[i].seconds);
        CHECK(b.history[i].learning_rate == a.history[i].learning_rate);
    }
    CHECK(b.weights_epoch == 2);
    CHECK_FALSE(b.finished);
    CHECK(b.params == 592074);
    CHECK(dl::run_record_best_accuracy(b) == doctest::Approx(0.96f));
}

TEST_CASE("a truncated, extended or foreign run record is refused") {
    const std::vector<uint8_t> bytes = dl::run_record_write(record_sample());
    dl::RunRecord r;
    for (size_t n = 0; n < bytes.size(); ++n) CHECK_FALSE(dl::run_record_read(bytes.data(), n, r));
    std::vector<uint8_t> longer = bytes;
    longer.push_back(0);
    CHECK_FALSE(dl::run_record_read(longer.data(), longer.size(), r));
    std::vector<uint8_t> foreign = bytes;
    foreign[0] ^= 1;
    CHECK_FALSE(dl::run_record_read(foreign.data(), foreign.size(), r));
    // An epoch count far beyond the bytes is refused before anything is allocated for it.
    dl::RunRecord empty = record_sample();
    empty.history.clear();
    std::vector<uint8_t> huge = dl::run_record_write(empty);
    const size_t count_at = huge.size() - 4 - 1 - 8 - 4;  // before weights_epoch, finished, params
    for (int i = 0; i < 4; ++i) huge[count_at + i] = 0xFF;
    CHECK_FALSE(dl::run_record_read(huge.data(), huge.size(), r));
}

TEST_CASE("a run record of version 1, saved before the configuration had ema_decay, is read; a later one is not") {
    dl::RunRecord a = record_sample();
    a.config.ema_decay = 0.999f;
    std::vector<uint8_t> bytes = dl::run_record_write(a);
    // Version 1's bytes: the version field says 1, and the configuration ends before ema_decay's 4 bytes.
    dl::ByteWriter head, config;
    head.u32(0);
    head.u32(0);
    head.str(a.name);
    head.f64(a.created_ms);
    dl::train_config_write(config, a.config);
    const size_t ema_at = head.bytes().size() + config.bytes().size() - 4;
    std::vector<uint8_t> v1 = bytes;
    v1.erase(v1.begin() + long(ema_at), v1.begin() + long(ema_at) + 4);
    v1[4] = 1;
    dl::RunRecord b;
    REQUIRE(dl::run_record_read(v1.data(), v1.size(), b));
    CHECK(b.config.ema_decay == 0.f);
    CHECK(b.config.label_smoothing == a.config.label_smoothing);
    CHECK(b.history.size() == 3);
    CHECK(b.params == a.params);
    REQUIRE(dl::run_record_read(bytes.data(), bytes.size(), b));
    CHECK(b.config.ema_decay == 0.999f);
    for (uint8_t version : {0, 3}) {
        std::vector<uint8_t> other = bytes;
        other[4] = version;
        CHECK_FALSE(dl::run_record_read(other.data(), other.size(), b));
    }
}
