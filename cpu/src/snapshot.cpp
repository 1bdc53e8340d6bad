#include "loom/cpu/snapshot.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <sstream>

#include <sys/stat.h>

namespace loom::cpu {
namespace {

constexpr char kMagic[8] = {'L', 'O', 'O', 'M', 'S', 'N', 'A', 'P'};
constexpr uint32_t kFormatVersion = 1;

}  // namespace

StateWriter::StateWriter() {
  raw(kMagic, sizeof kMagic);
  u32(kFormatVersion);
}

void StateWriter::raw(const void* data, uint64_t size) { out_.append(static_cast<const char*>(data), size); }

void StateWriter::begin(const std::string& section, uint32_t version) {
  if (open_) end();
  u32(static_cast<uint32_t>(section.size()));
  raw(section.data(), section.size());
  u32(version);
  length_at_ = out_.size();
  u64(0);  // the payload's length, once known
  open_ = true;
}

void StateWriter::end() {
  if (!open_) return;
  const uint64_t length = out_.size() - length_at_ - sizeof(uint64_t);
  std::memcpy(&out_[length_at_], &length, sizeof length);
  open_ = false;
}

void StateWriter::write_file(const std::string& path) const {
  if (open_) throw SnapshotError("snapshot: a section is still open (a bug)");
  // Replaces an older snapshot, never anything else (a program, an image).
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    char magic[sizeof kMagic] = {};
    std::ifstream existing(path, std::ios::binary);
    existing.read(magic, sizeof magic);
    if (!S_ISREG(st.st_mode) || std::memcmp(magic, kMagic, sizeof kMagic) != 0) {
      throw SnapshotError(fmt::format("snapshot {}: a file that is not a Loom snapshot is there; not replacing it", path));
    }
  }
  // Never half a snapshot under the name: write aside, then rename.
  const std::string temporary = path + ".partial";
  {
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    file.write(out_.data(), static_cast<std::streamsize>(out_.size()));
    file.flush();
    if (!file) {
      std::remove(temporary.c_str());
      throw SnapshotError(fmt::format("snapshot {}: cannot write it: {}", path, std::strerror(errno)));
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    std::remove(temporary.c_str());
    throw SnapshotError(fmt::format("snapshot {}: cannot write it: {}", path, std::strerror(errno)));
  }
}

StateReader::StateReader(std::string data, std::string origin) : data_(std::move(data)), origin_(std::move(origin)) {
  char magic[sizeof kMagic];
  section_end_ = data_.size();
  if (data_.size() < sizeof kMagic + sizeof(uint32_t)) fail("not a Loom snapshot (too short)");
  raw(magic, sizeof magic);
  if (std::memcmp(magic, kMagic, sizeof kMagic) != 0) fail("not a Loom snapshot");
  if (const uint32_t version = u32(); version != kFormatVersion) {
    fail(fmt::format("snapshot format {}, this Loom reads format {}", version, kFormatVersion));
  }
}

StateReader StateReader::from_file(const std::string& path) {
  // A FIFO would block the reader (a debugger session) for good.
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    throw SnapshotError(fmt::format("snapshot {}: not a regular file", path));
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) throw SnapshotError(fmt::format("snapshot {}: cannot read it: {}", path, std::strerror(errno)));
  std::ostringstream content;
  content << file.rdbuf();
  return StateReader(content.str(), path);
}

void StateReader::fail(const std::string& what) const {
  if (section_.empty()) throw SnapshotError(fmt::format("snapshot {}: {}", origin_, what));
  throw SnapshotError(fmt::format("snapshot {}: section '{}': {}", origin_, section_, what));
}

void StateReader::raw(void* data, uint64_t size) {
  if (size > section_end_ - at_) fail("ends early (truncated, or written by another Loom)");
  std::memcpy(data, data_.data() + at_, size);
  at_ += size;
}

std::string StateReader::string() {
  const uint64_t size = u64();
  if (size > section_end_ - at_) fail("ends early (truncated, or written by another Loom)");
  std::string text = data_.substr(at_, size);
  at_ += size;
  return text;
}

void StateReader::begin(const std::string& section, uint32_t version) {
  section_.clear();
  section_end_ = data_.size();
  if (at_ == data_.size()) fail(fmt::format("has no section '{}': it was taken of another board", section));
  const uint32_t length = u32();
  std::string name(length, '\0');
  if (length > section_end_ - at_) fail("ends early (truncated)");
  raw(name.data(), length);
  const uint32_t found_version = u32();
  const uint64_t payload = u64();
  if (name != section) {
    fail(fmt::format("holds section '{}' where this board has '{}': it was taken of another board", name, section));
  }
  section_ = name;
  if (found_version != version) {
    fail(fmt::format("version {}, this Loom reads version {}", found_version, version));
  }
  if (payload > data_.size() - at_) fail("ends early (truncated)");
  section_end_ = at_ + payload;
}

void StateReader::end() {
  if (at_ != section_end_) fail(fmt::format("{} bytes left over (written by another Loom?)", section_end_ - at_));
  section_.clear();
  section_end_ = data_.size();
}

}  // namespace loom::cpu
