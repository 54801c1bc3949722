// Streaming reader of the archives Kaggle's data comes in: a zip with stored or deflated members (the
// competition's digit-recognizer.zip) or a gzip file (train.csv.gz). Fed the archive in chunks of any size,
// it hands each member's inflated bytes to a sink as they come, so neither the archive nor a member is ever
// held whole. Inflating is zlib's.
//
// A zip is read front to back by its local headers (the central directory at its end would need the whole
// file first); members whose sizes follow their data (a data descriptor, as streaming zip writers do) are
// read to the end of their deflate stream. Every member's CRC-32 and size are checked.
//
// Each failure stops the reader with one message naming the archive and the member: damaged data, a
// truncated archive, an encrypted member, an unknown compression method, or a member that inflates (or says
// in its header it would) to more than the limit: a small file must not make us inflate gigabytes.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct z_stream_s;

namespace dl {

enum class ArchiveKind { None, Zip, Gzip };

// The archive a file is by its first bytes (4 are enough; fewer may say None for a short zip).
ArchiveKind archive_kind(std::string_view head);

// Where the members go. A false from member_data or member_end stops the reader with no message of its own:
// the sink has the reason.
class ArchiveSink {
public:
    virtual ~ArchiveSink() = default;
    // False skips the member: it is still inflated to find its end and check it, but not handed over.
    virtual bool member_begin(const std::string& name) = 0;
    virtual bool member_data(std::string_view data) = 0;
    virtual bool member_end() = 0;
};

// Kaggle's train.csv is 73 MB; a digit CSV of 512 MB would hold 170,000 to 330,000 images.
constexpr uint64_t kArchiveMemberLimit = 512ull << 20;

class ArchiveReader {
public:
    // `kind` Zip or Gzip; `name` is the archive's file name, for messages and for a gzip member's name (the
    // name without .gz).
    ArchiveReader(std::string name, ArchiveKind kind, uint64_t member_limit = kArchiveMemberLimit);
    ~ArchiveReader();
    ArchiveReader(const ArchiveReader&) = delete;
    ArchiveReader& operator=(const ArchiveReader&) = delete;

    // Both return false once the archive is known to be bad or the sink stopped; never throw. The sink is
    // passed with each call (not kept), so that its owner may be moved between calls.
    bool archive_feed(std::string_view chunk, ArchiveSink& sink);
    bool archive_finish(ArchiveSink& sink);

    bool failed() const { return failed_; }
    // Why the reader stopped; empty when the sink stopped it.
    const std::string& error() const { return error_; }
    const std::string& name() const { return name_; }

private:
    enum class State { Header, Data, Descriptor, Trailer };

    bool fail(std::string message);
    bool damaged(const std::string& why);
    bool gather(std::string_view& chunk, size_t n);
    bool header_take(std::string_view& chunk);
    bool member_open();
    bool data_take(std::string_view& chunk);
    bool inflate_take(std::string_view& chunk);
    bool output(const char* data, size_t n);
    bool member_close();
    bool descriptor_take(std::string_view& chunk);
    bool member_check(uint32_t crc, uint64_t size);

    std::string name_;
    ArchiveKind kind_;
    ArchiveSink* sink_ = nullptr;  // during a call
    uint64_t limit_;
    std::unique_ptr<z_stream_s> z_;
    State state_ = State::Header;
    bool failed_ = false;
    std::string error_;
    std::string head_;  // a header being gathered across chunks
    std::vector<char> out_;  // inflated bytes on their way to the sink

    // The member being read.
    std::string member_;
    bool deflated_ = false;
    bool descriptor_ = false;  // its CRC and sizes follow its data
    bool zip64_ = false;
    bool wanted_ = false;
    bool begun_ = false;  // a gzip file's one member was announced to the sink
    bool stream_end_ = false;  // a gzip member's deflate stream (and trailer) ended
    uint32_t crc_expected_ = 0;
    uint64_t size_expected_ = 0;
    uint64_t packed_left_ = 0;  // compressed bytes still to come, when known
    uint64_t inflated_ = 0;
    uint32_t crc_ = 0;
};

}  // namespace dl
