// DataFileReader and ArchiveReader: Kaggle's digit-recognizer.zip and .csv.gz streamed into the CSV reader,
// fed in chunks of every size, and each bad archive's message. The archives are made here with zlib.
#include <doctest/doctest.h>
#include <zlib.h>

#include <string>
#include <vector>

#include "core/data_file_reader.hpp"

using dl::CsvKind;
using dl::DataFileReader;

namespace {

// A digit CSV of `rows` rows; row r's label is r % 10 and its pixel i is (r + i) % 256.
std::string csv_make(bool train, int rows) {
    std::string s = train ? "label," : "";
    for (int i = 0; i < dl::kImageSize; ++i) s += "pixel" + std::to_string(i) + (i + 1 < dl::kImageSize ? "," : "\n");
    for (int r = 0; r < rows; ++r) {
        if (train) s += std::to_string(r % 10) + ",";
        for (int i = 0; i < dl::kImageSize; ++i) s += std::to_string((r + i) % 256) + (i + 1 < dl::kImageSize ? "," : "\n");
    }
    return s;
}

std::string deflate_make(const std::string& data, int window_bits) {
    z_stream z{};
    REQUIRE(deflateInit2(&z, 6, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY) == Z_OK);
    std::string out(deflateBound(&z, uLong(data.size())), '\0');
    z.next_in = (Bytef*)data.data();
    z.avail_in = uInt(data.size());
    z.next_out = (Bytef*)out.data();
    z.avail_out = uInt(out.size());
    REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

std::string gzip_make(const std::string& data) { return deflate_make(data, 16 + MAX_WBITS); }

void le_put(std::string& s, uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) s += char(uint8_t(v >> (8 * i)));
}

struct Member {
    std::string name, data;
    bool deflate = true;
    bool descriptor = false;  // CRC and sizes after the data, zeros in the header (as streaming writers do)
    uint16_t flags = 0;
    uint64_t declared_size = ~0ull;  // the size its header says, if not the real one
};

// A zip of the members, with an end-of-directory record but no directory entries (this reader ignores them).
std::string zip_make(const std::vector<Member>& members) {
    std::string zip;
    for (const Member& m : members) {
        const std::string packed = m.deflate ? deflate_make(m.data, -MAX_WBITS) : m.data;
        const uint32_t crc = uint32_t(crc32(0, (const Bytef*)m.data.data(), uInt(m.data.size())));
        const uint64_t size = m.declared_size != ~0ull ? m.declared_size : m.data.size();
        le_put(zip, 0x04034b50, 4);
        le_put(zip, 20, 2);
        le_put(zip, m.flags | (m.descriptor ? 8 : 0), 2);
        le_put(zip, m.deflate ? 8 : 0, 2);
        le_put(zip, 0, 4);  // time, date
        le_put(zip, m.descriptor ? 0 : crc, 4);
        le_put(zip, m.descriptor ? 0 : packed.size(), 4);
        le_put(zip, m.descriptor ? 0 : size, 4);
        le_put(zip, m.name.size(), 2);
        le_put(zip, 0, 2);
        zip += m.name + packed;
        if (m.descriptor) {
            le_put(zip, 0x08074b50, 4);
            le_put(zip, crc, 4);
            le_put(zip, packed.size(), 4);
            le_put(zip, size, 4);
        }
    }
    le_put(zip, 0x06054b50, 4);
    zip += std::string(18, '\0');
    return zip;
}

struct Read {
    bool ok;
    DataFileReader reader;
};

// Feeds `bytes` in chunks of `chunk` bytes (0: at once), then finishes.
Read file_read(const std::string& bytes, const std::string& name, CsvKind wanted, size_t chunk = 0,
               uint64_t limit = dl::kArchiveMemberLimit) {
    Read r{true, DataFileReader(name, wanted, limit)};
    if (chunk == 0) chunk = bytes.size() + 1;
    for (size_t at = 0; at < bytes.size() && r.ok; at += chunk) r.ok = r.reader.data_feed(std::string_view(bytes).substr(at, chunk));
    if (r.ok) r.ok = r.reader.data_finish();
    CHECK(r.ok != r.reader.failed());
    return r;
}

// The message of a file that must be rejected, the same whatever the chunks.
std::string rejection(const std::string& bytes, const std::string& name, CsvKind wanted = CsvKind::Auto,
                      uint64_t limit = dl::kArchiveMemberLimit) {
    const Read whole = file_read(bytes, name, wanted, 0, limit);
    REQUIRE_FALSE(whole.ok);
    for (size_t chunk : {1, 7, 4096}) CHECK(file_read(bytes, name, wanted, chunk, limit).reader.error() == whole.reader.error());
    return whole.reader.error();
}

const std::string kTrain = csv_make(true, 30), kTest = csv_make(false, 20);
const std::string kSubmission = "ImageId,Label\n1,0\n";

}  // namespace

TEST_CASE("archive: Kaggle's zip gives train.csv and test.csv, whatever the chunks") {
    for (bool descriptor : {false, true})
        for (bool deflate : {true, false}) {
            if (descriptor && !deflate) continue;  // stored with a descriptor cannot be streamed (see below)
            const std::string zip = zip_make({{"sample_submission.csv", kSubmission, deflate, descriptor},
                                              {"test.csv", kTest, deflate, descriptor},
                                              {"train.csv", kTrain, deflate, descriptor}});
            for (size_t chunk : {0, 1, 3, 100, 4096}) {
                CAPTURE(descriptor);
                CAPTURE(deflate);
                CAPTURE(chunk);
                Read r = file_read(zip, "digit-recognizer.zip", CsvKind::Auto, chunk);
                REQUIRE(r.ok);
                REQUIRE(r.reader.files().size() == 2);  // sample_submission.csv ignored
                const dl::DataFile* train = r.reader.file_of(CsvKind::Train);
                const dl::DataFile* test = r.reader.file_of(CsvKind::Test);
                REQUIRE((train && test));
                CHECK(train->name == "train.csv");
                CHECK(train->data.rows == 30);
                CHECK(train->data.labels[13] == 3);
                CHECK(train->data.image(2)[5] == 7);
                CHECK(test->data.rows == 20);
                CHECK(test->data.image(19)[300] == 319 % 256);
            }
        }
}

TEST_CASE("archive: a wanted kind reads only that CSV; a zip of one CSV of another name works too") {
    const std::string zip = zip_make({{"test.csv", kTest}, {"train.csv", kTrain}});
    Read r = file_read(zip, "digit-recognizer.zip", CsvKind::Test);
    REQUIRE(r.ok);
    REQUIRE(r.reader.files().size() == 1);
    CHECK(r.reader.files()[0].kind == CsvKind::Test);

    Read one = file_read(zip_make({{"data/digits.CSV", kTrain}, {"__MACOSX/data/._digits.CSV", "\x00\x05"}}), "d.zip",
                         CsvKind::Auto);
    REQUIRE(one.ok);
    REQUIRE(one.reader.files().size() == 1);
    CHECK(one.reader.files()[0].kind == CsvKind::Train);  // by its header
    CHECK(one.reader.files()[0].name == "data/digits.CSV");
}

TEST_CASE("archive: train.csv.gz, and a plain CSV still reads as before") {
    for (size_t chunk : {0, 1, 5, 4096}) {
        Read gz = file_read(gzip_make(kTrain), "train.csv.gz", CsvKind::Train, chunk);
        REQUIRE(gz.ok);
        CHECK(gz.reader.files()[0].name == "train.csv");
        CHECK(gz.reader.files()[0].data.rows == 30);
        Read csv = file_read(kTest, "test.csv", CsvKind::Auto, chunk);
        REQUIRE(csv.ok);
        CHECK(csv.reader.file_of(CsvKind::Test)->data.rows == 20);
    }
    // A gzip file may be several gzip streams one after the other (gunzip reads them as one file).
    const std::string half = kTrain.substr(0, kTrain.size() / 2);
    Read two = file_read(gzip_make(half) + gzip_make(kTrain.substr(half.size())), "train.csv.gz", CsvKind::Train);
    REQUIRE(two.ok);
    CHECK(two.reader.files()[0].data.rows == 30);
}

TEST_CASE("archive: an error inside a CSV names the archive, the member, the line and the column") {
    std::string bad = kTrain;
    const size_t line3 = bad.find('\n', bad.find('\n') + 1) + 1;
    size_t at = line3;
    for (int comma = 0; comma < 4; ++comma) at = bad.find(',', at) + 1;  // column 5
    bad.replace(at, bad.find(',', at) - at, "abc");
    CHECK(rejection(zip_make({{"test.csv", kTest}, {"train.csv", bad}}), "digit-recognizer.zip") ==
          "digit-recognizer.zip: train.csv, line 3, column 5: 'abc' is not a number");
    CHECK(rejection(gzip_make(bad), "train.csv.gz", CsvKind::Train) ==
          "train.csv.gz: train.csv, line 3, column 5: 'abc' is not a number");
    CHECK(rejection(zip_make({{"train.csv", ""}}), "digit-recognizer.zip") ==
          "digit-recognizer.zip: train.csv: the file is empty");
}

TEST_CASE("archive: each bad archive has its own message") {
    const std::string zip = zip_make({{"test.csv", kTest}, {"train.csv", kTrain}});
    const size_t test_data = 30 + 8;  // after test.csv's local header and name

    SUBCASE("damaged deflate data") {
        std::string z = zip;
        for (size_t i = test_data + 10; i < test_data + 40; ++i) z[i] = char(~z[i]);
        CHECK(rejection(z, "digit-recognizer.zip").rfind("digit-recognizer.zip: test.csv is damaged (", 0) == 0);
    }
    SUBCASE("a CRC that does not match") {
        std::string z = zip_make({{"test.csv", kTest, false}});
        z[test_data + kTest.find('\n') + 1] = '7';  // the first pixel, in a stored member: still a valid CSV
        CHECK(rejection(z, "digit-recognizer.zip") ==
              "digit-recognizer.zip: test.csv is damaged (CRC-32 mismatch); download the archive again");
    }
    SUBCASE("truncated") {
        CHECK(rejection(zip.substr(0, zip.size() / 2), "digit-recognizer.zip") ==
              "digit-recognizer.zip is truncated (it ends inside train.csv); download it again");
        CHECK(rejection(zip.substr(0, zip.size() - 22), "digit-recognizer.zip") ==
              "digit-recognizer.zip is truncated (it ends after train.csv); download it again");
        const std::string gz = gzip_make(kTrain);
        CHECK(rejection(gz.substr(0, gz.size() - 3), "train.csv.gz", CsvKind::Train) ==
              "train.csv.gz is truncated (it ends inside train.csv); download it again");
    }
    SUBCASE("a zip bomb: declared, or found while inflating") {
        CHECK(rejection(zip_make({{"train.csv", kTrain, true, false, 0, 3ull << 30}}), "digit-recognizer.zip") ==
              "digit-recognizer.zip: train.csv would inflate to 3072 MB, over the limit of 512 MB for a digit CSV "
              "(a zip bomb?)");
        CHECK(rejection(zip_make({{"train.csv", kTrain, true, true}}), "digit-recognizer.zip", CsvKind::Auto, 1000) ==
              "digit-recognizer.zip: train.csv inflates to more than 1 MB, the limit for a digit CSV (a zip bomb?)");
        CHECK(rejection(gzip_make(kTrain), "train.csv.gz", CsvKind::Train, 1000) ==
              "train.csv.gz: train.csv inflates to more than 1 MB, the limit for a digit CSV (a zip bomb?)");
    }
    SUBCASE("neither CSV") {
        CHECK(rejection(zip_make({{"sample_submission.csv", kSubmission}, {"readme.txt", "hello"}}),
                        "digit-recognizer.zip") ==
              "digit-recognizer.zip holds neither train.csv nor test.csv (nor any other CSV)");
        CHECK(rejection(zip_make({{"test.csv", kTest}}), "digit-recognizer.zip", CsvKind::Train) ==
              "digit-recognizer.zip holds no train.csv");
        CHECK(rejection(zip_make({}), "empty.zip") == "empty.zip holds neither train.csv nor test.csv (nor any other CSV)");
    }
    SUBCASE("encrypted") {
        CHECK(rejection(zip_make({{"train.csv", kTrain, true, false, 1}}), "digit-recognizer.zip") ==
              "digit-recognizer.zip: train.csv is encrypted; DigitLab cannot open password-protected archives "
              "(extract the CSV files with the password and open those)");
    }
    SUBCASE("another compression method, or stored with a descriptor") {
        std::string z = zip;
        z[8] = 12;  // bzip2
        CHECK(rejection(z, "digit-recognizer.zip").rfind("digit-recognizer.zip: test.csv is compressed with method 12", 0) == 0);
        CHECK(rejection(zip_make({{"train.csv", kTrain, false, true}}), "digit-recognizer.zip")
                  .rfind("digit-recognizer.zip: train.csv is stored with its size after its data", 0) == 0);
    }
    SUBCASE("not a zip after all") {
        CHECK(rejection("PK\x03\x04" + std::string(40, 'x'), "digit-recognizer.zip") ==
              "digit-recognizer.zip is truncated (it ends in its first header); download it again");
    }
}
