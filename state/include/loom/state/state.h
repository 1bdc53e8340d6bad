#pragma once
// Snapshots of the board's state: named, versioned sections, one per part
// (the machine, each hart, each RAM region, each device, each device
// server's models). Modelled on QEMU's VMState: every part names its section
// and its version, writes its fields in a fixed order and reads them back
// checking both, so that a snapshot from another platform or another Loom
// is refused with one line naming what differs.
//
// A snapshot file: "LOOMSNAP", u32 format version, then sections. A part
// (one model's state inside a device server's section) is sections only.
// A section: u32 name length, name, u32 version, u64 payload length,
// payload. Little-endian. Header-only: device plugins use it too.

#include <sys/stat.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace loom::state {

class SnapshotError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

inline constexpr char kMagic[8] = {'L', 'O', 'O', 'M', 'S', 'N', 'A', 'P'};
inline constexpr uint32_t kFormatVersion = 2;

class StateWriter {
 public:
  // A whole snapshot (with the file header).
  StateWriter() {
    raw(kMagic, sizeof kMagic);
    u32(kFormatVersion);
  }
  // A part of one: sections only (a model's state, sent by its server).
  static StateWriter part() { return StateWriter(Part{}); }

  void begin(const std::string& section, uint32_t version) {
    if (open_) end();
    u32(static_cast<uint32_t>(section.size()));
    raw(section.data(), section.size());
    u32(version);
    length_at_ = out_.size();
    u64(0);  // the payload's length, once known
    open_ = true;
  }
  void end() {
    if (!open_) return;
    const uint64_t length = out_.size() - length_at_ - sizeof(uint64_t);
    std::memcpy(&out_[length_at_], &length, sizeof length);
    open_ = false;
  }

  void u64(uint64_t value) { raw(&value, sizeof value); }
  void u32(uint32_t value) { raw(&value, sizeof value); }
  void boolean(bool value) { u32(value ? 1 : 0); }
  void bytes(const void* data, uint64_t size) { raw(data, size); }
  void string(const std::string& text) {
    u64(text.size());
    raw(text.data(), text.size());
  }
  // A plain struct, as it is in memory (the section version covers its layout).
  template <typename T>
  void pod(const T& value) {
    static_assert(std::is_trivially_copyable_v<T>);
    raw(&value, sizeof value);
  }

  const std::string& data() const { return out_; }
  // Writes the snapshot to `path`: a new file renamed over the name, and
  // only over an older snapshot, never over anything else (a program).
  void write_file(const std::string& path) const;

 private:
  struct Part {};
  explicit StateWriter(Part) {}
  void raw(const void* data, uint64_t size) { out_.append(static_cast<const char*>(data), size); }
  std::string out_;
  size_t length_at_ = 0;  // where the open section's payload length goes
  bool open_ = false;
};

class StateReader {
 public:
  // A whole snapshot; `origin` names it in messages (its path).
  StateReader(std::string data, std::string origin) : data_(std::move(data)), origin_(std::move(origin)) {
    section_end_ = data_.size();
    if (data_.size() < sizeof kMagic + sizeof(uint32_t)) fail("not a Loom snapshot (too short)");
    char magic[sizeof kMagic];
    raw(magic, sizeof magic);
    if (std::memcmp(magic, kMagic, sizeof kMagic) != 0) fail("not a Loom snapshot");
    if (const uint32_t version = u32(); version != kFormatVersion) {
      fail("snapshot format " + std::to_string(version) + ", this Loom reads format " +
           std::to_string(kFormatVersion));
    }
  }
  // A part of one (StateWriter::part()); `origin` as above ("board.snap,
  // device uart0").
  static StateReader part(std::string data, std::string origin) {
    return StateReader(Part{}, std::move(data), std::move(origin));
  }
  static StateReader from_file(const std::string& path);

  // The next section must be `section` at `version`; throws SnapshotError.
  void begin(const std::string& section, uint32_t version) {
    section_.clear();
    section_end_ = data_.size();
    if (at_ == data_.size()) fail("has no section '" + section + "': it was taken of another board");
    const uint32_t length = u32();
    if (length > section_end_ - at_) fail("ends early (truncated)");
    std::string name(length, '\0');
    raw(name.data(), length);
    const uint32_t found_version = u32();
    const uint64_t payload = u64();
    if (name != section) {
      fail("holds section '" + printable(name) + "' where this board has '" + section +
           "': it was taken of another board");
    }
    section_ = name;
    if (found_version != version) {
      fail("version " + std::to_string(found_version) + ", this Loom reads version " + std::to_string(version));
    }
    if (payload > data_.size() - at_) fail("ends early (truncated)");
    section_end_ = at_ + payload;
  }
  // Throws if the section has bytes left (the reader and writer disagree).
  void end() {
    if (at_ != section_end_) {
      fail(std::to_string(section_end_ - at_) + " bytes left over (written by another Loom?)");
    }
    section_.clear();
    section_end_ = data_.size();
  }
  // True once every section has been read.
  bool at_end() const { return at_ == data_.size(); }

  uint64_t u64() { return scalar<uint64_t>(); }
  uint32_t u32() { return scalar<uint32_t>(); }
  bool boolean() { return u32() != 0; }
  void bytes(void* data, uint64_t size) { raw(data, size); }
  std::string string() {
    const uint64_t size = u64();
    if (size > section_end_ - at_) fail("ends early (truncated, or written by another Loom)");
    std::string text = data_.substr(at_, size);
    at_ += size;
    return text;
  }
  template <typename T>
  void pod(T& value) {
    static_assert(std::is_trivially_copyable_v<T>);
    raw(&value, sizeof value);
  }
  // Fails with `what` as the reason, naming the snapshot and the section.
  [[noreturn]] void fail(const std::string& what) const {
    if (section_.empty()) throw SnapshotError("snapshot " + origin_ + ": " + what);
    throw SnapshotError("snapshot " + origin_ + ": section '" + section_ + "': " + what);
  }
  const std::string& origin() const { return origin_; }

 private:
  struct Part {};
  StateReader(Part, std::string data, std::string origin)
      : data_(std::move(data)), origin_(std::move(origin)), section_end_(data_.size()) {}
  template <typename T>
  T scalar() {
    T value;
    raw(&value, sizeof value);
    return value;
  }
  void raw(void* data, uint64_t size) {
    if (size > section_end_ - at_) fail("ends early (truncated, or written by another Loom)");
    std::memcpy(data, data_.data() + at_, size);
    at_ += size;
  }
  // A name read from a file, fit for a one-line message.
  static std::string printable(const std::string& text) {
    std::string out;
    for (char c : text.substr(0, 64)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
    return out;
  }
  std::string data_;
  std::string origin_;
  std::string section_;
  size_t at_ = 0;
  size_t section_end_ = 0;
};

inline void StateWriter::write_file(const std::string& path) const {
  if (open_) throw SnapshotError("snapshot: a section is still open (a bug)");
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    char magic[sizeof kMagic] = {};
    std::ifstream existing(path, std::ios::binary);
    existing.read(magic, sizeof magic);
    if (!S_ISREG(st.st_mode) || std::memcmp(magic, kMagic, sizeof kMagic) != 0) {
      throw SnapshotError("snapshot " + path + ": a file that is not a Loom snapshot is there; not replacing it");
    }
  }
  // Never half a snapshot under the name: write aside, then rename.
  const std::string temporary = path + ".partial";
  {
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    file.write(out_.data(), static_cast<std::streamsize>(out_.size()));
    file.flush();
    if (!file) {
      const int error = errno;
      std::remove(temporary.c_str());
      throw SnapshotError("snapshot " + path + ": cannot write it: " + std::strerror(error));
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    const int error = errno;
    std::remove(temporary.c_str());
    throw SnapshotError("snapshot " + path + ": cannot write it: " + std::strerror(error));
  }
}

inline StateReader StateReader::from_file(const std::string& path) {
  // A FIFO would block the reader (a debugger session) for good.
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    throw SnapshotError("snapshot " + path + ": not a regular file");
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) throw SnapshotError("snapshot " + path + ": cannot read it: " + std::strerror(errno));
  std::ostringstream content;
  content << file.rdbuf();
  return StateReader(content.str(), path);
}

}  // namespace loom::state
