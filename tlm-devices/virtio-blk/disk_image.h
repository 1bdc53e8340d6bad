#pragma once
// The raw disk image behind a virtio-blk device: a regular file whose size
// is a whole number of 512-byte sectors, opened read/write (or read-only)
// and locked against a second writer (flock: exclusive for read/write,
// shared for read-only), so two devices never write one image.
//
// With an overlay (QEMU's -snapshot) the file is opened read-only and the
// guest's writes are kept in memory, sector by sector: the image is never
// changed, and a snapshot of the board holds the disk as the guest sees it.

#include <array>
#include <cstdint>
#include <map>
#include <string>

#include "loom/state/state.h"

namespace loom::tlm_devices::virtio_blk {

class DiskImage {
 public:
  // Throws ModelError, "<device>: <what> image '<path>': <why>", when the
  // file cannot be opened, is not a regular file, is empty or not a whole
  // number of sectors, or is locked by another user.
  static DiskImage open(const std::string& device, const std::string& path, bool read_only, bool overlay = false);

  DiskImage(DiskImage&& other) noexcept;
  DiskImage& operator=(DiskImage&& other) = delete;
  DiskImage(const DiskImage&) = delete;
  ~DiskImage();

  uint64_t size_bytes() const { return size_bytes_; }
  bool read_only() const { return read_only_; }

  // Whole transfers or nothing to rely on: false on an I/O error or a short
  // transfer (the file shrank under us). Callers keep inside size_bytes().
  bool read(uint64_t offset, uint8_t* data, uint64_t length);
  bool write(uint64_t offset, const uint8_t* data, uint64_t length);
  // fsync: every completed write reaches the disk.
  bool flush();

  // Snapshots: which image (its size and a fingerprint of its first and
  // last 64 KiB, checked on restore) and the overlay's sectors. An image
  // written in place cannot be given back as it was: save() refuses it.
  void save(state::StateWriter& out) const;
  void restore(state::StateReader& in);

 private:
  DiskImage(int fd, uint64_t size_bytes, bool read_only);
  uint64_t fingerprint() const;

  int fd_ = -1;
  uint64_t size_bytes_ = 0;
  bool read_only_ = false;
  bool overlay_ = false;
  std::string path_;
  std::map<uint64_t, std::array<uint8_t, 512>> written_;  // overlay: sector -> its bytes
};

}  // namespace loom::tlm_devices::virtio_blk
