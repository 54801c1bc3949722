// The messages between the page and the worker (src/protocol/messages.hpp): every kind survives the trip
// through the bytes, and a message that is not what its reader expects is refused, not guessed at.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <string>
#include <tuple>
#include <vector>

#include "protocol/messages.hpp"

namespace {

// A message of each kind with every field set to something other than its default.
template <class T>
T sample();

dl::TrainConfig config_sample() {
    dl::TrainConfig c;
    c.layers = dl::mlp_layers({16, 8}, dl::Activation::Tanh, 0.25f);
    c.epochs = 7;
    c.seed = 123456789012345ull;
    c.augment.rotation = 9;
    return c;
}

std::vector<uint8_t> bytes_sample(size_t n) {
    std::vector<uint8_t> bytes(n);
    for (size_t i = 0; i < n; ++i) bytes[i] = uint8_t(i * 37 + 1);
    return bytes;
}

template <>
dl::ReadyMessage sample() { return {}; }
template <>
dl::ProgressMessage sample() {
    return {"train", 12, 40, "a.csv", 1, 2, 3, 20, 0.5f, 0.75f, 0.25f, 0.875f, 1e-3f, 6400, 12.5, true};
}
template <>
dl::DatasetMessage sample() {
    dl::DatasetMessage m{"train", "digit-recognizer.zip: train.csv", 42000, bytes_sample(2 * dl::kImageSize),
                         {3, 0}, {}, bytes_sample(dl::kClasses * dl::kImageSize)};
    for (int c = 0; c < dl::kClasses; ++c) m.counts[size_t(c)] = 4000 + c;
    return m;
}
template <>
dl::EpochMessage sample() {
    dl::EpochStats e;
    e.epoch = 3;
    e.train_loss = 0.125f;
    e.train_accuracy = 0.96875f;
    e.validation = {0.0625f, 0.984375f, 4200};
    e.seconds = 61.25;
    e.learning_rate = 5e-4f;
    return {e, 10};
}
template <>
dl::ModelMessage sample() { return {4, std::string("DLABMODL\0\x01\xff", 11)}; }
template <>
dl::ValidationMessage sample() {
    return {2, {1, 5}, {0.25f, -1.5f, 1e-30f, 3.0f}, {0, 41999}, {2, 42001}, bytes_sample(2 * dl::kImageSize)};
}
template <>
dl::BrowseResultMessage sample() { return {4, 24, 4072, {7, 9}, {9, 11}, {4, 4}, bytes_sample(2 * dl::kImageSize)}; }
template <>
dl::TrainDoneMessage sample() { return {"diverged", 2, "the loss was NaN at batch 17"}; }
template <>
dl::SubmissionMessage sample() { return {2, 5, "ImageId,Label\n1,7\n2,2\n"}; }
template <>
dl::AugmentPreviewResultMessage sample() { return {1, bytes_sample(2 * dl::kImageSize)}; }
template <>
dl::ErrorMessage sample() { return {"parse", "train.csv, line 3, column 5: 'abc' is not a number"}; }
template <>
dl::TrainMessage sample() { return {config_sample()}; }
template <>
dl::StopMessage sample() { return {}; }
template <>
dl::PauseMessage sample() { return {}; }
template <>
dl::ResumeMessage sample() { return {}; }
template <>
dl::PredictMessage sample() { return {{std::string("model one\0", 10), "", "model three"}, true}; }
template <>
dl::AugmentPreviewMessage sample() { return {config_sample(), 8}; }
template <>
dl::BrowseMessage sample() { return {3, 48, 24}; }
template <>
dl::UiBusyMessage sample() { return {true}; }

bool same(const dl::Message& a, const dl::Message& b) {
    if (a.type != b.type || a.strings != b.strings || a.numbers.size() != b.numbers.size()) return false;
    for (const auto& [key, value] : a.numbers) {
        const auto it = b.numbers.find(key);
        if (it == b.numbers.end() || std::memcmp(&it->second, &value, sizeof value) != 0) return false;
    }
    return true;
}

template <class T>
bool reads(const dl::Message& m) {
    T value;
    return dl::message_read(m, value);
}

// The kind a variant holds.
template <class V>
std::string kind_of(const V& v) {
    return std::visit([](const auto& m) { return std::string(m.kType); }, v);
}

// Every kind of both directions, as one list of types.
template <class... A, class... B>
std::tuple<A..., B...> kinds_of(const std::variant<A...>*, const std::variant<B...>*);
using AllKinds = decltype(kinds_of((const dl::WorkerReport*)nullptr, (const dl::WorkerRequest*)nullptr));

}  // namespace

TEST_CASE_TEMPLATE_DEFINE("messages: a round trip through the bytes keeps every field", T, round_trip) {
    const dl::Message written = dl::message_write(sample<T>());
    CHECK(written.type == T::kType);
    // The sample sets every field: each key's value differs from a default struct's.
    const dl::Message fresh = dl::message_write(T{});
    for (const auto& [key, value] : written.numbers) CHECK_MESSAGE(value != fresh.numbers.at(key), key);
    for (const auto& [key, value] : written.strings) CHECK_MESSAGE(value != fresh.strings.at(key), key);

    const std::vector<uint8_t> bytes = dl::message_bytes_write(sample<T>());
    CHECK(bytes == dl::message_encode(written));
    T read;
    REQUIRE(dl::message_bytes_read(bytes.data(), bytes.size(), read));
    CHECK(same(dl::message_write(read), written));
    CHECK_FALSE(dl::message_bytes_read(bytes.data(), bytes.size() - 1, read));  // cut short

    // As the receiving end reads it: into the variant of its direction, as its own kind; the other
    // direction's variant has no kind of that name.
    dl::WorkerReport report;
    dl::WorkerRequest request;
    const bool is_report = dl::message_bytes_read(bytes.data(), bytes.size(), report),
               is_request = dl::message_bytes_read(bytes.data(), bytes.size(), request);
    CHECK(is_report != is_request);
    CHECK((is_report ? kind_of(report) : kind_of(request)) == T::kType);
    if (is_report) CHECK(same(dl::message_write(report), written));
    if (is_request) CHECK(same(dl::message_write(request), written));
}
TEST_CASE_TEMPLATE_APPLY(round_trip, AllKinds);

TEST_CASE_TEMPLATE_DEFINE("messages: a missing field, a field of another type or another kind fails cleanly", T,
                          refused) {
    const dl::Message written = dl::message_write(sample<T>());
    REQUIRE(reads<T>(written));
    for (const auto& [key, value] : written.numbers) {
        INFO("number ", key);
        dl::Message m = written;
        m.numbers.erase(key);
        CHECK_FALSE(reads<T>(m));
        m.strings[key] = "1";  // a string where a number belongs
        CHECK_FALSE(reads<T>(m));
    }
    for (const auto& [key, value] : written.strings) {
        INFO("string ", key);
        dl::Message m = written;
        m.strings.erase(key);
        CHECK_FALSE(reads<T>(m));
        m.numbers[key] = 1;  // a number where a string belongs
        CHECK_FALSE(reads<T>(m));
    }
    dl::Message other = written;
    other.type += "_";
    CHECK_FALSE(reads<T>(other));
    dl::WorkerReport report;
    dl::WorkerRequest request;
    CHECK_FALSE(dl::message_read(other, report));
    CHECK_FALSE(dl::message_read(other, request));
}
TEST_CASE_TEMPLATE_APPLY(refused, AllKinds);

TEST_CASE("messages: a kind is refused as any other kind") {
    const dl::Message epoch = dl::message_write(sample<dl::EpochMessage>());
    CHECK_FALSE(reads<dl::ModelMessage>(epoch));
    CHECK_FALSE(reads<dl::ProgressMessage>(epoch));
    CHECK_FALSE(reads<dl::ReadyMessage>(epoch));
    const dl::Message stop = dl::message_write(dl::StopMessage{});
    CHECK_FALSE(reads<dl::PauseMessage>(stop));
    CHECK_FALSE(reads<dl::ResumeMessage>(stop));
    CHECK(reads<dl::StopMessage>(stop));
    // Extra keys are no reason to refuse one.
    dl::Message more = stop;
    more.numbers["later"] = 1;
    CHECK(reads<dl::StopMessage>(more));
}

TEST_CASE("messages: numbers out of their member's range are refused, not cast") {
    dl::Message m = dl::message_write(sample<dl::BrowseMessage>());
    for (double bad : {std::nan(""), 1e10, -1e10, HUGE_VAL}) {
        INFO(bad);
        m.numbers["count"] = bad;
        CHECK_FALSE(reads<dl::BrowseMessage>(m));
    }
    m.numbers["count"] = -2147483648.0;  // the least int is an int
    CHECK(reads<dl::BrowseMessage>(m));
    // Floats take what comes, NaN included (a diverged loss).
    dl::Message progress = dl::message_write(sample<dl::ProgressMessage>());
    progress.numbers["loss"] = std::nan("");
    dl::ProgressMessage p;
    REQUIRE(dl::message_read(progress, p));
    CHECK(std::isnan(p.loss));
    // A bool is any number other than 0.
    dl::Message busy = dl::message_write(dl::UiBusyMessage{false});
    dl::UiBusyMessage b;
    busy.numbers["busy"] = 0.5;
    REQUIRE(dl::message_read(busy, b));
    CHECK(b.busy);
}

TEST_CASE("messages: arrays, settings and file lists whose bytes do not fit are refused") {
    dl::Message validation = dl::message_write(sample<dl::ValidationMessage>());
    dl::Message m = validation;
    m.strings["probs"].pop_back();  // not whole floats
    CHECK_FALSE(reads<dl::ValidationMessage>(m));
    m = validation;
    m.strings["rows"] += "xy";  // not whole int32s
    CHECK_FALSE(reads<dl::ValidationMessage>(m));
    m = validation;
    m.strings["rows"].clear();  // an empty array is an array
    m.strings["images"].clear();
    CHECK(reads<dl::ValidationMessage>(m));

    dl::Message dataset = dl::message_write(sample<dl::DatasetMessage>());
    dataset.strings["counts"].resize(9 * sizeof(int));  // one count short
    CHECK_FALSE(reads<dl::DatasetMessage>(dataset));

    const dl::Message train = dl::message_write(sample<dl::TrainMessage>());
    const std::string& config = train.strings.at("config");
    for (size_t n : {size_t(0), size_t(1), config.size() / 2, config.size() - 1}) {
        INFO("config cut to ", n, " of ", config.size(), " bytes");
        m = train;
        m.strings["config"].resize(n);
        CHECK_FALSE(reads<dl::TrainMessage>(m));
    }
    m = train;
    m.strings["config"] += '\0';  // trailing bytes
    CHECK_FALSE(reads<dl::TrainMessage>(m));

    const dl::Message predict = dl::message_write(sample<dl::PredictMessage>());
    const std::string& models = predict.strings.at("models");
    for (size_t n = 0; n < models.size(); ++n) {
        m = predict;
        m.strings["models"].resize(n);
        CHECK_FALSE(reads<dl::PredictMessage>(m));
    }
    m = predict;
    m.strings["models"] += '\0';
    CHECK_FALSE(reads<dl::PredictMessage>(m));
    m = predict;
    std::memset(&m.strings["models"][0], 0xFF, 4);  // a count of 4 billion files: refused, not allocated
    CHECK_FALSE(reads<dl::PredictMessage>(m));
    dl::PredictMessage none;
    REQUIRE(dl::message_read(dl::message_write(dl::PredictMessage{}), none));
    CHECK(none.models.empty());
}

TEST_CASE("messages: an epoch travels under the names of epoch_stats_fields, as in the run record and test state") {
    const dl::EpochMessage epoch = sample<dl::EpochMessage>();
    const dl::Message m = dl::message_write(epoch);
    std::vector<std::string> keys;
    dl::epoch_stats_fields(epoch.stats, [&](const char* key, auto v) {
        keys.push_back(key);
        CHECK_MESSAGE(m.numbers.at(key) == double(v), key);
    });
    keys.push_back("epochs");
    CHECK(m.numbers.size() == keys.size());
    CHECK(m.strings.empty());
}
