// Raw images (Linux Image, DTB blobs, fw_jump.bin): the file's bytes, as is.

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <vector>

#include "loom/cpu/loader.h"

namespace loom::cpu {

uint64_t load_binary(const std::string& path, Bus& bus, uint64_t address) {
  auto fail = [&](const std::string& what) { return LoadError(fmt::format("{}: {}", path, what)); };

  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (error) throw fail(fmt::format("cannot open: {}", error.message()));
  if (!std::filesystem::is_regular_file(status)) throw fail("not a regular file");

  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw fail(fmt::format("cannot open: {}", std::strerror(errno)));
  const std::streamoff end = in.tellg();
  if (end < 0) throw fail("cannot determine the file size");
  const auto size = static_cast<uint64_t>(end);
  if (size == 0) throw fail("empty file, nothing to load");

  if (address + size - 1 < address) {
    throw fail(fmt::format("{} bytes at {:#x} wrap around the address space", size, address));
  }
  if (bus.ram_pointer(address, size) == nullptr) {
    // Name the first byte that is not RAM: the start, or else the end.
    const uint64_t culprit = bus.ram_pointer(address, 1) != nullptr ? address + size - 1 : address;
    throw fail(fmt::format("{} bytes do not fit in RAM at {:#x}: [{:#x}, {:#x}) is not inside RAM ({:#x} is {})", size,
                           address, address, address + size, culprit, bus.describe(culprit)));
  }

  std::vector<char> bytes(size);
  in.seekg(0);
  if (!in.read(bytes.data(), static_cast<std::streamsize>(size))) throw fail("read failed");
  bus.write_bytes(address, bytes.data(), size);
  return size;
}

}  // namespace loom::cpu
