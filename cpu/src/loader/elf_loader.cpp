// ELF loading with libelf. Everything is checked before the first byte is
// written, so a rejected image leaves RAM untouched.

#include <fcntl.h>
#include <gelf.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "loom/cpu/loader.h"

namespace loom::cpu {

std::optional<uint64_t> ElfImage::symbol(const std::string& name) const {
  auto it = symbols.find(name);
  if (it == symbols.end()) return std::nullopt;
  return it->second;
}

namespace {

// Owns the file descriptor and the libelf handle of one open ELF file.
class OpenElf {
 public:
  explicit OpenElf(const std::string& path) : path_(path) {
    if (elf_version(EV_CURRENT) == EV_NONE) fail("libelf rejects its own version (EV_CURRENT)");
    fd_.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) fail(fmt::format("cannot open: {}", std::strerror(errno)));
    struct stat st {};
    if (::fstat(fd_, &st) != 0) fail(fmt::format("cannot stat: {}", std::strerror(errno)));
    if (!S_ISREG(st.st_mode)) fail("not a regular file");
    if (st.st_size == 0) fail("empty file, not an ELF file");
    check_identity(static_cast<uint64_t>(st.st_size));
    elf_.elf = elf_begin(fd_, ELF_C_READ_MMAP, nullptr);
    if (elf_ == nullptr) fail(fmt::format("corrupt ELF file ({})", elf_errmsg(-1)));
    file_ = elf_rawfile(elf_, &file_size_);
    if (file_ == nullptr) fail(fmt::format("cannot read the file contents ({})", elf_errmsg(-1)));
  }
  OpenElf(const OpenElf&) = delete;
  OpenElf& operator=(const OpenElf&) = delete;

  Elf* get() const { return elf_; }
  const char* bytes() const { return file_; }
  uint64_t size() const { return file_size_; }

  [[noreturn]] void fail(const std::string& what) const { throw LoadError(fmt::format("{}: {}", path_, what)); }

 private:
  // Checked on the raw bytes before libelf sees the file, which rejects a
  // short header with a vague "invalid ELF file data".
  void check_identity(uint64_t file_size) const {
    unsigned char ident[EI_NIDENT] = {};
    const ssize_t got = ::pread(fd_, ident, sizeof ident, 0);
    if (got < 0) fail(fmt::format("cannot read: {}", std::strerror(errno)));
    if (static_cast<size_t>(got) < SELFMAG || std::memcmp(ident, ELFMAG, SELFMAG) != 0) {
      fail("not an ELF file (no ELF magic)");
    }
    if (static_cast<size_t>(got) < EI_NIDENT) fail(fmt::format("truncated ELF header ({} bytes)", file_size));
    if (ident[EI_CLASS] == ELFCLASS32) fail("32-bit ELF (ELFCLASS32); Loom loads 64-bit RISC-V (RV64) images only");
    if (ident[EI_CLASS] != ELFCLASS64) fail(fmt::format("invalid ELF class {}", ident[EI_CLASS]));
    if (ident[EI_DATA] != ELFDATA2LSB) fail("big-endian or invalid data encoding; RISC-V images are little-endian");
    if (file_size < sizeof(Elf64_Ehdr)) {
      fail(fmt::format("truncated ELF header ({} of {} bytes)", file_size, sizeof(Elf64_Ehdr)));
    }
  }

  // Each closes itself, also when the constructor throws halfway (then
  // ~OpenElf does not run: a bad file leaked its descriptor, found by the
  // libFuzzer ELF target running out of them).
  struct Descriptor {
    int fd = -1;
    ~Descriptor() {
      if (fd >= 0) ::close(fd);
    }
    operator int() const { return fd; }
  };
  struct Handle {
    Elf* elf = nullptr;
    ~Handle() {
      if (elf != nullptr) elf_end(elf);
    }
    operator Elf*() const { return elf; }
  };

  std::string path_;
  Descriptor fd_;  // declared before elf_: the handle ends first
  Handle elf_;
  const char* file_ = nullptr;
  size_t file_size_ = 0;
};

std::string machine_name(unsigned machine) {
  switch (machine) {
    case EM_NONE: return "no machine (EM_NONE)";
    case EM_386: return "x86 (i386)";
    case EM_X86_64: return "x86-64";
    case EM_ARM: return "32-bit Arm";
    case EM_AARCH64: return "AArch64";
    case EM_MIPS: return "MIPS";
    case EM_PPC: return "PowerPC";
    case EM_PPC64: return "PowerPC 64";
    case EM_S390: return "s390";
    case EM_SPARCV9: return "SPARC v9";
    case EM_LOONGARCH: return "LoongArch";
    default: return fmt::format("machine {}", machine);
  }
}

GElf_Ehdr read_header(const OpenElf& file) {
  GElf_Ehdr header{};
  if (gelf_getehdr(file.get(), &header) == nullptr) {
    file.fail(fmt::format("truncated or corrupt ELF header ({})", elf_errmsg(-1)));
  }
  if (header.e_machine != EM_RISCV) {
    file.fail(fmt::format("built for {} (e_machine {}), not RISC-V", machine_name(header.e_machine), header.e_machine));
  }
  switch (header.e_type) {
    case ET_EXEC:
      break;
    case ET_DYN:
      // Accepted and loaded at its link-time addresses, as newer Spike
      // does: OpenSBI built with FW_PIC=y is ET_DYN, linked at its
      // FW_TEXT_START (0x80000000), and relocates itself at run time. A PIE
      // linked at 0 then fails below, naming the segment's address range.
      break;
    case ET_REL:
      file.fail("relocatable object (ET_REL), not an executable; link it first");
    case ET_CORE:
      file.fail("core dump (ET_CORE), not an executable");
    default:
      file.fail(fmt::format("not an executable (e_type {})", header.e_type));
  }
  return header;
}

// libelf quietly shortens a header table that runs past the end of the
// file; a truncated image must be an error instead.
void check_tables_inside_file(const OpenElf& file, const GElf_Ehdr& header) {
  auto check = [&](const char* what, uint64_t offset, uint64_t count, uint64_t entry_size, uint64_t expected_size) {
    if (count == 0) return;
    if (entry_size != expected_size) {
      file.fail(fmt::format("corrupt {} table (entry size {}, expected {})", what, entry_size, expected_size));
    }
    if (offset > file.size() || count > (file.size() - offset) / entry_size) {
      file.fail(fmt::format("{} table [{:#x}, +{} entries) lies beyond the end of the {}-byte file (truncated or corrupt)",
                            what, offset, count, file.size()));
    }
  };
  check("program header", header.e_phoff, header.e_phnum, header.e_phentsize, sizeof(Elf64_Phdr));
  check("section header", header.e_shoff, header.e_shnum, header.e_shentsize, sizeof(Elf64_Shdr));
}

// Names what lies at the first offending byte of [address, address+size).
std::string where_ram_ends(Bus& bus, uint64_t address, uint64_t size) {
  const uint64_t culprit = bus.ram_pointer(address, 1) != nullptr ? address + size - 1 : address;
  return fmt::format("{:#x} is {}", culprit, bus.describe(culprit));
}

struct Segment {
  uint64_t address;
  uint64_t file_offset;
  uint64_t file_size;
  uint64_t memory_size;
};

std::vector<Segment> loadable_segments(const OpenElf& file, Bus& bus) {
  size_t count = 0;
  if (elf_getphdrnum(file.get(), &count) != 0) file.fail(fmt::format("corrupt program header table ({})", elf_errmsg(-1)));
  std::vector<Segment> segments;
  for (size_t i = 0; i < count; ++i) {
    GElf_Phdr ph{};
    if (gelf_getphdr(file.get(), static_cast<int>(i), &ph) == nullptr) {
      file.fail(fmt::format("truncated or corrupt program header {} ({})", i, elf_errmsg(-1)));
    }
    if (ph.p_type != PT_LOAD) continue;
    if (ph.p_filesz > ph.p_memsz) {
      file.fail(fmt::format("segment {}: p_filesz {:#x} exceeds p_memsz {:#x} (corrupt)", i, ph.p_filesz, ph.p_memsz));
    }
    if (ph.p_memsz == 0) continue;
    if (ph.p_offset > file.size() || ph.p_filesz > file.size() - ph.p_offset) {
      file.fail(fmt::format("segment {}: bytes [{:#x}, {:#x}) lie beyond the end of the {}-byte file (truncated or corrupt)",
                            i, ph.p_offset, ph.p_offset + ph.p_filesz, file.size()));
    }
    if (ph.p_paddr + ph.p_memsz - 1 < ph.p_paddr) {
      file.fail(fmt::format("segment {}: [{:#x}, +{:#x}) wraps around the address space", i, ph.p_paddr, ph.p_memsz));
    }
    if (bus.ram_pointer(ph.p_paddr, ph.p_memsz) == nullptr) {
      file.fail(fmt::format("segment {}: [{:#x}, {:#x}) is not inside RAM ({})", i, ph.p_paddr,
                            ph.p_paddr + ph.p_memsz, where_ram_ends(bus, ph.p_paddr, ph.p_memsz)));
    }
    segments.push_back(Segment{ph.p_paddr, ph.p_offset, ph.p_filesz, ph.p_memsz});
  }
  if (segments.empty()) file.fail("no loadable (PT_LOAD) segment");
  return segments;
}

void copy_segment(const OpenElf& file, const Segment& segment, Bus& bus) {
  bus.write_bytes(segment.address, file.bytes() + segment.file_offset, segment.file_size);
  // Zero-fill (.bss) in bounded chunks: a kernel's can be megabytes.
  static const std::vector<uint8_t> zeros(64 * 1024, 0);
  for (uint64_t done = segment.file_size; done < segment.memory_size;) {
    const uint64_t chunk = std::min<uint64_t>(zeros.size(), segment.memory_size - done);
    bus.write_bytes(segment.address + done, zeros.data(), chunk);
    done += chunk;
  }
}

bool is_wanted_symbol(const GElf_Sym& sym, const char* name) {
  const int type = GELF_ST_TYPE(sym.st_info);
  if (sym.st_shndx == SHN_UNDEF || type == STT_SECTION || type == STT_FILE) return false;
  // "$x", "$d", "$xrv64i2p1...": RISC-V mapping symbols, not names.
  return name != nullptr && name[0] != '\0' && name[0] != '$';
}

void read_symbols(const OpenElf& file, ElfImage& image) {
  for (Elf_Scn* section = elf_nextscn(file.get(), nullptr); section != nullptr;
       section = elf_nextscn(file.get(), section)) {
    GElf_Shdr sh{};
    if (gelf_getshdr(section, &sh) == nullptr) file.fail(fmt::format("corrupt section header ({})", elf_errmsg(-1)));
    if (sh.sh_type != SHT_SYMTAB && sh.sh_type != SHT_DYNSYM) continue;
    Elf_Data* data = elf_getdata(section, nullptr);
    if (data == nullptr || sh.sh_entsize == 0) file.fail(fmt::format("corrupt symbol table ({})", elf_errmsg(-1)));
    const size_t count = data->d_size / sh.sh_entsize;
    for (size_t i = 1; i < count; ++i) {  // entry 0 is the null symbol
      GElf_Sym sym{};
      if (gelf_getsym(data, static_cast<int>(i), &sym) == nullptr) continue;
      const char* name = elf_strptr(file.get(), sh.sh_link, sym.st_name);
      if (!is_wanted_symbol(sym, name)) continue;
      if (GELF_ST_BIND(sym.st_info) == STB_LOCAL) {
        image.symbols.emplace(name, sym.st_value);  // the first local of a name is kept
      } else {
        image.symbols[name] = sym.st_value;  // a global wins over locals
      }
    }
  }
}

}  // namespace

ElfImage load_elf(const std::string& path, Bus& bus) {
  OpenElf file(path);
  const GElf_Ehdr header = read_header(file);
  check_tables_inside_file(file, header);
  const std::vector<Segment> segments = loadable_segments(file, bus);

  ElfImage image;
  image.entry = header.e_entry;
  read_symbols(file, image);
  for (const Segment& segment : segments) {
    try {
      copy_segment(file, segment, bus);
      image.loaded.push_back({segment.address, segment.memory_size});
    } catch (const std::out_of_range& e) {
      file.fail(e.what());
    }
  }
  return image;
}

}  // namespace loom::cpu
