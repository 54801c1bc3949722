#include "data_file_reader.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

namespace dl {

namespace {

constexpr size_t kSignatureBytes = 4;  // what archive_kind needs

// A zip member's file name without its folders, in lower case.
std::string member_base(const std::string& name) {
    std::string base = name.substr(name.find_last_of('/') + 1);  // npos + 1 == 0
    std::transform(base.begin(), base.end(), base.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return base;
}

bool ends_with(const std::string& s, std::string_view end) {
    return s.size() >= end.size() && s.compare(s.size() - end.size(), end.size(), end) == 0;
}

}  // namespace

DataFileReader::DataFileReader(std::string file_name, CsvKind wanted, uint64_t member_limit)
    : name_(std::move(file_name)), wanted_(wanted), limit_(member_limit) {}

DataFile* DataFileReader::file_of(CsvKind kind) {
    for (DataFile& f : files_)
        if (f.kind == kind) return &f;
    return nullptr;
}

// [SECTION] Feeding

bool DataFileReader::start() {
    started_ = true;
    archive_kind_ = archive_kind(head_);
    if (archive_kind_ == ArchiveKind::None) {
        csv_.emplace(name_, wanted_);
        csv_name_ = name_;
    } else {
        archive_ = std::make_unique<ArchiveReader>(name_, archive_kind_, limit_);
    }
    return feed(head_);
}

bool DataFileReader::feed(std::string_view chunk) {
    if (archive_) return archive_->archive_feed(chunk, *this) || archive_failed();
    return csv_->csv_feed(chunk) || csv_failed();
}

bool DataFileReader::data_feed(std::string_view chunk) {
    if (failed()) return false;
    if (!started_) {
        const size_t take = std::min(chunk.size(), kSignatureBytes - head_.size());
        head_.append(chunk.data(), take);
        chunk.remove_prefix(take);
        if (head_.size() < kSignatureBytes) return true;
        if (!start()) return false;
    }
    return feed(chunk);
}

bool DataFileReader::data_finish() {
    if (failed() || (!started_ && !start())) return false;
    if (!archive_) return csv_done();
    if (!archive_->archive_finish(*this)) return archive_failed();
    if (!files_.empty()) return true;
    error_ = name_ + (wanted_ == CsvKind::Train  ? " holds no train.csv"
                      : wanted_ == CsvKind::Test ? " holds no test.csv"
                                                 : " holds neither train.csv nor test.csv (nor any other CSV)");
    return false;
}

bool DataFileReader::csv_done() {
    if (!csv_->csv_finish()) return csv_failed();
    if (!file_of(csv_->kind())) files_.push_back({csv_name_, csv_->kind(), std::move(csv_->dataset())});
    csv_.reset();
    return true;
}

bool DataFileReader::csv_failed() {
    error_ = (archive_kind_ == ArchiveKind::None ? "" : name_ + ": ") + csv_->error().csv_error_text();
    return false;
}

bool DataFileReader::archive_failed() {
    if (!archive_->error().empty()) error_ = archive_->error();  // else the CSV's message is there already
    return false;
}

// [SECTION] Members

bool DataFileReader::member_begin(const std::string& name) {
    CsvKind kind = wanted_;  // a gzip file's one member: the kind asked for
    if (archive_kind_ == ArchiveKind::Zip) {
        const std::string base = member_base(name);
        // sample_submission.csv is Kaggle's example of a result; macOS adds "._" copies of each file.
        if (!ends_with(base, ".csv") || base == "sample_submission.csv" || base.rfind("._", 0) == 0) return false;
        if (base == "train.csv") kind = CsvKind::Train;
        if (base == "test.csv") kind = CsvKind::Test;
        if (wanted_ != CsvKind::Auto && kind != wanted_) return false;
        if (kind != CsvKind::Auto && file_of(kind)) return false;
    }
    csv_.emplace(name, kind);
    csv_name_ = name;
    return true;
}

bool DataFileReader::member_data(std::string_view data) { return csv_->csv_feed(data) || csv_failed(); }

bool DataFileReader::member_end() { return csv_done(); }

}  // namespace dl
