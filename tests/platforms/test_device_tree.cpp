// The generated device tree: valid for dtc, and describing what OpenSBI and
// Linux look for; and the boot ROM saying what it should.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "frontend/decoder.h"
#include "loom/platforms/device_tree.h"
#include "loom/platforms/machine_builder.h"

namespace loom::platforms {
namespace {

PlatformDescription sample() {
  PlatformDescription p;
  p.name = "virt";
  p.harts = 2;
  p.memory = {{"ram", 0x80000000, 256 << 20}};
  p.boot.bootargs = "console=ttyS0";
  p.devices = {
      {"clint", "riscv,clint0", 0x2000000, 0x10000, {}, "local", {}, 0, {}, {}},
      {"plic", "sifive,plic-1.0.0", 0xc000000, 0x600000, {}, "local", {}, 0, {}, {}},
      {"test", "sifive,test1", 0x100000, 0x1000, {}, "io", {}, 0, {}, {}},
      {"uart0", "ns16550a", 0x10000000, 0x100, {10}, "io", {}, 0, {}, {}},
      {"disk", "loom,virtio-blk", 0x10001000, 0x1000, {1}, "io", {}, 0, {}, {}},
  };
  return p;
}

std::string to_dts(const std::vector<uint8_t>& blob) {
  const auto path = std::filesystem::temp_directory_path() / ("loom-dt-" + std::to_string(getpid()) + ".dtb");
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(blob.data()), blob.size());
  const std::string cmd = "dtc -q -I dtb -O dts " + path.string() + " 2>&1";
  std::string out;
  if (FILE* p = popen(cmd.c_str(), "r")) {
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    EXPECT_EQ(pclose(p), 0) << out;
  }
  std::filesystem::remove(path);
  return out;
}

TEST(DeviceTree, DtcAcceptsItAndItDescribesTheBoard) {
  if (std::system("dtc --version >/dev/null 2>&1") != 0) GTEST_SKIP() << "dtc (device-tree-compiler) not installed";
  DeviceTreeExtras extras;
  extras.initrd_size = 0x1234;
  const std::string dts = to_dts(build_device_tree(sample(), extras));
  for (const char* expected :
       {"compatible = \"riscv-virtio\"", "bootargs = \"console=ttyS0\"", "stdout-path = \"/soc/serial@10000000\"",
        "memory@80000000", "reg = <0x00 0x80000000 0x00 0x10000000>", "timebase-frequency = <0x989680>",
        "cpu@1", "riscv,isa = \"rv64imafdc_zicsr_zifencei_zba_zbb_zbs\"", "riscv,cpu-intc",
        "compatible = \"sifive,clint0\\0riscv,clint0\"", "compatible = \"sifive,plic-1.0.0\\0riscv,plic0\"",
        "riscv,ndev = <0x5f>", "compatible = \"ns16550a\"", "interrupts = <0x0a>", "syscon-poweroff",
        "value = <0x5555>", "syscon-reboot", "compatible = \"virtio,mmio\"", "linux,initrd-start = <0x00 0x88000000>",
        "linux,initrd-end = <0x00 0x88001234>"}) {
    EXPECT_NE(dts.find(expected), std::string::npos) << "missing: " << expected << "\n" << dts;
  }
}

TEST(BootRom, DisassemblesToTheResetVector) {
  const std::vector<uint8_t> rom = boot_rom(0x80000000, 0x82200000);
  ASSERT_EQ(rom.size(), 40u);
  auto word = [&](size_t at) {
    uint32_t w = 0;
    for (int i = 3; i >= 0; --i) w = w << 8 | rom[at + i];
    return w;
  };
  const char* expected[] = {"auipc t0, 0x0", "csrrs a0, 0xf14, zero", "ld a1, 32(t0)", "ld t0, 24(t0)",
                            "jalr zero, 0(t0)"};
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(cpu::disassemble(cpu::decode(word(4 * i)), 0x1000 + 4 * i), expected[i]) << i;
  }
  uint64_t fw = 0, dtb = 0;
  for (int i = 7; i >= 0; --i) fw = fw << 8 | rom[24 + i], dtb = dtb << 8 | rom[32 + i];
  EXPECT_EQ(fw, 0x80000000u);
  EXPECT_EQ(dtb, 0x82200000u);
}

}  // namespace
}  // namespace loom::platforms
