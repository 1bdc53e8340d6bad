#pragma once
// Putting guest images into RAM: ELF executables (firmware, bare-metal
// tests, kernels as vmlinux) and raw binaries (Image, DTB, fw_jump.bin).

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "loom/cpu/bus.h"

namespace loom::cpu {

// Every loader failure; the message is one line naming the file and what is
// wrong with it.
struct LoadError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct ElfImage {
  uint64_t entry = 0;
  // Defined symbols of the symbol table (global and local, no section or
  // file symbols); a global symbol wins over a local one of the same name.
  std::map<std::string, uint64_t> symbols;
  // What was written to memory: [address, address + size) per segment.
  struct Range {
    uint64_t address;
    uint64_t size;
  };
  std::vector<Range> loaded;

  std::optional<uint64_t> symbol(const std::string& name) const;
};

// Loads every PT_LOAD segment of a little-endian RV64 executable at its
// physical address (p_paddr): p_filesz bytes from the file, zero-filled up
// to p_memsz. Every segment must lie wholly in RAM mapped on `bus`.
ElfImage load_elf(const std::string& path, Bus& bus);

// Copies a raw file into RAM at `address`; returns its size in bytes.
uint64_t load_binary(const std::string& path, Bus& bus, uint64_t address);

}  // namespace loom::cpu
