#pragma once
// The shared-memory link's data structure: one file in /dev/shm, mapped by
// the CPU process and one device server on the same host, holding a pair of
// single-producer single-consumer byte rings (CPU -> server, server -> CPU).
// A message is a 4-byte length and that many bytes of a serialised bridge
// message, padded to 8; the writer publishes it by moving `tail`, the reader
// frees it by moving `head` (both count bytes ever written, so they never
// wrap). Waiting spins briefly, then sleeps on a futex word the other side
// bumps; a side that sleeps says so, so that an idle link costs no system
// calls on the busy path and no CPU while idle. docs/bridge.md, "The
// shared-memory link".
//
// The other process is not trusted to keep the ring sane: every length read
// from shared memory is checked against the ring before it is used, and a
// bad one ends the link with a message, never a crash.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace loom::bridge {

struct ShmRingControl {
  alignas(64) std::atomic<uint64_t> tail{0};  // bytes published by the writer
  alignas(64) std::atomic<uint64_t> head{0};  // bytes released by the reader
  // Futex words: bumped after each publish / release; the flags say a side
  // sleeps on them and must be woken.
  alignas(64) std::atomic<uint32_t> published{0};
  std::atomic<uint32_t> reader_sleeps{0};
  alignas(64) std::atomic<uint32_t> released{0};
  std::atomic<uint32_t> writer_sleeps{0};
};

struct ShmSegmentHeader {
  static constexpr uint64_t kMagic = 0x4b4e494c4d4f4f4cull;  // "LOOMLINK"
  static constexpr uint32_t kVersion = 1;
  uint64_t magic;
  uint32_t version;
  uint32_t ring_bytes;  // capacity of each ring, a power of two
  // Set by a side that ends the link on purpose (not a crash).
  std::atomic<uint32_t> closed[2];
  ShmRingControl rings[2];  // [0]: CPU -> server, [1]: server -> CPU
};

// One direction of the link as one side sees it.
class ShmRing {
 public:
  ShmRing(ShmRingControl& control, uint8_t* data, uint32_t capacity) : c_(control), data_(data), capacity_(capacity) {}

  uint32_t capacity() const { return capacity_; }
  // The largest message that fits.
  uint32_t max_message() const { return capacity_ / 2; }

  // Writer: room for `bytes` of payload now?
  bool has_room(uint32_t bytes) const;
  // Writer: copies `size` bytes made by `fill` (which writes at most two
  // spans: the ring may wrap) and publishes them. Call only with room.
  void publish(uint32_t size, const std::function<void(uint8_t* first, uint32_t first_size, uint8_t* second)>& fill);

  // Reader: is a message there? Its payload size (after checking it against
  // the ring) in `size`; false with `error` set when the ring is corrupt.
  bool peek(uint32_t& size, std::string& error) const;
  // Reader: the payload's two spans (the second empty unless it wraps).
  void payload(uint32_t size, const uint8_t*& first, uint32_t& first_size, const uint8_t*& second) const;
  void release(uint32_t size);
  // Failure tests: publishes a length larger than the ring.
  void publish_garbage();

  // Sleeping until the other side publishes / releases something (or
  // `timeout` passes): the flag, a check, then the futex.
  bool wait_published(const std::function<bool()>& ready, std::chrono::microseconds timeout);
  bool wait_released(const std::function<bool()>& ready, std::chrono::microseconds timeout);
  // Wakes a sleeper on either word (cancellation).
  void wake_all();

 private:
  static uint32_t framed(uint32_t size) { return (4 + size + 7) & ~7u; }
  bool wait_on(std::atomic<uint32_t>& word, std::atomic<uint32_t>& sleeps, const std::function<bool()>& ready,
               std::chrono::microseconds timeout);
  void copy_in(uint64_t at, const void* bytes, uint32_t size);

  ShmRingControl& c_;
  uint8_t* data_;
  uint32_t capacity_;
};

// The mapped segment: creates (server) or opens (CPU) the file, maps it and
// lays the rings out. The creator removes the name once the other side has
// it (the CPU unlinks after opening), so nothing is left in /dev/shm.
class ShmSegment {
 public:
  // Creates /dev/shm/loom-link-<random> (0600, exclusive) for rings of
  // `ring_bytes` each. Throws std::runtime_error with one line.
  static ShmSegment create(uint32_t ring_bytes);
  // Opens and checks a segment the peer created, then unlinks its name.
  static ShmSegment open_and_unlink(const std::string& path);
  ShmSegment(ShmSegment&& other) noexcept;
  ShmSegment& operator=(ShmSegment&&) = delete;
  ~ShmSegment();

  const std::string& path() const { return path_; }
  ShmSegmentHeader& header() { return *header_; }
  // Ring `direction` (0: CPU -> server, 1: server -> CPU).
  ShmRing ring(int direction);
  // Removes the name if it is still there (the CPU never came).
  void unlink_name();

 private:
  ShmSegment(std::string path, void* base, size_t size);
  std::string path_;
  void* base_ = nullptr;
  size_t size_ = 0;
  ShmSegmentHeader* header_ = nullptr;
};

// Who may share memory with whom: this boot of this host, this user, this
// /dev/shm. Two processes with the same string can use the link.
std::string shm_host_identity();

}  // namespace loom::bridge
