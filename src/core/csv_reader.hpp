// Streaming reader for Kaggle's digit CSV files.
//
// train.csv: header `label,pixel0,...,pixel783`, then one row per image: a label 0-9 and 784 pixels 0-255.
// test.csv:  header `pixel0,...,pixel783`, rows of 784 pixels.
// The text is fed in chunks of any size (a file is never held whole in memory). Real exports vary, so CRLF
// or LF, a UTF-8 BOM, a missing final newline, spaces around values, quoted header names and pixels written
// as `0.0` are accepted; blank lines are skipped. Anything else stops the reader with one message naming
// file, line and column: the column of the offending value; for a row with too few values, the column where
// the row ended; for a header with too few names, its last column; column 0 when the whole line is wrong (a
// missing header) and line 0 when the whole file is (empty, a header only).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "dataset.hpp"

namespace dl {

enum class CsvKind { Train, Test, Auto };  // Auto: decided by the header (used for dropped files)

struct CsvError {
    std::string file;
    size_t line = 0;    // 1-based; 0 when the error is about the whole file
    size_t column = 0;  // 1-based CSV column; 0 when the error is about the whole line or file
    std::string message;

    // "train.csv, line 12, column 5: value 300 is outside 0-255"
    std::string csv_error_text() const;
};

class CsvReader {
public:
    CsvReader(std::string file_name, CsvKind expected);

    // Both return false once the file is known to be bad; error() then says why. Never throw.
    bool csv_feed(std::string_view chunk);
    bool csv_finish();

    bool failed() const { return failed_; }
    const CsvError& error() const { return error_; }
    CsvKind kind() const { return kind_; }  // Train or Test once the header is read
    int rows() const { return data_.rows; }
    Dataset& dataset() { return data_; }

private:
    bool fail(size_t column, std::string message);
    bool header_line_end();
    bool field_end();
    bool row_end();

    std::string file_;
    CsvKind expected_;
    CsvKind kind_ = CsvKind::Auto;
    Dataset data_;
    CsvError error_;
    bool failed_ = false;

    size_t line_ = 1;
    size_t column_ = 0;  // 0-based index of the field being read
    size_t bytes_ = 0;
    bool in_header_ = true;
    bool line_empty_ = true;
    bool after_cr_ = false;
    size_t bom_bytes_ = 0;
    std::string header_;

    // The field being read.
    uint32_t value_ = 0;
    int digits_ = 0;
    bool seen_space_after_ = false;
    bool in_fraction_ = false;
    bool fraction_nonzero_ = false;
    bool bad_char_ = false;
    bool negative_ = false;
    std::string text_;  // the field's first characters, for messages
    int columns_expected_ = 0;
};

}  // namespace dl
