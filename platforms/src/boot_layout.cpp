#include "boot_layout.h"

#include <elf.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

#include "loom/platforms/device_tree.h"

namespace loom::platforms {
namespace {

struct Placed {
  std::string what;   // "the kernel (Image)"
  std::string where;  // "virt.yaml:40: boot.kernel" or "--kernel"
  uint64_t first, last;
};

// The physical ranges an ELF's PT_LOAD segments take (as cpu::load_elf
// places them); a file it cannot read gives none and is the loader's to
// report.
std::vector<std::pair<uint64_t, uint64_t>> elf_ranges(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  Elf64_Ehdr header{};
  if (!in.read(reinterpret_cast<char*>(&header), sizeof header) || header.e_ident[EI_CLASS] != ELFCLASS64 ||
      header.e_phentsize != sizeof(Elf64_Phdr)) {
    return {};
  }
  std::vector<std::pair<uint64_t, uint64_t>> ranges;
  for (unsigned i = 0; i < header.e_phnum; ++i) {
    Elf64_Phdr segment{};
    in.seekg(static_cast<std::streamoff>(header.e_phoff + uint64_t{i} * sizeof segment));
    if (!in.read(reinterpret_cast<char*>(&segment), sizeof segment)) return {};
    if (segment.p_type == PT_LOAD && segment.p_memsz > 0) ranges.emplace_back(segment.p_paddr, segment.p_memsz);
  }
  return ranges;
}

void place(std::vector<Placed>& placed, const std::string& what, const std::string& where, const std::string& path,
           uint64_t address) {
  std::vector<std::pair<uint64_t, uint64_t>> ranges;
  if (is_elf(path)) {
    ranges = elf_ranges(path);
  } else if (const uint64_t size = std::filesystem::file_size(path); size > 0) {
    ranges.emplace_back(address, size);
  }
  for (const auto& [base, size] : ranges) {
    const std::string name = fmt::format("{} ({})", what, std::filesystem::path(path).filename().string());
    if (base + (size - 1) < base) {
      throw PlatformError(fmt::format("{}: {} [{:#x}, +{:#x}) runs past the end of the address space", where, name,
                                      base, size));
    }
    placed.push_back({name, where, base, base + (size - 1)});
  }
}

}  // namespace

bool is_elf(const std::string& path) {
  char magic[4] = {};
  std::ifstream(path, std::ios::binary).read(magic, 4);
  return std::memcmp(magic, "\x7f" "ELF", 4) == 0;
}

void check_boot_layout(const PlatformDescription& p) {
  const BootDescription& boot = p.boot;
  const auto where = [](const std::string& file_where, const char* option) {
    return file_where.empty() ? std::string(option) : file_where;
  };
  std::vector<Placed> placed;
  if (!boot.firmware.empty()) {
    place(placed, "the firmware", where(boot.firmware_where, "--firmware"), boot.firmware, boot.firmware_address);
  }
  if (!boot.kernel.empty()) {
    place(placed, "the kernel", where(boot.kernel_where, "--kernel"), boot.kernel, boot.kernel_address);
  }
  DeviceTreeExtras extras;
  if (!boot.initrd.empty()) {
    extras.initrd_size = std::filesystem::file_size(boot.initrd);
    place(placed, "the initrd", where(boot.initrd_where, "--initrd"), boot.initrd, boot.initrd_address);
  }
  const uint64_t dtb_size = build_device_tree(p, extras).size();
  placed.push_back({"the device tree", boot.dtb_where, boot.dtb_address, boot.dtb_address + (dtb_size - 1)});
  if (placed.back().last < boot.dtb_address) {
    throw PlatformError(fmt::format("{}: the device tree ({} bytes) runs past the end of the address space",
                                    boot.dtb_where, dtb_size));
  }

  for (size_t i = 0; i < placed.size(); ++i) {
    const Placed& a = placed[i];
    const bool in_memory = std::any_of(p.memory.begin(), p.memory.end(), [&](const MemoryRegion& m) {
      return a.first >= m.base && a.last <= m.base + (m.size - 1);
    });
    if (!in_memory) {
      throw PlatformError(
          fmt::format("{}: {} [{:#x}, {:#x}] does not lie in memory", a.where, a.what, a.first, a.last));
    }
    for (size_t j = 0; j < i; ++j) {
      const Placed& b = placed[j];
      // Blame a replacement from the command line before the platform file.
      const bool a_given = a.where.rfind("--", 0) == 0;
      const bool b_given = b.where.rfind("--", 0) == 0;
      const Placed& blamed = b_given && !a_given ? b : a;
      const Placed& other = &blamed == &a ? b : a;
      if (a.first <= b.last && b.first <= a.last) {
        throw PlatformError(fmt::format("{}: {} [{:#x}, {:#x}] overlaps {} [{:#x}, {:#x}] ({})", blamed.where,
                                        blamed.what, blamed.first, blamed.last, other.what, other.first, other.last,
                                        other.where));
      }
    }
  }
}

}  // namespace loom::platforms
