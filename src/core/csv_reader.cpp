#include "csv_reader.hpp"

#include <algorithm>
#include <utility>

namespace dl {

namespace {

constexpr size_t kMaxHeaderBytes = 64 * 1024;  // Kaggle's header is 7 KB; a longer "header" is not one.
constexpr size_t kQuoteChars = 12;              // how much of a bad value a message repeats

std::string expected_header_name(CsvKind kind, size_t column) {
    if (kind == CsvKind::Train) return column == 0 ? "label" : "pixel" + std::to_string(column - 1);
    return "pixel" + std::to_string(column);
}

std::string trim_header_name(std::string s) {
    auto is_space = [](char c) { return c == ' ' || c == '\t'; };
    while (!s.empty() && is_space(s.back())) s.pop_back();
    size_t i = 0;
    while (i < s.size() && is_space(s[i])) ++i;
    s.erase(0, i);
    if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
    return s;
}

bool looks_numeric(const std::string& s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+')) return false;
    return true;
}

}  // namespace

std::string CsvError::csv_error_text() const {
    std::string s = file;
    if (line) s += ", line " + std::to_string(line);
    if (column) s += ", column " + std::to_string(column);
    return s + ": " + message;
}

CsvReader::CsvReader(std::string file_name, CsvKind expected) : file_(std::move(file_name)), expected_(expected) {}

bool CsvReader::fail(size_t column, std::string message) {
    if (failed_) return false;
    failed_ = true;
    error_ = CsvError{file_, line_, column, std::move(message)};
    return false;
}

// [SECTION] Header

bool CsvReader::header_line_end() {
    // A spreadsheet saving in a locale with decimal commas separates fields by semicolons (or tabs): say so,
    // rather than that the whole line is a wrong first column name.
    if (header_.find(',') == std::string::npos) {
        const auto semicolons = std::count(header_.begin(), header_.end(), ';');
        const auto tabs = std::count(header_.begin(), header_.end(), '\t');
        if (semicolons + tabs > 0)
            return fail(0, std::string("the values are separated by ") + (semicolons >= tabs ? "semicolons (;)" : "tabs") +
                               ", not commas as in Kaggle's CSV files (was the file saved again by a spreadsheet?)");
    }
    // Split on commas; names may be quoted and padded.
    std::vector<std::string> names;
    size_t start = 0;
    for (size_t i = 0; i <= header_.size(); ++i) {
        if (i == header_.size() || header_[i] == ',') {
            names.push_back(trim_header_name(header_.substr(start, i - start)));
            start = i + 1;
        }
    }
    const bool has_label = names[0] == "label";
    if (!has_label && names[0] != "pixel0") {
        if (looks_numeric(names[0]))
            return fail(0, "missing header: the first line should be the column names (" +
                               std::string(expected_ == CsvKind::Test ? "pixel0,...,pixel783" : "label,pixel0,...,pixel783") +
                               "), not data");
        return fail(1, "unexpected header '" + names[0].substr(0, 40) + "': expected '" +
                           (expected_ == CsvKind::Test ? "pixel0" : "label") +
                           "' (is this Kaggle's digit CSV?)");
    }
    const CsvKind found = has_label ? CsvKind::Train : CsvKind::Test;
    if (expected_ == CsvKind::Train && found == CsvKind::Test)
        return fail(1, "this looks like test.csv (no 'label' column); the training file needs a label before the pixels");
    if (expected_ == CsvKind::Test && found == CsvKind::Train)
        return fail(1, "this looks like train.csv (it has a 'label' column); open it as the training file");
    kind_ = found;
    columns_expected_ = kImageSize + (found == CsvKind::Train ? 1 : 0);
    for (size_t c = 0; c < names.size(); ++c) {
        if (c >= size_t(columns_expected_))
            return fail(c + 1, "the header has " + std::to_string(names.size()) + " columns, expected " +
                                   std::to_string(columns_expected_));
        const std::string want = expected_header_name(kind_, c);
        if (names[c] != want)
            return fail(c + 1, "column is named '" + names[c].substr(0, 40) + "', expected '" + want + "'");
    }
    if (names.size() < size_t(columns_expected_))
        return fail(names.size(), "the header has " + std::to_string(names.size()) + " columns, expected " +
                                      std::to_string(columns_expected_) + " (" +
                                      (kind_ == CsvKind::Train ? "label, " : "") + "pixel0 to pixel783)");
    in_header_ = false;
    return true;
}

// [SECTION] Data rows

bool CsvReader::field_end() {
    const size_t col = column_ + 1;
    if (column_ >= size_t(columns_expected_))
        return fail(col, "too many values: a row has " + std::to_string(columns_expected_) + " columns");
    if (bad_char_ || (digits_ == 0 && !text_.empty()))
        return fail(col, "'" + text_ + "' is not a number");
    if (digits_ == 0) return fail(col, "empty value");
    const bool is_label = kind_ == CsvKind::Train && column_ == 0;
    if (negative_ && value_ != 0)
        return fail(col, (is_label ? "label " : "pixel value ") + text_ + (is_label ? " is outside 0-9" : " is outside 0-255"));
    if (fraction_nonzero_) return fail(col, "'" + text_ + "' is not a whole number");
    if (is_label) {
        if (value_ > 9) return fail(col, "label " + text_ + " is outside 0-9");
        data_.labels.push_back(uint8_t(value_));
    } else {
        if (value_ > 255) return fail(col, "pixel value " + text_ + " is outside 0-255");
        data_.pixels.push_back(uint8_t(value_));
    }
    ++column_;
    value_ = 0;
    digits_ = 0;
    seen_space_after_ = in_fraction_ = fraction_nonzero_ = bad_char_ = negative_ = false;
    text_.clear();
    return true;
}

bool CsvReader::row_end() {
    if (!field_end()) return false;
    if (column_ != size_t(columns_expected_))
        return fail(column_, "this row has " + std::to_string(column_) + " values, expected " +
                                 std::to_string(columns_expected_));
    ++data_.rows;
    data_.lines.push_back(int(line_));  // a row is one line: blank lines before it are counted already
    column_ = 0;
    return true;
}

// [SECTION] Byte loop
// One pass over each byte with no per-line buffering, so a chunk boundary may fall anywhere.

bool CsvReader::csv_feed(std::string_view chunk) {
    if (failed_) return false;
    for (size_t i = 0; i < chunk.size(); ++i) {
        const unsigned char c = (unsigned char)chunk[i];
        ++bytes_;
        // A UTF-8 byte order mark (EF BB BF) may open the file; it is not part of the first name.
        static const unsigned char kBom[3] = {0xEF, 0xBB, 0xBF};
        if (bom_bytes_ < 3 && bytes_ == bom_bytes_ + 1 && c == kBom[bom_bytes_]) {
            ++bom_bytes_;
            continue;
        }
        if (c == '\n' || c == '\r') {
            const bool crlf_second = c == '\n' && after_cr_;
            after_cr_ = c == '\r';
            if (crlf_second) continue;
            if (line_empty_) {  // blank line (or the end of the last one): nothing to do
                ++line_;
                continue;
            }
            if (in_header_ ? !header_line_end() : !row_end()) return false;
            ++line_;
            line_empty_ = true;
            continue;
        }
        after_cr_ = false;
        if (c == 0 || (c < 0x20 && c != '\t') || c == 0x7F)
            return fail(in_header_ ? 0 : column_ + 1,
                        "binary data (byte 0x" + std::string(1, "0123456789ABCDEF"[c >> 4]) +
                            std::string(1, "0123456789ABCDEF"[c & 15]) + "), not a CSV text file");
        if (in_header_) {
            if (header_.size() >= kMaxHeaderBytes)
                return fail(0, "the first line is longer than " + std::to_string(kMaxHeaderBytes / 1024) +
                                   " KB: not a CSV header");
            header_.push_back(char(c));
            line_empty_ = false;
            continue;
        }
        line_empty_ = false;
        if (c == ',') {
            if (!field_end()) return false;
            continue;
        }
        if (text_.size() < kQuoteChars) text_.push_back(char(c));
        if (c == ' ' || c == '\t') {
            if (digits_ > 0) seen_space_after_ = true;
            text_.pop_back();
            continue;
        }
        if (seen_space_after_) {
            bad_char_ = true;
        } else if (c >= '0' && c <= '9') {
            if (in_fraction_) {
                fraction_nonzero_ |= c != '0';
            } else {
                if (value_ < 100000) value_ = value_ * 10 + (c - '0');
                ++digits_;
            }
        } else if (c == '-' && text_.size() == 1) {
            negative_ = true;
        } else if (c == '.' && !in_fraction_ && digits_ > 0) {
            in_fraction_ = true;
        } else {
            bad_char_ = true;
        }
    }
    return true;
}

bool CsvReader::csv_finish() {
    if (failed_) return false;
    if (!line_empty_ && !(in_header_ ? header_line_end() : row_end())) return false;
    if (bytes_ == 0) {
        line_ = 0;
        return fail(0, "the file is empty");
    }
    if (in_header_) {
        line_ = 0;
        return fail(0, "the file has no header line");
    }
    if (data_.rows == 0) {
        line_ = 0;
        return fail(0, "the file has a header but no rows of data");
    }
    return true;
}

}  // namespace dl
