#include "archive_reader.hpp"

#include <zlib.h>

#include <algorithm>
#include <utility>

namespace dl {

namespace {

constexpr uint32_t kLocalHeader = 0x04034b50, kCentralHeader = 0x02014b50, kEndOfCentral = 0x06054b50;
constexpr uint32_t kDescriptor = 0x08074b50;
constexpr size_t kLocalHeaderSize = 30;
constexpr uint32_t kZip64Size = 0xFFFFFFFF;  // a size that the ZIP64 extra field holds instead
constexpr size_t kOutChunk = 64 * 1024;

uint64_t le(std::string_view s, size_t at, int bytes) {
    uint64_t v = 0;
    for (int i = bytes; i-- > 0;) v = v << 8 | uint8_t(s[at + size_t(i)]);
    return v;
}

std::string megabytes(uint64_t bytes) { return std::to_string((bytes + (1 << 20) - 1) >> 20) + " MB"; }

// "train.csv.gz" -> "train.csv": the one member of a gzip file is named after it.
std::string gzip_member_name(const std::string& archive) {
    const size_t slash = archive.find_last_of("/\\");
    std::string base = archive.substr(slash == std::string::npos ? 0 : slash + 1);
    if (base.size() > 3 && base.compare(base.size() - 3, 3, ".gz") == 0) base.resize(base.size() - 3);
    return base;
}

}  // namespace

ArchiveKind archive_kind(std::string_view head) {
    if (head.size() >= 2 && uint8_t(head[0]) == 0x1f && uint8_t(head[1]) == 0x8b) return ArchiveKind::Gzip;
    if (head.size() >= 4 && (le(head, 0, 4) == kLocalHeader || le(head, 0, 4) == kEndOfCentral)) return ArchiveKind::Zip;
    return ArchiveKind::None;
}

ArchiveReader::ArchiveReader(std::string name, ArchiveKind kind, uint64_t member_limit)
    : name_(std::move(name)), kind_(kind), limit_(member_limit), z_(std::make_unique<z_stream>()) {
    // Raw deflate in a zip (the zip headers frame it); zlib reads and checks the gzip header and trailer.
    if (inflateInit2(z_.get(), kind == ArchiveKind::Gzip ? 16 + MAX_WBITS : -MAX_WBITS) != Z_OK) {
        fail(name_ + ": out of memory for inflating");
        return;
    }
    if (kind == ArchiveKind::Gzip) {
        member_ = gzip_member_name(name_);
        deflated_ = true;
        state_ = State::Data;
    }
}

ArchiveReader::~ArchiveReader() { inflateEnd(z_.get()); }

bool ArchiveReader::fail(std::string message) {
    if (!failed_) error_ = std::move(message);
    failed_ = true;
    return false;
}

bool ArchiveReader::damaged(const std::string& why) {
    return fail(name_ + ": " + member_ + " is damaged (" + why + "); download the archive again");
}

// Moves bytes from chunk to head_ until it holds n; false while it holds fewer.
bool ArchiveReader::gather(std::string_view& chunk, size_t n) {
    const size_t take = std::min(chunk.size(), n - std::min(n, head_.size()));
    head_.append(chunk.data(), take);
    chunk.remove_prefix(take);
    return head_.size() >= n;
}

// [SECTION] Zip headers

bool ArchiveReader::header_take(std::string_view& chunk) {
    if (!gather(chunk, 4)) return true;
    const uint64_t signature = le(head_, 0, 4);
    if (signature == kCentralHeader || signature == kEndOfCentral) {  // the members are over
        state_ = State::Trailer;
        return true;
    }
    if (signature != kLocalHeader)
        return fail(member_.empty() ? name_ + " is not a zip archive"
                                        : name_ + " is damaged (no member header after " + member_ +
                                              "); download it again");
    if (!gather(chunk, kLocalHeaderSize)) return true;
    if (!gather(chunk, kLocalHeaderSize + le(head_, 26, 2) + le(head_, 28, 2))) return true;
    return member_open();
}

bool ArchiveReader::member_open() {
    const std::string_view h = head_;
    const uint64_t flags = le(h, 6, 2), method = le(h, 8, 2), name_size = le(h, 26, 2);
    member_ = std::string(h.substr(kLocalHeaderSize, name_size));
    crc_expected_ = uint32_t(le(h, 14, 4));
    packed_left_ = le(h, 18, 4);
    size_expected_ = le(h, 22, 4);
    zip64_ = false;
    // ZIP64: the real sizes are in the extra field {u16 id 1, u16 size, u64 size, u64 packed size}.
    for (size_t at = kLocalHeaderSize + name_size; at + 4 <= h.size(); at += 4 + le(h, at + 2, 2)) {
        if (le(h, at, 2) == 1 && size_expected_ == kZip64Size && at + 20 <= h.size()) {
            zip64_ = true;
            size_expected_ = le(h, at + 4, 8);
            packed_left_ = le(h, at + 12, 8);
        }
    }
    head_.clear();
    if (flags & 1)
        return fail(name_ + ": " + member_ + " is encrypted; DigitLab cannot open password-protected archives "
                    "(extract the CSV files with the password and open those)");
    if (method != 0 && method != 8)
        return fail(name_ + ": " + member_ + " is compressed with method " + std::to_string(method) +
                    ", which DigitLab does not read (only stored and deflate, what zip tools write by default)");
    descriptor_ = flags & 8;
    deflated_ = method == 8;
    if (descriptor_ && !deflated_)
        return fail(name_ + ": " + member_ + " is stored with its size after its data, which cannot be read "
                    "as a stream (extract the archive and open the CSV files)");
    if (!descriptor_ && size_expected_ > limit_)
        return fail(name_ + ": " + member_ + " would inflate to " + megabytes(size_expected_) + ", over the limit of " +
                    megabytes(limit_) + " for a digit CSV (a zip bomb?)");
    if (deflated_) inflateReset(z_.get());
    inflated_ = 0;
    crc_ = 0;
    stream_end_ = false;
    wanted_ = sink_->member_begin(member_);
    state_ = State::Data;
    return deflated_ || packed_left_ > 0 || member_close();
}

bool ArchiveReader::descriptor_take(std::string_view& chunk) {
    // {optional signature, u32 crc, packed size, size}, sizes of 8 bytes in ZIP64.
    if (!gather(chunk, 4)) return true;
    const size_t at = le(head_, 0, 4) == kDescriptor ? 4 : 0;
    const int size_bytes = zip64_ ? 8 : 4;
    if (!gather(chunk, at + 4 + 2 * size_t(size_bytes))) return true;
    const uint32_t crc = uint32_t(le(head_, at, 4));
    const uint64_t size = le(head_, at + 4 + size_t(size_bytes), size_bytes);
    head_.clear();
    state_ = State::Header;
    return member_check(crc, size);
}

// [SECTION] Member data

bool ArchiveReader::output(const char* data, size_t n) {
    inflated_ += n;
    if (inflated_ > limit_)
        return fail(name_ + ": " + member_ + " inflates to more than " + megabytes(limit_) +
                    ", the limit for a digit CSV (a zip bomb?)");
    crc_ = uint32_t(crc32(crc_, reinterpret_cast<const Bytef*>(data), uInt(n)));
    if (wanted_ && !sink_->member_data({data, n})) {
        failed_ = true;
        return false;
    }
    return true;
}

bool ArchiveReader::data_take(std::string_view& chunk) {
    if (deflated_) return inflate_take(chunk);
    const size_t n = size_t(std::min<uint64_t>(chunk.size(), packed_left_));
    const bool ok = output(chunk.data(), n);
    chunk.remove_prefix(n);
    packed_left_ -= n;
    return ok && (packed_left_ > 0 || member_close());
}

bool ArchiveReader::inflate_take(std::string_view& chunk) {
    z_stream& z = *z_;
    if (stream_end_) {  // more after a gzip member: a concatenated gzip file continues it, as gunzip reads it
        inflateReset(&z);
        stream_end_ = false;
    }
    // A member of known size gets its own bytes only, so that a damaged stream cannot run into the next.
    const size_t n = descriptor_ || kind_ == ArchiveKind::Gzip ? chunk.size()
                                                               : size_t(std::min<uint64_t>(chunk.size(), packed_left_));
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(chunk.data()));
    z.avail_in = uInt(n);
    out_.resize(kOutChunk);  // not on the stack: a thread's stack may be small (WebAssembly)
    int rc = Z_OK;
    while (rc == Z_OK && (z.avail_in > 0 || z.avail_out == 0)) {
        z.next_out = reinterpret_cast<Bytef*>(out_.data());
        z.avail_out = uInt(out_.size());
        rc = inflate(&z, Z_NO_FLUSH);
        if (!output(out_.data(), out_.size() - z.avail_out)) return false;
    }
    const size_t used = n - z.avail_in;
    chunk.remove_prefix(used);
    packed_left_ -= std::min<uint64_t>(packed_left_, used);
    if (rc == Z_DATA_ERROR || rc == Z_NEED_DICT) return damaged(z.msg ? z.msg : "bad deflate data");
    if (rc == Z_MEM_ERROR) return fail(name_ + ": out of memory for inflating " + member_);
    if (rc != Z_STREAM_END) {
        if (used == 0 && n > 0) return damaged("its deflate stream is stuck");
        if (!descriptor_ && kind_ == ArchiveKind::Zip && packed_left_ == 0) return damaged("its data ends early");
        return true;
    }
    if (kind_ == ArchiveKind::Gzip) {
        stream_end_ = true;
        return true;
    }
    if (!descriptor_ && packed_left_ > 0) return damaged("its data is longer than its deflate stream");
    return member_close();
}

bool ArchiveReader::member_close() {
    if (descriptor_) {
        state_ = State::Descriptor;
        return true;
    }
    state_ = State::Header;
    return member_check(crc_expected_, size_expected_);
}

bool ArchiveReader::member_check(uint32_t crc, uint64_t size) {
    if (crc != crc_) return damaged("CRC-32 mismatch");
    if (size != inflated_) return damaged("its size differs from its header's");
    if (wanted_ && !sink_->member_end()) {
        failed_ = true;
        return false;
    }
    return true;
}

// [SECTION] Feeding

bool ArchiveReader::archive_feed(std::string_view chunk, ArchiveSink& sink) {
    sink_ = &sink;
    if (kind_ == ArchiveKind::Gzip && !begun_ && !failed_) {
        begun_ = true;
        wanted_ = sink.member_begin(member_);
    }
    while (!failed_ && !chunk.empty()) {
        switch (state_) {
            case State::Header: header_take(chunk); break;
            case State::Data: data_take(chunk); break;
            case State::Descriptor: descriptor_take(chunk); break;
            case State::Trailer: chunk = {}; break;  // the central directory repeats what the local headers said
        }
    }
    return !failed_;
}

bool ArchiveReader::archive_finish(ArchiveSink& sink) {
    sink_ = &sink;
    if (failed_) return false;
    if (kind_ == ArchiveKind::Gzip && stream_end_) return member_check(crc_, inflated_);  // zlib checked the trailer
    if (state_ == State::Trailer) return true;
    if (state_ == State::Header)  // between members, without the zip's directory
        return fail(name_ + " is truncated (" + (member_.empty() ? "it ends in its first header" : "it ends after " + member_) +
                    "); download it again");
    return fail(name_ + " is truncated (it ends inside " + member_ + "); download it again");
}

}  // namespace dl
