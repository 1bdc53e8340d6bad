#include "virtio-blk/disk_image.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <cstring>

#include "loom/tlm_devices/model.h"
#include "virtio-blk/registers.h"

namespace loom::tlm_devices::virtio_blk {

DiskImage DiskImage::open(const std::string& device, const std::string& path, bool read_only, bool overlay) {
  const std::string image = "image '" + path + "'";
  auto fail = [&](const std::string& what) -> void { throw ModelError(device + ": " + what); };

  // An overlay never writes the file: it opens it as a reader.
  const bool file_read_only = read_only || overlay;
  const int fd = ::open(path.c_str(), (file_read_only ? O_RDONLY : O_RDWR) | O_CLOEXEC);
  if (fd < 0) {
    fail(std::string("cannot open ") + image + (read_only ? "" : " for writing") + ": " + std::strerror(errno));
  }
  DiskImage disk(fd, 0, read_only);  // closes the file if a check below throws

  struct stat info {};
  if (::fstat(fd, &info) != 0) fail("cannot stat " + image + ": " + std::strerror(errno));
  if (!S_ISREG(info.st_mode)) fail(image + " is not a regular file");
  const uint64_t size = static_cast<uint64_t>(info.st_size);
  if (size == 0) fail(image + " is empty");
  if (size % sector_bytes != 0) {
    fail(image + " is " + std::to_string(size) + " bytes, not a multiple of " + std::to_string(sector_bytes));
  }
  // Filesystems without flock (ENOLCK, EOPNOTSUPP) go unprotected rather
  // than unusable; only a lock held by someone else is an error.
  if (::flock(fd, (file_read_only ? LOCK_SH : LOCK_EX) | LOCK_NB) != 0 && errno == EWOULDBLOCK) {
    fail(image + " is in use by another device or process");
  }
  disk.size_bytes_ = size;
  disk.overlay_ = overlay && !read_only;
  disk.path_ = path;
  return disk;
}

DiskImage::DiskImage(int fd, uint64_t size_bytes, bool read_only)
    : fd_(fd), size_bytes_(size_bytes), read_only_(read_only) {}

DiskImage::DiskImage(DiskImage&& other) noexcept
    : fd_(other.fd_), size_bytes_(other.size_bytes_), read_only_(other.read_only_), overlay_(other.overlay_),
      path_(std::move(other.path_)), written_(std::move(other.written_)) {
  other.fd_ = -1;
}

DiskImage::~DiskImage() {
  if (fd_ >= 0) ::close(fd_);
}

bool DiskImage::read(uint64_t offset, uint8_t* data, uint64_t length) {
  for (uint64_t done = 0; done < length;) {
    const ssize_t count = ::pread(fd_, data + done, length - done, static_cast<off_t>(offset + done));
    if (count < 0 && errno == EINTR) continue;
    if (count <= 0) return false;
    done += static_cast<uint64_t>(count);
  }
  // The overlay's sectors over the file's (transfers are whole sectors).
  for (auto it = written_.lower_bound(offset / sector_bytes);
       it != written_.end() && it->first * sector_bytes < offset + length; ++it) {
    std::memcpy(data + (it->first * sector_bytes - offset), it->second.data(), sector_bytes);
  }
  return true;
}

bool DiskImage::write(uint64_t offset, const uint8_t* data, uint64_t length) {
  if (read_only_) return false;
  if (overlay_) {
    for (uint64_t done = 0; done < length; done += sector_bytes) {
      std::memcpy(written_[(offset + done) / sector_bytes].data(), data + done, sector_bytes);
    }
    return true;
  }
  for (uint64_t done = 0; done < length;) {
    const ssize_t count = ::pwrite(fd_, data + done, length - done, static_cast<off_t>(offset + done));
    if (count < 0 && errno == EINTR) continue;
    if (count <= 0) return false;
    done += static_cast<uint64_t>(count);
  }
  return true;
}

bool DiskImage::flush() {
  if (overlay_ || read_only_) return true;  // nothing of the guest's is in the file
  while (::fsync(fd_) != 0) {
    if (errno != EINTR) return false;
  }
  return true;
}

// FNV-1a over the first and last 64 KiB: enough to tell another image of
// the same size, without reading a large one whole.
uint64_t DiskImage::fingerprint() const {
  constexpr uint64_t kSpan = 64 * 1024;
  uint64_t hash = 1469598103934665603ull;
  std::array<uint8_t, 4096> block{};
  for (uint64_t start : {uint64_t{0}, size_bytes_ > kSpan ? size_bytes_ - kSpan : 0}) {
    for (uint64_t at = start; at < std::min(start + kSpan, size_bytes_); at += block.size()) {
      const ssize_t n = ::pread(fd_, block.data(), block.size(), static_cast<off_t>(at));
      for (ssize_t i = 0; i < n; ++i) hash = (hash ^ block[static_cast<size_t>(i)]) * 1099511628211ull;
    }
  }
  return hash;
}

void DiskImage::save(state::StateWriter& out) const {
  if (!read_only_ && !overlay_) {
    throw state::SnapshotError("its image '" + path_ + "' is written in place, so no snapshot could give it back as "
                               "it was: give the disk an overlay (params: { overlay: 1 }, or loom run "
                               "--disk-overlay) to keep the guest's writes in memory, or make it read-only");
  }
  out.u64(size_bytes_);
  out.u64(fingerprint());
  out.boolean(read_only_);
  out.u64(written_.size());
  for (const auto& [sector, bytes] : written_) {
    out.u64(sector);
    out.bytes(bytes.data(), bytes.size());
  }
}

void DiskImage::restore(state::StateReader& in) {
  const uint64_t size = in.u64(), print = in.u64();
  const bool read_only = in.boolean();
  if (size != size_bytes_ || print != fingerprint()) {
    in.fail("the snapshot's disk image is not '" + path_ + "' (another size or other contents)");
  }
  if (read_only != read_only_ || (!read_only_ && !overlay_)) {
    in.fail("the disk was " + std::string(read_only ? "read-only" : "an overlay") + " in the snapshot and is " +
            (read_only_ ? "read-only" : overlay_ ? "an overlay" : "written in place") + " here");
  }
  written_.clear();
  for (uint64_t n = in.u64(); n > 0; --n) {
    const uint64_t sector = in.u64();
    if (sector >= size_bytes_ / sector_bytes) in.fail("a written sector beyond the disk");
    in.bytes(written_[sector].data(), sector_bytes);
  }
}

}  // namespace loom::tlm_devices::virtio_blk
