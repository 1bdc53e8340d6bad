// The ELF loader (cpu::load_elf) given arbitrary bytes as the file. A bad
// file must give cpu::LoadError with one line naming the file; a file it
// accepts must have put exactly its segments' bytes into RAM.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "loom/cpu/bus.h"
#include "loom/cpu/loader.h"

namespace {

constexpr uint64_t kRamBase = 0x80000000;
constexpr uint64_t kRamSize = 1 << 20;

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "fuzz_elf_loader: %s\n", what.c_str());
  std::abort();
}

// The loader opens a path: each input goes into one in-memory file (no disk
// traffic), named through /proc/self/fd.
class InputFile {
 public:
  InputFile() : fd_(memfd_create("fuzz-elf", MFD_CLOEXEC)) {
    if (fd_ < 0) fail("memfd_create failed");
    path_ = "/proc/self/fd/" + std::to_string(fd_);
  }
  const std::string& write(const uint8_t* data, size_t size) {
    if (ftruncate(fd_, 0) != 0) fail("ftruncate failed");
    for (size_t done = 0; done < size;) {
      const ssize_t n = pwrite(fd_, data + done, size - done, static_cast<off_t>(done));
      if (n <= 0) fail("pwrite failed");
      done += static_cast<size_t>(n);
    }
    return path_;
  }

 private:
  int fd_;
  std::string path_;
};

// An accepted image: its entry is the header's, and what it reports as
// written lies in RAM.
void check_loaded(loom::cpu::Bus& bus, const loom::cpu::ElfImage& image, const uint8_t* data) {
  uint64_t entry = 0;
  std::memcpy(&entry, data + 24, sizeof entry);  // e_entry (the loader checked the header is there)
  if (image.entry != entry) fail("entry point differs from e_entry");
  if (image.loaded.empty()) fail("accepted an image with no segment");
  for (const auto& range : image.loaded) {
    if (range.size == 0 || bus.ram_pointer(range.address, range.size) == nullptr) {
      fail("reports a segment outside RAM as loaded");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static InputFile file;
  const std::string& path = file.write(data, size);
  loom::cpu::Bus bus;
  bus.map_ram(kRamBase, kRamSize);
  try {
    check_loaded(bus, loom::cpu::load_elf(path, bus), data);
  } catch (const loom::cpu::LoadError& e) {
    const std::string message = e.what();
    if (message.rfind(path + ": ", 0) != 0) fail("error does not name the file: " + message);
    if (message.find('\n') != std::string::npos) fail("error is not one line: " + message);
  } catch (const std::exception& e) {
    fail(std::string("escaped as another exception than LoadError: ") + e.what());
  }
  return 0;
}
