#include "virtio-blk/disk_image.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "loom/tlm_devices/model.h"
#include "virtio-blk/registers.h"

namespace loom::tlm_devices::virtio_blk {

DiskImage DiskImage::open(const std::string& device, const std::string& path, bool read_only) {
  const std::string image = "image '" + path + "'";
  auto fail = [&](const std::string& what) -> void { throw ModelError(device + ": " + what); };

  const int fd = ::open(path.c_str(), (read_only ? O_RDONLY : O_RDWR) | O_CLOEXEC);
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
  if (::flock(fd, (read_only ? LOCK_SH : LOCK_EX) | LOCK_NB) != 0 && errno == EWOULDBLOCK) {
    fail(image + " is in use by another device or process");
  }
  disk.size_bytes_ = size;
  return disk;
}

DiskImage::DiskImage(int fd, uint64_t size_bytes, bool read_only)
    : fd_(fd), size_bytes_(size_bytes), read_only_(read_only) {}

DiskImage::DiskImage(DiskImage&& other) noexcept
    : fd_(other.fd_), size_bytes_(other.size_bytes_), read_only_(other.read_only_) {
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
  return true;
}

bool DiskImage::write(uint64_t offset, const uint8_t* data, uint64_t length) {
  if (read_only_) return false;
  for (uint64_t done = 0; done < length;) {
    const ssize_t count = ::pwrite(fd_, data + done, length - done, static_cast<off_t>(offset + done));
    if (count < 0 && errno == EINTR) continue;
    if (count <= 0) return false;
    done += static_cast<uint64_t>(count);
  }
  return true;
}

bool DiskImage::flush() {
  while (::fsync(fd_) != 0) {
    if (errno != EINTR) return false;
  }
  return true;
}

}  // namespace loom::tlm_devices::virtio_blk
