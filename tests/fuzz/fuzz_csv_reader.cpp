// libFuzzer target: dl::CsvReader on arbitrary bytes (run by tools/test, preset `fuzz`).
// Every input is parsed twice, in one chunk and in chunks of sizes derived from the input (1 byte up to
// 4 KB), so a chunk boundary can fall anywhere, as with files streamed from a browser. Checked:
//   - no crash, leak, hang or undefined behaviour (ASan + UBSan);
//   - the outcome does not depend on the chunking (same rows, pixels, labels or the same error text);
//   - a success is a complete dataset: rows > 0, rows * 784 pixels, one label 0-9 per row for train.csv
//     and none for test.csv; a failure has a message.
// The kind the reader expects comes from the input's size, so all three kinds see every kind of data.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/bytes.hpp"
#include "core/csv_reader.hpp"
#include "fuzz_util.hpp"

namespace {

struct Outcome {
    bool ok;
    dl::CsvReader reader;
};

using fuzz::check;

// Feeds `text` in chunks whose sizes come from `seed` (0 = in one piece), then finishes.
Outcome parse(std::string_view text, dl::CsvKind kind, uint32_t seed) {
    Outcome out{true, dl::CsvReader("fuzz.csv", kind)};
    out.ok = fuzz::chunks_feed(text, seed, [&](std::string_view chunk) {
        const bool ok = out.reader.csv_feed(chunk);
        check(ok != out.reader.failed(), "csv_feed's result disagrees with failed()");
        return ok;
    });
    if (out.ok) out.ok = out.reader.csv_finish();
    check(out.ok != out.reader.failed(), "csv_finish's result disagrees with failed()");
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text((const char*)data, size);
    const dl::CsvKind kinds[] = {dl::CsvKind::Train, dl::CsvKind::Test, dl::CsvKind::Auto};
    const dl::CsvKind kind = kinds[size % 3];
    Outcome whole = parse(text, kind, 0);
    Outcome chunked = parse(text, kind, dl::crc32(data, size));

    check(whole.ok == chunked.ok, "the result depends on how the file is split into chunks");
    if (!whole.ok) {
        check(!whole.reader.error().message.empty(), "a failure without a message");
        check(whole.reader.error().csv_error_text() == chunked.reader.error().csv_error_text(),
              "the error depends on how the file is split into chunks");
        check(!whole.reader.csv_feed("0"), "a failed reader accepts more data");
        return 0;
    }
    const dl::Dataset& d = whole.reader.dataset();
    const dl::Dataset& c = chunked.reader.dataset();
    check(d.rows > 0, "success without rows");
    check(d.pixels.size() == size_t(d.rows) * dl::kImageSize, "pixels.size() != rows * 784");
    check(whole.reader.kind() == dl::CsvKind::Train || whole.reader.kind() == dl::CsvKind::Test,
          "kind still undecided after success");
    check(kind == dl::CsvKind::Auto || whole.reader.kind() == kind, "a file of the other kind was accepted");
    if (whole.reader.kind() == dl::CsvKind::Train) {
        check(d.labels.size() == size_t(d.rows), "labels.size() != rows");
        for (uint8_t label : d.labels) check(label <= 9, "a label outside 0-9");
    } else {
        check(d.labels.empty(), "test.csv with labels");
    }
    check(d.rows == c.rows && d.pixels == c.pixels && d.labels == c.labels,
          "the dataset depends on how the file is split into chunks");
    return 0;
}
