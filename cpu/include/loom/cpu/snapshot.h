#pragma once
// Snapshots of the board's state: a binary file of named, versioned
// sections, one per part (the machine, each hart, each RAM region, each
// device; later each device server). Modelled on QEMU's VMState: every part
// names its section and its version, writes its fields in a fixed order and
// reads them back checking both, so that a snapshot from another platform
// or another Loom is refused with one line naming what differs.
//
// File: "LOOMSNAP", u32 format version, then sections: u32 name length,
// name, u32 version, u64 payload length, payload. Little-endian.

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace loom::cpu {

class SnapshotError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class StateWriter {
 public:
  StateWriter();
  void begin(const std::string& section, uint32_t version);
  void end();

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
  // Writes the snapshot to `path` (a new file, then renamed over it).
  void write_file(const std::string& path) const;

 private:
  void raw(const void* data, uint64_t size);
  std::string out_;
  size_t length_at_ = 0;  // where the open section's payload length goes
  bool open_ = false;
};

class StateReader {
 public:
  // `origin` names the snapshot in messages (its path).
  StateReader(std::string data, std::string origin);
  static StateReader from_file(const std::string& path);

  // The next section must be `section` at `version`; throws SnapshotError.
  void begin(const std::string& section, uint32_t version);
  // Throws if the section has bytes left (the reader and writer disagree).
  void end();

  uint64_t u64() { return scalar<uint64_t>(); }
  uint32_t u32() { return scalar<uint32_t>(); }
  bool boolean() { return u32() != 0; }
  void bytes(void* data, uint64_t size) { raw(data, size); }
  std::string string();
  template <typename T>
  void pod(T& value) {
    static_assert(std::is_trivially_copyable_v<T>);
    raw(&value, sizeof value);
  }
  // Fails with `what` as the reason, naming the snapshot and the section.
  [[noreturn]] void fail(const std::string& what) const;

 private:
  template <typename T>
  T scalar() {
    T value;
    raw(&value, sizeof value);
    return value;
  }
  void raw(void* data, uint64_t size);
  std::string data_;
  std::string origin_;
  std::string section_;
  size_t at_ = 0;
  size_t section_end_ = 0;
};

}  // namespace loom::cpu
