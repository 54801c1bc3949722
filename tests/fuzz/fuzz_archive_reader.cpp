// libFuzzer target: dl::DataFileReader (a CSV, a .csv.gz, or a zip of CSVs through dl::ArchiveReader) on
// arbitrary bytes (run by tools/test, preset `fuzz`). Every input is read twice, in one chunk and in chunks
// of sizes derived from the input (1 byte up to 4 KB), as files streamed from a browser come. Checked:
//   - no crash, leak, hang or undefined behaviour (ASan + UBSan);
//   - the outcome does not depend on the chunking (the same CSVs with the same rows, or the same message);
//   - a success holds at least one CSV, each a complete dataset of its kind, at most one of each kind;
//     a failure has a message, and a failed reader accepts nothing more.
// The kind asked for comes from the input's size; members inflate to 4 MB at most, so that a small input
// cannot keep the fuzzer inflating for long.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/bytes.hpp"
#include "core/data_file_reader.hpp"
#include "fuzz_util.hpp"

namespace {

constexpr uint64_t kFuzzMemberLimit = 4 << 20;

struct Outcome {
    bool ok;
    dl::DataFileReader reader;
};

using fuzz::check;

// Feeds `bytes` in chunks whose sizes come from `seed` (0 = in one piece), then finishes.
Outcome parse(std::string_view bytes, dl::CsvKind kind, uint32_t seed) {
    Outcome out{true, dl::DataFileReader("fuzz.zip", kind, kFuzzMemberLimit)};
    out.ok = fuzz::chunks_feed(bytes, seed, [&](std::string_view chunk) { return out.reader.data_feed(chunk); });
    if (out.ok) out.ok = out.reader.data_finish();
    check(out.ok != out.reader.failed(), "the result disagrees with failed()");
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view bytes((const char*)data, size);
    const dl::CsvKind kinds[] = {dl::CsvKind::Train, dl::CsvKind::Test, dl::CsvKind::Auto};
    const dl::CsvKind kind = kinds[size % 3];
    Outcome whole = parse(bytes, kind, 0);
    Outcome chunked = parse(bytes, kind, dl::crc32(data, size));

    check(whole.ok == chunked.ok, "the result depends on how the file is split into chunks");
    if (!whole.ok) {
        check(!whole.reader.error().empty(), "a failure without a message");
        check(whole.reader.error() == chunked.reader.error(), "the error depends on how the file is split into chunks");
        check(!whole.reader.data_feed("0"), "a failed reader accepts more data");
        return 0;
    }
    const auto& files = whole.reader.files();
    check(!files.empty(), "success without a CSV");
    check(files.size() == chunked.reader.files().size(), "the CSVs read depend on the chunks");
    for (size_t i = 0; i < files.size(); ++i) {
        const dl::DataFile& f = files[i];
        const dl::DataFile& c = chunked.reader.files()[i];
        check(f.kind == dl::CsvKind::Train || f.kind == dl::CsvKind::Test, "a CSV of no kind");
        check(kind == dl::CsvKind::Auto || f.kind == kind, "a CSV of the other kind was read");
        check(whole.reader.file_of(f.kind) == &f, "two CSVs of one kind");
        check(f.data.rows > 0 && f.data.pixels.size() == size_t(f.data.rows) * dl::kImageSize, "an incomplete dataset");
        check(f.data.labels.size() == (f.kind == dl::CsvKind::Train ? size_t(f.data.rows) : 0), "labels of the wrong count");
        check(f.name == c.name && f.kind == c.kind && f.data.pixels == c.data.pixels && f.data.labels == c.data.labels,
              "a dataset depends on how the file is split into chunks");
    }
    return 0;
}
