#include <elf.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <vector>

#include "loom/cpu/bus.h"
#include "loom/cpu/loader.h"

namespace loom::cpu {
namespace {

namespace fs = std::filesystem;

constexpr uint64_t kRamBase = 0x80000000;
constexpr uint64_t kRamSize = 0x100000;

using Bytes = std::vector<uint8_t>;

template <typename T>
void append(Bytes& out, const T& value) {
  const auto* p = reinterpret_cast<const uint8_t*>(&value);
  out.insert(out.end(), p, p + sizeof(T));
}

void align(Bytes& out, size_t alignment) {
  while (out.size() % alignment != 0) out.push_back(0);
}

// Writes small ELF64 images byte by byte: header, program headers, segment
// data, then a symbol table with the section headers that describe it.
struct ElfBuilder {
  struct Segment {
    uint64_t address;
    Bytes bytes;
    uint64_t memory_size;
  };
  struct Symbol {
    std::string name;
    uint64_t value;
    unsigned char bind;
    unsigned char type;
    uint16_t section;
  };

  uint16_t machine = EM_RISCV;
  uint16_t type = ET_EXEC;
  uint64_t entry = kRamBase;
  std::vector<Segment> segments;
  std::vector<Symbol> symbols;

  Bytes build() const {
    Bytes out(sizeof(Elf64_Ehdr) + segments.size() * sizeof(Elf64_Phdr), 0);
    std::vector<uint64_t> data_offsets;
    for (const Segment& s : segments) {
      align(out, 8);
      data_offsets.push_back(out.size());
      out.insert(out.end(), s.bytes.begin(), s.bytes.end());
    }

    std::string strtab(1, '\0');
    Bytes symtab;
    append(symtab, Elf64_Sym{});
    for (const Symbol& s : symbols) {
      Elf64_Sym sym{};
      sym.st_name = static_cast<Elf64_Word>(strtab.size());
      strtab += s.name + '\0';
      sym.st_info = static_cast<unsigned char>(ELF64_ST_INFO(s.bind, s.type));
      sym.st_shndx = s.section;
      sym.st_value = s.value;
      append(symtab, sym);
    }
    align(out, 8);
    const uint64_t symtab_offset = out.size();
    out.insert(out.end(), symtab.begin(), symtab.end());
    const uint64_t strtab_offset = out.size();
    out.insert(out.end(), strtab.begin(), strtab.end());
    const std::string shstrtab("\0.text\0.symtab\0.strtab\0.shstrtab\0", 34);
    const uint64_t shstrtab_offset = out.size();
    out.insert(out.end(), shstrtab.begin(), shstrtab.end());

    align(out, 8);
    const uint64_t section_headers_offset = out.size();
    Elf64_Shdr sections[5]{};
    sections[1].sh_name = 1;
    sections[1].sh_type = SHT_PROGBITS;
    sections[1].sh_flags = SHF_ALLOC | SHF_EXECINSTR;
    if (!segments.empty()) {
      sections[1].sh_addr = segments[0].address;
      sections[1].sh_offset = data_offsets[0];
      sections[1].sh_size = segments[0].bytes.size();
    }
    sections[2].sh_name = 7;
    sections[2].sh_type = SHT_SYMTAB;
    sections[2].sh_offset = symtab_offset;
    sections[2].sh_size = symtab.size();
    sections[2].sh_link = 3;
    sections[2].sh_entsize = sizeof(Elf64_Sym);
    sections[2].sh_addralign = 8;
    sections[3].sh_name = 15;
    sections[3].sh_type = SHT_STRTAB;
    sections[3].sh_offset = strtab_offset;
    sections[3].sh_size = strtab.size();
    sections[4].sh_name = 23;
    sections[4].sh_type = SHT_STRTAB;
    sections[4].sh_offset = shstrtab_offset;
    sections[4].sh_size = shstrtab.size();
    for (const Elf64_Shdr& sh : sections) append(out, sh);

    Elf64_Ehdr header{};
    std::memcpy(header.e_ident, ELFMAG, SELFMAG);
    header.e_ident[EI_CLASS] = ELFCLASS64;
    header.e_ident[EI_DATA] = ELFDATA2LSB;
    header.e_ident[EI_VERSION] = EV_CURRENT;
    header.e_type = type;
    header.e_machine = machine;
    header.e_version = EV_CURRENT;
    header.e_entry = entry;
    header.e_phoff = sizeof(Elf64_Ehdr);
    header.e_shoff = section_headers_offset;
    header.e_ehsize = sizeof(Elf64_Ehdr);
    header.e_phentsize = sizeof(Elf64_Phdr);
    header.e_phnum = static_cast<Elf64_Half>(segments.size());
    header.e_shentsize = sizeof(Elf64_Shdr);
    header.e_shnum = 5;
    header.e_shstrndx = 4;
    std::memcpy(out.data(), &header, sizeof header);

    for (size_t i = 0; i < segments.size(); ++i) {
      Elf64_Phdr ph{};
      ph.p_type = PT_LOAD;
      ph.p_flags = PF_R | PF_W | PF_X;
      ph.p_offset = data_offsets[i];
      ph.p_vaddr = segments[i].address;
      ph.p_paddr = segments[i].address;
      ph.p_filesz = segments[i].bytes.size();
      ph.p_memsz = segments[i].memory_size;
      ph.p_align = 8;
      std::memcpy(out.data() + sizeof(Elf64_Ehdr) + i * sizeof(Elf64_Phdr), &ph, sizeof ph);
    }
    return out;
  }
};

void patch_program_header(Bytes& image, size_t index, const std::function<void(Elf64_Phdr&)>& edit) {
  Elf64_Phdr ph{};
  uint8_t* where = image.data() + sizeof(Elf64_Ehdr) + index * sizeof(Elf64_Phdr);
  std::memcpy(&ph, where, sizeof ph);
  edit(ph);
  std::memcpy(where, &ph, sizeof ph);
}

ElfBuilder simple_program() {
  ElfBuilder elf;
  elf.segments.push_back({kRamBase, {0x13, 0x05, 0x00, 0x00, 0x6f, 0x00, 0x00, 0x00}, 8});
  return elf;
}

class LoaderTest : public ::testing::Test {
 protected:
  LoaderTest() {
    static int counter = 0;
    dir_ = fs::temp_directory_path() /
           ("loom_loader_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::create_directories(dir_);
    bus.map_ram(kRamBase, kRamSize);
  }
  ~LoaderTest() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  std::string write_file(const std::string& name, const Bytes& bytes) {
    const std::string path = (dir_ / name).string();
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    return path;
  }
  std::string write_text(const std::string& name, const std::string& text) {
    return write_file(name, Bytes(text.begin(), text.end()));
  }

  // The message of the LoadError that `load` throws; fails the test if it
  // throws nothing or something else.
  static std::string load_error(const std::function<void()>& load) {
    try {
      load();
    } catch (const LoadError& e) {
      return e.what();
    } catch (const std::exception& e) {
      ADD_FAILURE() << "not a LoadError: " << e.what();
      return "";
    }
    ADD_FAILURE() << "no LoadError thrown";
    return "";
  }
  std::string elf_error(const std::string& path) {
    const std::string message = load_error([&] { load_elf(path, bus); });
    EXPECT_NE(message.find(path), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    return message;
  }
  std::string binary_error(const std::string& path, uint64_t address) {
    const std::string message = load_error([&] { load_binary(path, bus, address); });
    EXPECT_NE(message.find(path), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    return message;
  }
  uint8_t ram(uint64_t address) {
    uint8_t byte = 0;
    bus.read_bytes(address, &byte, 1);
    return byte;
  }
  void fill_ram(uint8_t value) {
    const Bytes pattern(kRamSize, value);
    bus.write_bytes(kRamBase, pattern.data(), pattern.size());
  }

  fs::path dir_;
  Bus bus;
};

#define EXPECT_CONTAINS(haystack, needle) EXPECT_NE((haystack).find(needle), std::string::npos) << (haystack)

// A refused file leaves nothing open (each used to leak its descriptor:
// the libFuzzer ELF target ran out of them).
TEST_F(LoaderTest, ARefusedFileLeavesNoDescriptorOpen) {
  const auto open_descriptors = [] {
    return std::distance(fs::directory_iterator("/proc/self/fd"), fs::directory_iterator());
  };
  const std::string text = write_text("text.elf", "not an ELF file at all\n");
  Bytes truncated = {0x7f, 'E', 'L', 'F', ELFCLASS64, ELFDATA2LSB, EV_CURRENT};
  truncated.resize(EI_NIDENT + 8);
  const std::string header_only = write_file("short.elf", truncated);
  const auto before = open_descriptors();
  for (int i = 0; i < 50; ++i) {
    elf_error(text);
    elf_error(header_only);
  }
  EXPECT_EQ(open_descriptors(), before);
}

TEST_F(LoaderTest, LoadsSegmentsZeroFillsAndReadsSymbols) {
  ElfBuilder elf;
  elf.entry = kRamBase + 4;
  elf.segments.push_back({kRamBase, {1, 2, 3, 4, 5, 6, 7, 8}, 8});
  elf.segments.push_back({kRamBase + 0x1000, {0xaa, 0xbb}, 0x20000});  // .data + a large .bss
  elf.symbols = {
      {"local_label", kRamBase + 4, STB_LOCAL, STT_NOTYPE, 1},
      {"$x", kRamBase, STB_LOCAL, STT_NOTYPE, 1},      // mapping symbol: not a name
      {"", kRamBase, STB_LOCAL, STT_SECTION, 1},       // section symbol
      {"start.S", 0, STB_LOCAL, STT_FILE, SHN_ABS},    // file symbol
      {"dup", 1, STB_LOCAL, STT_OBJECT, 1},
      {"dup", 2, STB_GLOBAL, STT_OBJECT, 1},           // the global wins
      {"tohost", kRamBase + 0x1000, STB_GLOBAL, STT_OBJECT, 1},
      {"weak_one", kRamBase + 8, STB_WEAK, STT_FUNC, 1},
      {"absolute", 0x1234, STB_GLOBAL, STT_NOTYPE, SHN_ABS},
      {"undefined", 0, STB_GLOBAL, STT_NOTYPE, SHN_UNDEF},
  };
  fill_ram(0x5a);
  const ElfImage image = load_elf(write_file("prog.elf", elf.build()), bus);

  EXPECT_EQ(image.entry, kRamBase + 4);
  for (uint64_t i = 0; i < 8; ++i) EXPECT_EQ(ram(kRamBase + i), i + 1);
  EXPECT_EQ(ram(kRamBase + 8), 0x5a);  // untouched past the segment
  EXPECT_EQ(ram(kRamBase + 0x1000), 0xaa);
  EXPECT_EQ(ram(kRamBase + 0x1001), 0xbb);
  EXPECT_EQ(ram(kRamBase + 0x1002), 0);
  EXPECT_EQ(ram(kRamBase + 0x1000 + 0x1ffff), 0);
  EXPECT_EQ(ram(kRamBase + 0x1000 + 0x20000), 0x5a);

  EXPECT_EQ(image.symbol("tohost"), kRamBase + 0x1000);
  EXPECT_EQ(image.symbol("local_label"), kRamBase + 4);
  EXPECT_EQ(image.symbol("dup"), 2u);
  EXPECT_EQ(image.symbol("weak_one"), kRamBase + 8);
  EXPECT_EQ(image.symbol("absolute"), 0x1234u);
  EXPECT_EQ(image.symbol("undefined"), std::nullopt);
  EXPECT_EQ(image.symbol("$x"), std::nullopt);
  EXPECT_EQ(image.symbol("start.S"), std::nullopt);
  EXPECT_EQ(image.symbols.count(""), 0u);
  EXPECT_EQ(image.symbols.size(), 5u);
}

TEST_F(LoaderTest, PositionIndependentExecutablesLoadAtTheirLinkAddresses) {
  ElfBuilder elf = simple_program();
  elf.type = ET_DYN;
  const ElfImage image = load_elf(write_file("pie.elf", elf.build()), bus);
  EXPECT_EQ(image.entry, kRamBase);
  EXPECT_EQ(ram(kRamBase), 0x13);
}

TEST_F(LoaderTest, MissingFile) {
  EXPECT_CONTAINS(elf_error((dir_ / "nope.elf").string()), "cannot open");
}

TEST_F(LoaderTest, DirectoryAndEmptyFile) {
  EXPECT_CONTAINS(elf_error(dir_.string()), "not a regular file");
  EXPECT_CONTAINS(elf_error(write_file("empty.elf", {})), "empty");
}

TEST_F(LoaderTest, NotAnElfFile) {
  EXPECT_CONTAINS(elf_error(write_text("readme.txt", "hello, this is text and no ELF at all\n")), "not an ELF file");
  EXPECT_CONTAINS(elf_error(write_text("tiny", "\x7f" "E")), "not an ELF file");
}

TEST_F(LoaderTest, TruncatedHeader) {
  Bytes image = simple_program().build();
  image.resize(24);  // ident intact, the rest of the header cut off
  EXPECT_CONTAINS(elf_error(write_file("cut.elf", image)), "truncated");
}

TEST_F(LoaderTest, WrongMachineIsNamed) {
  ElfBuilder elf = simple_program();
  elf.machine = EM_AARCH64;
  EXPECT_CONTAINS(elf_error(write_file("arm.elf", elf.build())), "AArch64");
  elf.machine = 4242;
  EXPECT_CONTAINS(elf_error(write_file("odd.elf", elf.build())), "machine 4242");
}

TEST_F(LoaderTest, HostExecutableIsRejectedAsX86) {
  if (!fs::exists("/bin/true")) GTEST_SKIP() << "/bin/true missing";
  const std::string copy = (dir_ / "true").string();
  fs::copy_file("/bin/true", copy);
  const std::string message = elf_error(copy);
  EXPECT_CONTAINS(message, "x86-64");
  EXPECT_CONTAINS(message, "not RISC-V");
}

TEST_F(LoaderTest, ThirtyTwoBitElfIsRejected) {
  Bytes image(sizeof(Elf32_Ehdr), 0);
  Elf32_Ehdr header{};
  std::memcpy(header.e_ident, ELFMAG, SELFMAG);
  header.e_ident[EI_CLASS] = ELFCLASS32;
  header.e_ident[EI_DATA] = ELFDATA2LSB;
  header.e_ident[EI_VERSION] = EV_CURRENT;
  header.e_type = ET_EXEC;
  header.e_machine = EM_RISCV;
  header.e_version = EV_CURRENT;
  header.e_ehsize = sizeof(Elf32_Ehdr);
  std::memcpy(image.data(), &header, sizeof header);
  EXPECT_CONTAINS(elf_error(write_file("rv32.elf", image)), "32-bit");
}

TEST_F(LoaderTest, BigEndianIsRejected) {
  Bytes image = simple_program().build();
  image[EI_DATA] = ELFDATA2MSB;
  EXPECT_CONTAINS(elf_error(write_file("be.elf", image)), "big-endian");
}

TEST_F(LoaderTest, ObjectFilesAndCoreDumpsAreNotExecutables) {
  ElfBuilder elf = simple_program();
  elf.type = ET_REL;
  EXPECT_CONTAINS(elf_error(write_file("obj.o", elf.build())), "ET_REL");
  elf.type = ET_CORE;
  EXPECT_CONTAINS(elf_error(write_file("core", elf.build())), "ET_CORE");
  elf.type = ET_NONE;
  EXPECT_CONTAINS(elf_error(write_file("none.elf", elf.build())), "not an executable");
}

TEST_F(LoaderTest, SegmentBeyondTheEndOfTheFile) {
  Bytes image = simple_program().build();
  patch_program_header(image, 0, [](Elf64_Phdr& ph) { ph.p_offset = 0x100000; });
  EXPECT_CONTAINS(elf_error(write_file("far.elf", image)), "beyond the end");

  image = simple_program().build();
  patch_program_header(image, 0, [](Elf64_Phdr& ph) {
    ph.p_filesz = 0x10000;
    ph.p_memsz = 0x10000;
  });
  EXPECT_CONTAINS(elf_error(write_file("long.elf", image)), "truncated or corrupt");
}

TEST_F(LoaderTest, FileCutInsideTheProgramHeaders) {
  Bytes image = simple_program().build();
  image.resize(sizeof(Elf64_Ehdr) + 20);
  EXPECT_CONTAINS(elf_error(write_file("cut_ph.elf", image)), "corrupt");
}

TEST_F(LoaderTest, FileSizeLargerThanMemorySizeIsCorrupt) {
  Bytes image = simple_program().build();
  patch_program_header(image, 0, [](Elf64_Phdr& ph) { ph.p_memsz = 4; });
  EXPECT_CONTAINS(elf_error(write_file("bad_sizes.elf", image)), "exceeds p_memsz");
}

TEST_F(LoaderTest, SegmentOutsideRamNamesTheRange) {
  ElfBuilder elf;
  elf.segments.push_back({0x10000000, Bytes(16, 1), 16});
  const std::string message = elf_error(write_file("uart.elf", elf.build()));
  EXPECT_CONTAINS(message, "[0x10000000, 0x10000010)");
  EXPECT_CONTAINS(message, "not inside RAM");
}

TEST_F(LoaderTest, SegmentRunningOffTheEndOfRam) {
  ElfBuilder elf;
  elf.segments.push_back({kRamBase + kRamSize - 8, Bytes(8, 1), 16});  // .bss runs past the end
  EXPECT_CONTAINS(elf_error(write_file("edge.elf", elf.build())), "[0x800ffff8, 0x80100008)");
}

TEST_F(LoaderTest, SegmentWrappingTheAddressSpace) {
  ElfBuilder elf;
  elf.segments.push_back({0xfffffffffffffff0, Bytes(8, 1), 0x20});
  EXPECT_CONTAINS(elf_error(write_file("wrap.elf", elf.build())), "wraps around");
}

TEST_F(LoaderTest, RejectedImageLeavesRamUntouched) {
  ElfBuilder elf = simple_program();
  elf.segments.push_back({0x10000000, Bytes(16, 1), 16});
  fill_ram(0x5a);
  elf_error(write_file("half.elf", elf.build()));
  EXPECT_EQ(ram(kRamBase), 0x5a);
}

TEST_F(LoaderTest, ImageWithoutLoadableSegments) {
  ElfBuilder elf;
  EXPECT_CONTAINS(elf_error(write_file("nothing.elf", elf.build())), "PT_LOAD");
}

TEST_F(LoaderTest, RealToolchainProgram) {
  if (std::system("command -v riscv64-unknown-elf-gcc >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "riscv64-unknown-elf-gcc not on PATH";
  }
  const std::string source = write_text("prog.S",
                                        ".section .text.init, \"ax\"\n"
                                        ".globl _start\n"
                                        "_start: .word 0x12345678\n"
                                        "  j _start\n"
                                        ".section .tohost, \"aw\", @progbits\n"
                                        ".align 6\n"
                                        ".globl tohost\n"
                                        "tohost: .dword 0\n"
                                        ".globl fromhost\n"
                                        "fromhost: .dword 0\n"
                                        ".bss\n"
                                        "buffer: .zero 4096\n");
  // A linker script, not -Ttext: with -Ttext, ld maps the ELF headers in
  // the page below .text, which is outside RAM.
  const std::string script = write_text("link.ld",
                                        "ENTRY(_start)\n"
                                        "SECTIONS {\n"
                                        "  . = 0x80000000;\n"
                                        "  .text : { *(.text.init) *(.text*) }\n"
                                        "  .tohost : ALIGN(64) { *(.tohost) }\n"
                                        "  .bss : { *(.bss*) }\n"
                                        "}\n");
  const std::string elf_path = (dir_ / "prog.elf").string();
  const std::string log = (dir_ / "gcc.log").string();
  const std::string compile = "riscv64-unknown-elf-gcc -march=rv64gc -mabi=lp64d -nostdlib -nostartfiles -T " +
                              script + " -o " + elf_path + " " + source + " >" + log + " 2>&1";
  if (std::system(compile.c_str()) != 0) {
    std::ifstream in(log);
    FAIL() << compile << "\n" << std::string(std::istreambuf_iterator<char>(in), {});
  }

  const ElfImage image = load_elf(elf_path, bus);
  EXPECT_EQ(image.entry, kRamBase);
  EXPECT_EQ(image.symbol("_start"), kRamBase);
  ASSERT_TRUE(image.symbol("tohost"));
  ASSERT_TRUE(image.symbol("fromhost"));
  EXPECT_EQ(*image.symbol("tohost") % 64, 0u);
  EXPECT_EQ(*image.symbol("fromhost"), *image.symbol("tohost") + 8);
  EXPECT_TRUE(image.symbol("buffer"));  // a local symbol
  uint32_t first_word = 0;
  bus.read_bytes(kRamBase, &first_word, sizeof first_word);
  EXPECT_EQ(first_word, 0x12345678u);
}

TEST_F(LoaderTest, BinaryIsCopiedAtTheAddress) {
  Bytes blob(100);
  for (size_t i = 0; i < blob.size(); ++i) blob[i] = static_cast<uint8_t>(i * 7);
  const uint64_t address = kRamBase + 0x2000;
  EXPECT_EQ(load_binary(write_file("blob.bin", blob), bus, address), 100u);
  for (size_t i = 0; i < blob.size(); ++i) EXPECT_EQ(ram(address + i), blob[i]);
}

TEST_F(LoaderTest, BinaryFillingRamExactlyFits) {
  EXPECT_EQ(load_binary(write_file("full.bin", Bytes(kRamSize, 3)), bus, kRamBase), kRamSize);
}

TEST_F(LoaderTest, BinaryErrors) {
  EXPECT_CONTAINS(binary_error((dir_ / "nope.bin").string(), kRamBase), "cannot open");
  EXPECT_CONTAINS(binary_error(dir_.string(), kRamBase), "not a regular file");
  EXPECT_CONTAINS(binary_error(write_file("empty.bin", {}), kRamBase), "empty");
  const std::string blob = write_file("blob.bin", Bytes(64, 1));
  const std::string too_far = binary_error(blob, kRamBase + kRamSize - 32);
  EXPECT_CONTAINS(too_far, "do not fit in RAM");
  EXPECT_CONTAINS(too_far, "[0x800fffe0, 0x80100020)");
  EXPECT_CONTAINS(binary_error(blob, 0x1000), "do not fit in RAM");
  EXPECT_CONTAINS(binary_error(blob, 0xfffffffffffffff0), "wrap around");
}

}  // namespace
}  // namespace loom::cpu
