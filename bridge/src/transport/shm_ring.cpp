#include "transport/shm_ring.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <stdexcept>

#include <fcntl.h>
#include <linux/futex.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace loom::bridge {
namespace {

static_assert(std::atomic<uint32_t>::is_always_lock_free && std::atomic<uint64_t>::is_always_lock_free,
              "the rings need lock-free atomics, shared between processes");

constexpr const char* kShmDir = "/dev/shm";

void futex_wait(std::atomic<uint32_t>& word, uint32_t expected, std::chrono::microseconds timeout) {
  timespec ts{};
  ts.tv_sec = static_cast<time_t>(timeout.count() / 1'000'000);
  ts.tv_nsec = static_cast<long>(timeout.count() % 1'000'000) * 1000;
  // Not FUTEX_PRIVATE: the word is shared with another process.
  syscall(SYS_futex, reinterpret_cast<uint32_t*>(&word), FUTEX_WAIT, expected, &ts, nullptr, 0);
}

void futex_wake(std::atomic<uint32_t>& word) {
  syscall(SYS_futex, reinterpret_cast<uint32_t*>(&word), FUTEX_WAKE, INT32_MAX, nullptr, nullptr, 0);
}

size_t segment_size(uint32_t ring_bytes) {
  const size_t header = (sizeof(ShmSegmentHeader) + 4095) & ~size_t{4095};
  return header + 2 * size_t{ring_bytes};
}

std::string first_line_of(const char* path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

}  // namespace

bool ShmRing::has_room(uint32_t bytes) const {
  const uint64_t used = c_.tail.load(std::memory_order_relaxed) - c_.head.load(std::memory_order_acquire);
  return used <= capacity_ && capacity_ - used >= framed(bytes);
}

void ShmRing::copy_in(uint64_t at, const void* bytes, uint32_t size) {
  const uint32_t offset = static_cast<uint32_t>(at & (capacity_ - 1));
  const uint32_t first = std::min(size, capacity_ - offset);
  std::memcpy(data_ + offset, bytes, first);
  std::memcpy(data_, static_cast<const uint8_t*>(bytes) + first, size - first);
}

void ShmRing::publish(uint32_t size,
                      const std::function<void(uint8_t* first, uint32_t first_size, uint8_t* second)>& fill) {
  const uint64_t tail = c_.tail.load(std::memory_order_relaxed);
  copy_in(tail, &size, 4);
  const uint32_t offset = static_cast<uint32_t>((tail + 4) & (capacity_ - 1));
  const uint32_t first = std::min(size, capacity_ - offset);
  fill(data_ + offset, first, data_);
  // Sequentially consistent, as the reader's flag: either the reader sees
  // the new tail, or this side sees that the reader sleeps.
  c_.tail.store(tail + framed(size), std::memory_order_seq_cst);
  c_.published.fetch_add(1, std::memory_order_seq_cst);
  if (c_.reader_sleeps.load(std::memory_order_seq_cst)) futex_wake(c_.published);
}

void ShmRing::publish_garbage() {
  const uint64_t tail = c_.tail.load(std::memory_order_relaxed);
  const uint32_t absurd = 0xfffffff0u;
  copy_in(tail, &absurd, 4);
  c_.tail.store(tail + 8, std::memory_order_seq_cst);
  c_.published.fetch_add(1, std::memory_order_seq_cst);
  if (c_.reader_sleeps.load(std::memory_order_seq_cst)) futex_wake(c_.published);
}

bool ShmRing::peek(uint32_t& size, std::string& error) const {
  const uint64_t head = c_.head.load(std::memory_order_relaxed);
  const uint64_t available = c_.tail.load(std::memory_order_acquire) - head;
  if (available == 0) return false;
  uint32_t length = 0;
  const uint32_t offset = static_cast<uint32_t>(head & (capacity_ - 1));
  const uint32_t first = std::min(4u, capacity_ - offset);
  std::memcpy(&length, data_ + offset, first);
  std::memcpy(reinterpret_cast<uint8_t*>(&length) + first, data_, 4 - first);
  if (available > capacity_ || length > max_message() || framed(length) > available) {
    error = fmt::format("corrupt shared-memory ring: a {}-byte message with {} bytes published", length, available);
    return false;
  }
  size = length;
  return true;
}

void ShmRing::payload(uint32_t size, const uint8_t*& first, uint32_t& first_size, const uint8_t*& second) const {
  const uint64_t head = c_.head.load(std::memory_order_relaxed);
  const uint32_t offset = static_cast<uint32_t>((head + 4) & (capacity_ - 1));
  first = data_ + offset;
  first_size = std::min(size, capacity_ - offset);
  second = data_;
}

void ShmRing::release(uint32_t size) {
  c_.head.store(c_.head.load(std::memory_order_relaxed) + framed(size), std::memory_order_seq_cst);
  c_.released.fetch_add(1, std::memory_order_seq_cst);
  if (c_.writer_sleeps.load(std::memory_order_seq_cst)) futex_wake(c_.released);
}

bool ShmRing::wait_on(std::atomic<uint32_t>& word, std::atomic<uint32_t>& sleeps, const std::function<bool()>& ready,
                      std::chrono::microseconds timeout) {
  sleeps.store(1, std::memory_order_seq_cst);
  const uint32_t seen = word.load(std::memory_order_seq_cst);
  if (!ready()) futex_wait(word, seen, timeout);
  sleeps.store(0, std::memory_order_relaxed);
  return ready();
}

bool ShmRing::wait_published(const std::function<bool()>& ready, std::chrono::microseconds timeout) {
  return wait_on(c_.published, c_.reader_sleeps, ready, timeout);
}

bool ShmRing::wait_released(const std::function<bool()>& ready, std::chrono::microseconds timeout) {
  return wait_on(c_.released, c_.writer_sleeps, ready, timeout);
}

void ShmRing::wake_all() {
  c_.published.fetch_add(1, std::memory_order_seq_cst);
  c_.released.fetch_add(1, std::memory_order_seq_cst);
  futex_wake(c_.published);
  futex_wake(c_.released);
}

ShmSegment::ShmSegment(std::string path, void* base, size_t size)
    : path_(std::move(path)), base_(base), size_(size), header_(static_cast<ShmSegmentHeader*>(base)) {}

ShmSegment::ShmSegment(ShmSegment&& other) noexcept
    : path_(std::move(other.path_)), base_(other.base_), size_(other.size_), header_(other.header_) {
  other.base_ = nullptr;
  other.header_ = nullptr;
}

ShmSegment::~ShmSegment() {
  if (base_) munmap(base_, size_);
}

ShmSegment ShmSegment::create(uint32_t ring_bytes) {
  if (ring_bytes < 4096 || (ring_bytes & (ring_bytes - 1)) != 0) {
    throw std::runtime_error(fmt::format("shared-memory ring of {} bytes: not a power of two of 4 KiB or more",
                                         ring_bytes));
  }
  std::random_device random;
  for (int attempt = 0; attempt < 16; ++attempt) {
    const std::string path = fmt::format("{}/loom-link-{:08x}{:08x}", kShmDir, random(), random());
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0 && errno == EEXIST) continue;
    if (fd < 0) throw std::runtime_error(fmt::format("cannot create {}: {}", path, std::strerror(errno)));
    const size_t size = segment_size(ring_bytes);
    void* base = MAP_FAILED;
    if (ftruncate(fd, static_cast<off_t>(size)) == 0) {
      base = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    }
    const int saved = errno;
    ::close(fd);
    if (base == MAP_FAILED) {
      ::unlink(path.c_str());
      throw std::runtime_error(fmt::format("cannot map {} ({} bytes): {}", path, size, std::strerror(saved)));
    }
    auto* header = new (base) ShmSegmentHeader{};
    header->magic = ShmSegmentHeader::kMagic;
    header->version = ShmSegmentHeader::kVersion;
    header->ring_bytes = ring_bytes;
    return ShmSegment(path, base, size);
  }
  throw std::runtime_error(fmt::format("cannot create a shared-memory link in {}", kShmDir));
}

ShmSegment ShmSegment::open_and_unlink(const std::string& path) {
  // Only a file the server made in /dev/shm, for this user, not a link.
  if (path.rfind(std::string(kShmDir) + "/loom-link-", 0) != 0 || path.find("/..") != std::string::npos) {
    throw std::runtime_error(fmt::format("the server named {} for the shared-memory link", path));
  }
  const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) throw std::runtime_error(fmt::format("cannot open {}: {}", path, std::strerror(errno)));
  ::unlink(path.c_str());
  struct stat st {};
  void* base = MAP_FAILED;
  size_t size = 0;
  if (fstat(fd, &st) == 0 && st.st_uid == geteuid() && static_cast<size_t>(st.st_size) >= sizeof(ShmSegmentHeader)) {
    size = static_cast<size_t>(st.st_size);
    base = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  }
  ::close(fd);
  if (base == MAP_FAILED) throw std::runtime_error(fmt::format("cannot map {}", path));
  ShmSegment segment(path, base, size);
  const ShmSegmentHeader& h = segment.header();
  const uint32_t ring = h.ring_bytes;
  if (h.magic != ShmSegmentHeader::kMagic || h.version != ShmSegmentHeader::kVersion || ring < 4096 ||
      (ring & (ring - 1)) != 0 || segment_size(ring) != size) {
    throw std::runtime_error(fmt::format("{} is not a Loom shared-memory link of this version", path));
  }
  return segment;
}

ShmRing ShmSegment::ring(int direction) {
  const size_t header = (sizeof(ShmSegmentHeader) + 4095) & ~size_t{4095};
  auto* data = static_cast<uint8_t*>(base_) + header + static_cast<size_t>(direction) * header_->ring_bytes;
  return ShmRing(header_->rings[direction], data, header_->ring_bytes);
}

void ShmSegment::unlink_name() { ::unlink(path_.c_str()); }

std::string shm_host_identity() {
  struct stat st {};
  if (stat(kShmDir, &st) != 0) return {};  // no /dev/shm: no shared-memory link
  return fmt::format("{}/{}/{}:{}", first_line_of("/proc/sys/kernel/random/boot_id"), geteuid(), st.st_dev,
                     st.st_ino);
}

}  // namespace loom::bridge
