// CsvReader: Kaggle's train.csv / test.csv, every accepted variant, chunked feeding, and each rejection with
// its exact file, line and column.
#include <doctest/doctest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "core/csv_reader.hpp"
#include "core/rng.hpp"
#include "test_util.hpp"

using dl::CsvKind;
using dl::CsvReader;
using dl::Dataset;

namespace {

using Table = std::vector<std::vector<std::string>>;  // header + rows, each a list of fields

struct Style {
    std::string eol = "\n";
    bool bom = false;
    bool final_newline = true;
    bool quote_header = false;
    std::string pad;   // written before and after every value of the data rows
    int decimals = 0;  // pixels written as 12, 12.0 or 12.00
};

Dataset random_dataset(int rows, bool labelled, uint64_t seed) {
    dl::Rng rng(seed);
    Dataset d;
    d.rows = rows;
    d.pixels.resize(size_t(rows) * dl::kImageSize);
    for (auto& p : d.pixels) {
        const float u = rng.uniform();
        p = u < 0.7f ? 0 : u < 0.8f ? 255 : uint8_t(rng.below(256));  // mostly paper, like real digits
    }
    if (labelled) {
        d.labels.resize(rows);
        for (auto& l : d.labels) l = uint8_t(rng.below(10));
    }
    return d;
}

Table make_table(const Dataset& d, bool train, const Style& st = {}) {
    Table t;
    std::vector<std::string> header;
    auto name = [&](std::string s) { return st.quote_header ? "\"" + s + "\"" : s; };
    if (train) header.push_back(name("label"));
    for (int i = 0; i < dl::kImageSize; ++i) header.push_back(name("pixel" + std::to_string(i)));
    t.push_back(header);
    for (int r = 0; r < d.rows; ++r) {
        std::vector<std::string> row;
        if (train) row.push_back(st.pad + std::to_string(d.labels[r]) + st.pad);
        for (int i = 0; i < dl::kImageSize; ++i) {
            std::string v = std::to_string(d.image(r)[i]);
            if (st.decimals > 0) v += "." + std::string(size_t(st.decimals), '0');
            row.push_back(st.pad + v + st.pad);
        }
        t.push_back(row);
    }
    return t;
}

std::string join(const Table& t, const Style& st = {}) {
    std::string s = st.bom ? "\xEF\xBB\xBF" : "";
    for (size_t i = 0; i < t.size(); ++i) {
        for (size_t j = 0; j < t[i].size(); ++j) {
            if (j) s += ',';
            s += t[i][j];
        }
        if (i + 1 < t.size() || st.final_newline) s += st.eol;
    }
    return s;
}

std::string make_csv(const Dataset& d, bool train, const Style& st = {}) { return join(make_table(d, train, st), st); }

struct Result {
    bool ok;
    CsvReader reader;
};

// Feeds `text` in chunks of `chunk` bytes (0: all at once), then finishes.
Result read_csv(const std::string& text, CsvKind kind, size_t chunk = 0, const std::string& file = "digits.csv") {
    CsvReader r(file, kind);
    bool ok = true;
    if (chunk == 0) chunk = text.size() ? text.size() : 1;
    for (size_t pos = 0; pos < text.size() && ok; pos += chunk)
        ok = r.csv_feed(std::string_view(text).substr(pos, chunk));
    if (ok) ok = r.csv_finish();
    return {ok, std::move(r)};
}

void check_same(const Dataset& got, const Dataset& want) {
    REQUIRE(got.rows == want.rows);
    CHECK(got.labels == want.labels);
    CHECK(got.pixels.size() == want.pixels.size());
    CHECK(got.pixels == want.pixels);
}

// The expected text of an error: "file, line L, column C: message" with the parts that are 0 left out.
std::string where(const std::string& file, size_t line, size_t column) {
    std::string s = file;
    if (line) s += ", line " + std::to_string(line);
    if (line && column) s += ", column " + std::to_string(column);
    return s + ": ";
}

void check_error(const Result& res, const std::string& file, size_t line, size_t column) {
    CHECK_FALSE(res.ok);
    CHECK(res.reader.failed());
    const dl::CsvError& e = res.reader.error();
    const std::string text = e.csv_error_text();
    INFO("error text: ", text);
    CHECK(e.file == file);
    CHECK(e.line == line);
    CHECK(e.column == column);
    CHECK(!e.message.empty());
    CHECK(text.rfind(where(file, line, column), 0) == 0);
    CHECK(text.size() > where(file, line, column).size());
    CHECK(text.find(e.message) != std::string::npos);
}

}  // namespace

TEST_CASE("csv: error text format") {
    dl::CsvError e;
    e.file = "train.csv";
    e.line = 12;
    e.column = 5;
    e.message = "value 300 is outside 0-255";
    CHECK(e.csv_error_text() == "train.csv, line 12, column 5: value 300 is outside 0-255");
    e.column = 0;
    CHECK(e.csv_error_text() == "train.csv, line 12: value 300 is outside 0-255");
    e.line = 0;
    CHECK(e.csv_error_text() == "train.csv: value 300 is outside 0-255");
}

TEST_CASE("csv: good train file") {
    const Dataset d = random_dataset(5, true, 11);
    auto res = read_csv(make_csv(d, true), CsvKind::Train, 0, "train.csv");
    INFO(res.reader.error().csv_error_text());
    REQUIRE(res.ok);
    CHECK_FALSE(res.reader.failed());
    CHECK(res.reader.kind() == CsvKind::Train);
    CHECK(res.reader.rows() == 5);
    check_same(res.reader.dataset(), d);
    CHECK(res.reader.dataset().has_labels());
}

TEST_CASE("csv: good test file") {
    const Dataset d = random_dataset(4, false, 12);
    auto res = read_csv(make_csv(d, false), CsvKind::Test, 0, "test.csv");
    INFO(res.reader.error().csv_error_text());
    REQUIRE(res.ok);
    CHECK(res.reader.kind() == CsvKind::Test);
    CHECK(res.reader.rows() == 4);
    check_same(res.reader.dataset(), d);
    CHECK_FALSE(res.reader.dataset().has_labels());
}

TEST_CASE("csv: every extreme value and every label") {
    Dataset d = random_dataset(10, true, 13);
    for (int r = 0; r < 10; ++r) d.labels[r] = uint8_t(r);
    for (int i = 0; i < 256; ++i) d.pixels[size_t(i) * 7] = uint8_t(i);
    auto res = read_csv(make_csv(d, true), CsvKind::Train);
    REQUIRE(res.ok);
    check_same(res.reader.dataset(), d);
}

TEST_CASE("csv: golden files in tests/data") {
    // tests/data/train_small.csv (UTF-8 BOM, CRLF): 3 rows; pixel k of row r is (r*31+k) % 256
    // where k % 97 == 0, else 0; labels 7, 0, 9. tests/data/test_small.csv (LF): the same pixels, no labels.
    Dataset want;
    want.rows = 3;
    want.labels = {7, 0, 9};
    want.pixels.assign(3 * dl::kImageSize, 0);
    for (int r = 0; r < 3; ++r)
        for (int k = 0; k < dl::kImageSize; k += 97) want.pixels[size_t(r) * dl::kImageSize + k] = uint8_t((r * 31 + k) % 256);
    for (const char* name : {"train_small.csv", "test_small.csv"}) {
        const bool train = name[1] == 'r';
        FILE* f = std::fopen((std::string(DL_TEST_DATA) + "/" + name).c_str(), "rb");
        REQUIRE(f != nullptr);
        std::string text;
        char buf[4096];
        size_t n;
        while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
        std::fclose(f);
        auto res = read_csv(text, CsvKind::Auto, 1000, name);
        INFO(name, ": ", res.reader.error().csv_error_text());
        REQUIRE(res.ok);
        CHECK(res.reader.kind() == (train ? CsvKind::Train : CsvKind::Test));
        Dataset w = want;
        if (!train) w.labels.clear();
        check_same(res.reader.dataset(), w);
    }
}

TEST_CASE("csv: accepted variants") {
    const Dataset train = random_dataset(3, true, 21);
    const Dataset test = random_dataset(3, false, 22);
    struct Variant {
        const char* name;
        Style style;
    };
    std::vector<Variant> variants;
    {
        Style s;
        s.eol = "\r\n";
        variants.push_back({"CRLF", s});
    }
    variants.push_back({"LF", Style{}});
    {
        Style s;
        s.bom = true;
        variants.push_back({"UTF-8 BOM", s});
    }
    {
        Style s;
        s.final_newline = false;
        variants.push_back({"no final newline", s});
    }
    {
        Style s;
        s.eol = "\r\n";
        s.final_newline = false;
        variants.push_back({"CRLF, no final newline", s});
    }
    {
        Style s;
        s.pad = " ";
        variants.push_back({"spaces around values", s});
    }
    {
        Style s;
        s.pad = "  ";
        s.eol = "\r\n";
        variants.push_back({"two spaces around values, CRLF", s});
    }
    {
        Style s;
        s.quote_header = true;
        variants.push_back({"quoted header names", s});
    }
    {
        Style s;
        s.decimals = 1;
        variants.push_back({"pixels as 0.0", s});
    }
    {
        Style s;
        s.decimals = 2;
        variants.push_back({"pixels as 255.00", s});
    }
    {
        Style s;
        s.bom = true;
        s.eol = "\r\n";
        s.quote_header = true;
        s.decimals = 1;
        s.pad = " ";
        s.final_newline = false;
        variants.push_back({"all at once", s});
    }
    for (const auto& v : variants) {
        for (bool is_train : {true, false}) {
            const Dataset& d = is_train ? train : test;
            const std::string text = make_csv(d, is_train, v.style);
            for (CsvKind kind : {is_train ? CsvKind::Train : CsvKind::Test, CsvKind::Auto}) {
                for (size_t chunk : {size_t(0), size_t(1), size_t(7), size_t(4096)}) {
                    auto res = read_csv(text, kind, chunk);
                    INFO(v.name, is_train ? " train" : " test", " chunk ", chunk, ": ",
                         res.reader.error().csv_error_text());
                    REQUIRE(res.ok);
                    CHECK(res.reader.kind() == (is_train ? CsvKind::Train : CsvKind::Test));
                    check_same(res.reader.dataset(), d);
                }
            }
        }
    }
}

TEST_CASE("csv: chunked feeding gives the same dataset for every chunk size") {
    const Dataset d = random_dataset(2, true, 31);
    Style st;
    st.bom = true;
    st.eol = "\r\n";
    st.pad = " ";
    st.decimals = 1;
    st.quote_header = true;
    const std::string text = make_csv(d, true, st);
    auto whole = read_csv(text, CsvKind::Train);
    REQUIRE(whole.ok);
    check_same(whole.reader.dataset(), d);
    std::vector<size_t> sizes;
    for (size_t s = 1; s <= 300; ++s) sizes.push_back(s);
    for (size_t s = 301; s < text.size(); s += 97) sizes.push_back(s);
    sizes.push_back(text.size() - 1);
    sizes.push_back(text.size());
    sizes.push_back(text.size() + 1);
    for (size_t s : sizes) {
        auto res = read_csv(text, CsvKind::Train, s);
        INFO("chunk size ", s, ": ", res.reader.error().csv_error_text());
        REQUIRE(res.ok);
        REQUIRE(res.reader.rows() == d.rows);
        REQUIRE(res.reader.dataset().pixels == d.pixels);
        REQUIRE(res.reader.dataset().labels == d.labels);
    }
}

TEST_CASE("csv: empty chunks are harmless") {
    const Dataset d = random_dataset(2, false, 32);
    const std::string text = make_csv(d, false);
    CsvReader r("test.csv", CsvKind::Test);
    CHECK(r.csv_feed(""));
    CHECK(r.csv_feed(std::string_view(text).substr(0, 100)));
    CHECK(r.csv_feed(""));
    CHECK(r.csv_feed(std::string_view(text).substr(100)));
    CHECK(r.csv_feed(""));
    REQUIRE(r.csv_finish());
    check_same(r.dataset(), d);
}

TEST_CASE("csv: Auto detects each kind") {
    const Dataset train = random_dataset(2, true, 41);
    const Dataset test = random_dataset(2, false, 42);
    auto a = read_csv(make_csv(train, true), CsvKind::Auto);
    REQUIRE(a.ok);
    CHECK(a.reader.kind() == CsvKind::Train);
    check_same(a.reader.dataset(), train);
    auto b = read_csv(make_csv(test, false), CsvKind::Auto);
    REQUIRE(b.ok);
    CHECK(b.reader.kind() == CsvKind::Test);
    check_same(b.reader.dataset(), test);
    // Auto with a header that is neither.
    Table t = make_table(train, true);
    t[0][0] = "digit";
    check_error(read_csv(join(t), CsvKind::Auto, 0, "drop.csv"), "drop.csv", 1, 1);
}

// Each rejection, checked whole and fed byte by byte (the position must not depend on chunking).
static void check_rejected(const std::string& text, CsvKind kind, const std::string& file, size_t line,
                           size_t column) {
    for (size_t chunk : {size_t(0), size_t(1), size_t(13), size_t(1000)}) {
        INFO("chunk size ", chunk);
        check_error(read_csv(text, kind, chunk, file), file, line, column);
    }
}

TEST_CASE("csv: rejections name file, line and column") {
    const Dataset train = random_dataset(4, true, 51);
    const Dataset test = random_dataset(4, false, 52);
    const Table tt = make_table(train, true);
    const Table ts = make_table(test, false);

    SUBCASE("wrong header name") {
        Table t = tt;
        t[0][6] = "pixel7";  // column 7 should be pixel5
        check_rejected(join(t), CsvKind::Train, "train.csv", 1, 7);
        Table u = ts;
        u[0][783] = "pixel_783";  // last column of test.csv
        check_rejected(join(u), CsvKind::Test, "test.csv", 1, 784);
        Table v = tt;
        v[0][0] = "lable";
        check_rejected(join(v), CsvKind::Train, "train.csv", 1, 1);
    }
    SUBCASE("header with too many or too few names") {
        Table t = tt;
        t[0].push_back("pixel784");
        check_rejected(join(t), CsvKind::Train, "train.csv", 1, 786);
        Table u = tt;
        u[0].pop_back();  // no pixel783: the header ends at column 784
        check_rejected(join(u), CsvKind::Train, "train.csv", 1, 784);
        Table v = ts;
        v[0].resize(100);
        check_rejected(join(v), CsvKind::Test, "test.csv", 1, 100);
    }
    SUBCASE("wrong header name after a BOM, with CRLF") {
        Table t = tt;
        t[0][2] = "pixel2";  // should be pixel1
        Style st;
        st.bom = true;
        st.eol = "\r\n";
        check_rejected(join(t, st), CsvKind::Train, "train.csv", 1, 3);
    }
    SUBCASE("missing header: numbers on line 1") {
        Table t = tt;
        t.erase(t.begin());
        for (size_t chunk : {size_t(0), size_t(1)}) {
            auto res = read_csv(join(t), CsvKind::Train, chunk, "train.csv");
            CHECK_FALSE(res.ok);
            const auto& e = res.reader.error();
            INFO(e.csv_error_text());
            CHECK(e.file == "train.csv");
            CHECK(e.line == 1);
            CHECK(e.column == 0);  // about the whole line
            CHECK(e.csv_error_text().rfind(where("train.csv", 1, 0), 0) == 0);
        }
        Table u = ts;
        u.erase(u.begin());
        auto res = read_csv(join(u), CsvKind::Auto, 0, "x.csv");
        CHECK_FALSE(res.ok);
        CHECK(res.reader.error().line == 1);
    }
    SUBCASE("ragged row: too many columns") {
        Table t = tt;
        t[2].push_back("0");  // line 3 has 786 fields
        check_rejected(join(t), CsvKind::Train, "train.csv", 3, 786);
        Table u = ts;
        u[4].push_back("17");  // last line, 785 fields
        check_rejected(join(u), CsvKind::Test, "test.csv", 5, 785);
    }
    SUBCASE("ragged row: too few columns") {
        // The row ends early: the error is at that line, in the column where the row ended (its last value).
        for (bool final_newline : {true, false}) {
            Table t = tt;
            t[4].pop_back();  // last line: 784 fields in a 785-column file
            Style st;
            st.final_newline = final_newline;
            INFO("final newline ", final_newline);
            check_rejected(join(t, st), CsvKind::Train, "train.csv", 5, 784);
        }
        Table u = ts;
        u[2].resize(10);  // line 3 has only 10 fields
        check_rejected(join(u), CsvKind::Test, "test.csv", 3, 10);
        Table v = tt;
        v[1].resize(1);  // a label alone
        check_rejected(join(v), CsvKind::Train, "train.csv", 2, 1);
    }
    SUBCASE("text in a pixel") {
        Table t = tt;
        t[2][10] = "abc";
        check_rejected(join(t), CsvKind::Train, "train.csv", 3, 11);
        Table u = ts;
        u[1][0] = "12x";
        check_rejected(join(u), CsvKind::Test, "test.csv", 2, 1);
        Table v = tt;
        v[3][400] = "1 2";  // two numbers in one field
        check_rejected(join(v), CsvKind::Train, "train.csv", 4, 401);
    }
    SUBCASE("value 256") {
        Table t = tt;
        t[1][785 - 1] = "256";  // the last pixel of the first row
        check_rejected(join(t), CsvKind::Train, "train.csv", 2, 785);
        Table u = ts;
        u[3][100] = "256.0";
        check_rejected(join(u), CsvKind::Test, "test.csv", 4, 101);
        Table v = tt;
        v[2][5] = "99999999999999999999";  // must not wrap around to a small number
        check_rejected(join(v), CsvKind::Train, "train.csv", 3, 6);
    }
    SUBCASE("negative value") {
        Table t = tt;
        t[2][3] = "-1";
        check_rejected(join(t), CsvKind::Train, "train.csv", 3, 4);
        Table u = tt;
        u[1][0] = "-3";  // negative label
        check_rejected(join(u), CsvKind::Train, "train.csv", 2, 1);
    }
    SUBCASE("non-integer value") {
        Table t = tt;
        t[4][20] = "12.5";
        check_rejected(join(t), CsvKind::Train, "train.csv", 5, 21);
        Table u = ts;
        u[1][1] = "0.01";
        check_rejected(join(u), CsvKind::Test, "test.csv", 2, 2);
    }
    SUBCASE("empty value") {
        Table t = tt;
        t[3][50] = "";
        check_rejected(join(t), CsvKind::Train, "train.csv", 4, 51);
    }
    SUBCASE("label 10") {
        Table t = tt;
        t[3][0] = "10";
        check_rejected(join(t), CsvKind::Train, "train.csv", 4, 1);
    }
    SUBCASE("error line numbers count CRLF lines once") {
        Table t = tt;
        t[4][7] = "300";
        Style st;
        st.eol = "\r\n";
        check_rejected(join(t, st), CsvKind::Train, "train.csv", 5, 8);
    }
    SUBCASE("binary data (NUL bytes)") {
        Table t = tt;
        t[2][3] = std::string("1\0" "2", 3);
        check_rejected(join(t), CsvKind::Train, "train.csv", 3, 4);
        static const char kPngStart[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x1c\0\0\0\x1c\x08\x00\0\0\0";
        const std::string png(kPngStart, sizeof kPngStart - 1);  // the NULs inside, not the terminating one
        auto res = read_csv(png, CsvKind::Auto, 0, "digit.png");
        CHECK_FALSE(res.ok);
        CHECK(res.reader.error().file == "digit.png");
        CHECK(res.reader.error().line == 1);
        CHECK(!res.reader.error().message.empty());
    }
    SUBCASE("empty file") {
        check_rejected("", CsvKind::Train, "train.csv", 0, 0);
        check_rejected("", CsvKind::Auto, "a.csv", 0, 0);
        check_rejected("\xEF\xBB\xBF", CsvKind::Test, "test.csv", 0, 0);
    }
    SUBCASE("header only, no rows") {
        check_rejected(join({tt[0]}), CsvKind::Train, "train.csv", 0, 0);
        Style st;
        st.final_newline = false;
        check_rejected(join({ts[0]}, st), CsvKind::Test, "test.csv", 0, 0);
    }
    SUBCASE("test.csv given to a Train reader") {
        check_rejected(join(ts), CsvKind::Train, "test.csv", 1, 1);
    }
    SUBCASE("train.csv given to a Test reader") {
        check_rejected(join(tt), CsvKind::Test, "train.csv", 1, 1);
    }
}

TEST_CASE("csv: a failed reader stays failed") {
    const Dataset d = random_dataset(3, true, 61);
    Table t = make_table(d, true);
    t[1][5] = "300";
    const std::string bad = join(t);
    const std::string good = make_csv(random_dataset(2, true, 62), true);
    CsvReader r("train.csv", CsvKind::Train);
    CHECK_FALSE(r.csv_feed(bad));
    const std::string first = r.error().csv_error_text();
    CHECK_FALSE(r.csv_feed(good));
    CHECK_FALSE(r.csv_finish());
    CHECK(r.failed());
    CHECK(r.error().csv_error_text() == first);  // the first error is the one reported
    CHECK(r.error().line == 2);
    CHECK(r.error().column == 6);
}

TEST_CASE("csv: a file separated by semicolons or tabs is named as such") {
    const Dataset train = random_dataset(2, true, 61);
    for (const char* separator : {";", "\t"}) {
        std::string text = make_csv(train, true);
        for (char& c : text)
            if (c == ',') c = separator[0];
        const Result res = read_csv(text, CsvKind::Auto, 0, "train.csv");
        check_error(res, "train.csv", 1, 0);
        CHECK(res.reader.error().message.rfind(std::string("the values are separated by ") +
                                                   (separator[0] == ';' ? "semicolons (;)" : "tabs"), 0) == 0);
    }
}
