// A file of digits as a user has it: Kaggle's train.csv or test.csv, either gzipped (train.csv.gz), or the
// competition's digit-recognizer.zip holding both (and sample_submission.csv, which is ignored). What it is
// comes from its first bytes, not its name. Fed in chunks of any size; a CSV inside an archive streams from
// the archive reader into a CsvReader, never held whole.
//
// Messages name the archive before the CSV error: "digit-recognizer.zip: train.csv, line 3, column 5: 'abc'
// is not a number".
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "archive_reader.hpp"
#include "csv_reader.hpp"

namespace dl {

struct DataFile {
    std::string name;  // the CSV's name (a member's, inside an archive)
    CsvKind kind;      // Train or Test
    Dataset data;
};

class DataFileReader : private ArchiveSink {
public:
    // `wanted` Train or Test: the CSV of that kind (an archive's train.csv or test.csv; a member of another
    // name is read as that kind). Auto: every CSV of the file, train.csv and test.csv, or by its header.
    DataFileReader(std::string file_name, CsvKind wanted, uint64_t member_limit = kArchiveMemberLimit);

    // Both return false once the file is known to be bad; error() then says why. Never throw.
    bool data_feed(std::string_view chunk);
    bool data_finish();

    bool failed() const { return !error_.empty(); }
    const std::string& error() const { return error_; }
    // After data_finish: the CSVs read, at most one of each kind.
    std::vector<DataFile>& files() { return files_; }
    // The one of `kind`, or null.
    DataFile* file_of(CsvKind kind);

private:
    bool start();
    bool feed(std::string_view chunk);
    bool csv_done();
    bool csv_failed();
    bool archive_failed();
    bool member_begin(const std::string& name) override;
    bool member_data(std::string_view data) override;
    bool member_end() override;

    std::string name_;
    CsvKind wanted_;
    uint64_t limit_;
    std::string head_;  // the first bytes, until they tell what the file is
    bool started_ = false;
    ArchiveKind archive_kind_ = ArchiveKind::None;
    std::unique_ptr<ArchiveReader> archive_;
    std::optional<CsvReader> csv_;  // the CSV being read
    std::string csv_name_;
    std::vector<DataFile> files_;
    std::string error_;
};

}  // namespace dl
