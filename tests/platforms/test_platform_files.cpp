// Platform files: what a valid one yields, and the one-line, file:line
// errors for each kind of mistake.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "loom/platforms/machine_builder.h"
#include "loom/platforms/platform.h"
#include "loom/platforms/units.h"

namespace loom::platforms {
namespace {

const std::vector<ServerDeviceType> kServerTypes = {
    {"ns16550a", 1, 8, {"clock_hz"}}, {"sifive,test1", 0, 4, {}}, {"loom,virtio-blk", 1, 0x200, {"image"}}};

class PlatformFile : public ::testing::Test {
 protected:
  std::filesystem::path dir = std::filesystem::temp_directory_path() / ("loom-platform-" + std::to_string(getpid()));
  PlatformFile() {
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "fw.bin") << "firmware";
  }
  ~PlatformFile() override { std::filesystem::remove_all(dir); }
  std::string write(const std::string& yaml) {
    const auto path = (dir / "p.yaml").string();
    std::ofstream(path) << yaml;
    return path;
  }
  std::string error_of(const std::string& yaml) {
    try {
      load_platform(write(yaml), kServerTypes);
    } catch (const PlatformError& e) {
      return e.what();
    }
    return "no error";
  }
};

const char* kValid = R"(name: small
harts: 2
clock: 500MHz
quantum: 5us
memory:
  - { name: ram, base: 0x80000000, size: 64MiB }
servers:
  - { name: io }
devices:
  - { name: clint, type: "riscv,clint0", base: 0x2000000, size: 0x10000 }
  - { name: plic, type: "sifive,plic-1.0.0", base: 0xc000000, size: 0x600000 }
  - { name: uart0, type: ns16550a, base: 0x10000000, size: 0x100, irq: 10, server: io }
boot:
  firmware: fw.bin
  bootargs: "console=ttyS0"
)";

TEST_F(PlatformFile, ValidFileIsRead) {
  const PlatformDescription p = load_platform(write(kValid), kServerTypes);
  EXPECT_EQ(p.name, "small");
  EXPECT_EQ(p.harts, 2u);
  EXPECT_EQ(p.clock_hz, 500'000'000u);
  EXPECT_EQ(p.quantum_ps, 5'000'000u);
  ASSERT_EQ(p.memory.size(), 1u);
  EXPECT_EQ(p.memory[0].size, 64u << 20);
  ASSERT_EQ(p.devices.size(), 3u);
  EXPECT_EQ(p.devices[2].server, "io");
  EXPECT_EQ(p.devices[2].irqs, std::vector<uint32_t>{10});
  EXPECT_EQ(p.devices[0].server, "local");
  EXPECT_EQ(p.boot.firmware, (dir / "fw.bin").string());  // relative to the file
  EXPECT_EQ(p.boot.bootargs, "console=ttyS0");
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

TEST_F(PlatformFile, UnknownFieldNamesFileLineAndField) {
  const std::string e = error_of(replaced(kValid, "irq: 10,", "irqq: 10,"));
  EXPECT_NE(e.find("p.yaml:12: devices[2]: unknown field 'irqq'"), std::string::npos) << e;
}

TEST_F(PlatformFile, OverlapsAreRejected) {
  const std::string e = error_of(replaced(kValid, "base: 0x10000000", "base: 0xc000100"));
  // At the line of the region declared later, naming the other's.
  EXPECT_NE(e.find("p.yaml:12: devices[2]: device uart0 [0xc000100, 0xc000200) overlaps device plic "
                   "[0xc000000, 0xc600000) (line 11)"),
            std::string::npos)
      << e;
  const std::string ram = error_of(replaced(kValid, "base: 0x10000000", "base: 0x80001000"));
  EXPECT_NE(ram.find("overlaps memory ram"), std::string::npos) << ram;
}

TEST_F(PlatformFile, UnknownTypeIsRejected) {
  const std::string e = error_of(replaced(kValid, "type: ns16550a", "type: ns16551"));
  EXPECT_NE(e.find(":12: devices[2].type: unknown device type 'ns16551'"), std::string::npos) << e;
}

TEST_F(PlatformFile, InterruptOutOfRange) {
  const std::string e = error_of(replaced(kValid, "irq: 10", "irq: 96"));
  EXPECT_NE(e.find("devices[2].irq: interrupt 96 is out of range (1..95)"), std::string::npos) << e;
}

// A boot image is checked once the command line's replacements are known:
// missing, it is named with its line; replaced (--firmware), it is no error.
TEST_F(PlatformFile, MissingFileIsRejected) {
  const PlatformDescription p = load_platform(write(replaced(kValid, "firmware: fw.bin", "firmware: nope.bin")),
                                              kServerTypes);
  std::string e = "no error";
  try {
    resolve(p, {});
  } catch (const PlatformError& error) {
    e = error.what();
  }
  EXPECT_NE(e.find(":14: boot.firmware: no such file:"), std::string::npos) << e;
  BootOverrides replacement;
  replacement.firmware = p.file;  // any file that exists
  EXPECT_EQ(resolve(p, replacement).boot.firmware, p.file);
}

TEST_F(PlatformFile, DeviceOnUndeclaredServer) {
  const std::string e = error_of(replaced(kValid, "server: io }", "server: lab }"));
  EXPECT_NE(e.find("devices[2].server: no server named 'lab'"), std::string::npos) << e;
}

TEST_F(PlatformFile, ModelWithoutServerAndLocalDeviceOnServer) {
  EXPECT_NE(error_of(replaced(kValid, ", server: io }", " }")).find("name the device server"), std::string::npos);
  EXPECT_NE(error_of(replaced(kValid, "size: 0x10000 }", "size: 0x10000, server: io }")).find("must be 'local'"),
            std::string::npos);
}

TEST_F(PlatformFile, BadValuesAndYaml) {
  EXPECT_NE(error_of(replaced(kValid, "size: 64MiB", "size: lots")).find("memory[0].size: 'lots' is not a number"),
            std::string::npos);
  EXPECT_NE(error_of(replaced(kValid, "quantum: 5us", "quantum: 5")).find("quantum: '5' has no unit"),
            std::string::npos);
  EXPECT_NE(error_of(replaced(kValid, "harts: 2", "harts: 0")).find("harts: 0 is out of range (1..64)"),
            std::string::npos);
  EXPECT_NE(error_of("memory: [ { base: 1 ").find("p.yaml:"), std::string::npos);  // YAML syntax
  EXPECT_NE(error_of("name: x\n").find("memory: a platform needs memory"), std::string::npos);
}

TEST_F(PlatformFile, APluginDeviceBringsItsOwnType) {
  std::ofstream(dir / "libdma.so") << "plugin";
  const std::string yaml = replaced(kValid, "boot:", "  - { name: dma0, type: rtl/dma, plugin: libdma.so, clock: 100MHz,\n"
                                                     "      base: 0x20000000, size: 0x1000, irq: 11, server: io }\nboot:");
  const PlatformDescription p = load_platform(write(yaml), kServerTypes);
  ASSERT_EQ(p.devices.size(), 4u);
  EXPECT_EQ(p.devices[3].type, "rtl/dma");
  EXPECT_EQ(p.devices[3].params.at("plugin"), (dir / "libdma.so").string());  // relative to the file
  EXPECT_EQ(p.devices[3].params.at("clock"), "100MHz");
  const std::string missing = error_of(replaced(yaml, "plugin: libdma.so", "plugin: libnone.so"));
  EXPECT_NE(missing.find(":13: devices[3].plugin: no such file:"), std::string::npos) << missing;
  const std::string clock = error_of(replaced(yaml, "clock: 100MHz", "clock: fast"));
  EXPECT_NE(clock.find("devices[3].clock: "), std::string::npos) << clock;
}

TEST_F(PlatformFile, NeedsOneClintAndOnePlic) {
  const std::string e = error_of(replaced(kValid, "  - { name: clint, type: \"riscv,clint0\", base: 0x2000000, size: 0x10000 }\n", ""));
  EXPECT_NE(e.find("needs exactly one riscv,clint0 (found 0)"), std::string::npos) << e;
}

// Every bad file the CLI tests use differs from good.yaml in one thing.
TEST(BadPlatformFiles, TheGoodOneLoads) {
  const PlatformDescription p = resolve(load_platform(LOOM_BAD_PLATFORMS "/good.yaml", kServerTypes), {});
  EXPECT_EQ(p.devices.size(), 3u);
}

TEST_F(PlatformFile, TimingIsPossible) {
  EXPECT_NE(error_of(kValid + std::string("timebase: 1GHz\n")).find(":16: timebase: 1000000000 Hz is faster than the clock"),
            std::string::npos);
  EXPECT_NE(error_of(kValid + std::string("timebase: 7Hz\n")).find("timebase: 7 Hz does not divide 1 THz"),
            std::string::npos);
  EXPECT_NE(error_of(replaced(kValid, "clock: 500MHz", "clock: 1001GHz")).find(":3: clock: must be at most 1THz"),
            std::string::npos);
  EXPECT_NE(error_of(replaced(kValid, "quantum: 5us", "quantum: 1ns")).find(":4: quantum: 1000 ps is shorter"),
            std::string::npos);
  EXPECT_NE(error_of(replaced(kValid, "quantum: 5us", "quantum: 2000ms")).find("quantum: 2000000000000 ps is longer"),
            std::string::npos);
}

TEST_F(PlatformFile, RegionsAreNotEmptyAndDoNotWrap) {
  EXPECT_NE(error_of(replaced(kValid, "size: 64MiB", "size: 0")).find(":6: memory[0].size: must not be 0"),
            std::string::npos);
  const std::string wraps = error_of(replaced(kValid, "base: 0x80000000", "base: 0xffffffffff000000"));
  EXPECT_NE(wraps.find(":6: memory[0].size: [0xffffffffff000000, +0x4000000) runs past the end"), std::string::npos)
      << wraps;
  EXPECT_NE(error_of(replaced(kValid, "size: 0x100,", "size: 0,")).find(":12: devices[2].size: must not be 0"),
            std::string::npos);
  // A region may end exactly at 2^64.
  EXPECT_EQ(error_of(replaced(kValid, "base: 0x10000000, size: 0x100", "base: 0xffffffffffffff00, size: 0x100")),
            "no error");
}

TEST_F(PlatformFile, InterruptLinesBelongToOneDevice) {
  const std::string shared = error_of(replaced(kValid, "boot:", "  - { name: uart1, type: ns16550a, base: 0x10000100, "
                                                                "size: 0x100, irq: 10, server: io }\nboot:"));
  EXPECT_NE(shared.find(":13: devices[3].irq: interrupt 10 is already device uart0's (line 12)"), std::string::npos)
      << shared;
  EXPECT_NE(error_of(replaced(kValid, "irq: 10,", "irq: [10, 11],")).find("2 interrupts, but a ns16550a has 1 output"),
            std::string::npos);
  EXPECT_NE(error_of(replaced(kValid, "size: 0x10000 }", "size: 0x10000, irq: 3 }"))
                .find(":10: devices[0].irq: a riscv,clint0 has no interrupt output"),
            std::string::npos);
  EXPECT_NE(error_of(replaced(kValid, "irq: 10", "irq: 010")).find("no error"), std::string::npos);  // decimal
}

TEST_F(PlatformFile, ParametersAndSizesAreTheModelsOwn) {
  EXPECT_NE(error_of(replaced(kValid, "server: io }", "server: io, params: { clock-hz: 1 } }"))
                .find(":12: devices[2].params.clock-hz: a ns16550a has no parameter 'clock-hz' (known: clock_hz)"),
            std::string::npos);
  EXPECT_EQ(error_of(replaced(kValid, "server: io }", "server: io, params: { clock_hz: 1843200 } }")), "no error");
  EXPECT_NE(error_of(replaced(kValid, "size: 0x10000 }", "size: 0x10000, params: { level: m } }"))
                .find("devices[0].params.level: a riscv,clint0 has no parameter 'level' (known: none)"),
            std::string::npos);
  EXPECT_NE(error_of(replaced(kValid, "size: 0x100,", "size: 7,")).find("devices[2].size: 0x7 is smaller than a ns16550a's"),
            std::string::npos);
}

TEST_F(PlatformFile, NamesAreNames) {
  for (const char* bad : {"\"uart 0\"", "0uart", "uart.0", "\"\"", "ü"}) {
    const std::string e = error_of(replaced(kValid, "name: uart0", std::string("name: ") + bad));
    EXPECT_NE(e.find(":12: devices[2].name: "), std::string::npos) << bad << ": " << e;
  }
  EXPECT_NE(error_of(replaced(kValid, "- { name: io }", "- { name: \"i o\" }")).find(":8: servers[0].name: "),
            std::string::npos);
  EXPECT_NE(error_of(replaced(kValid, "name: ram", "name: \"r a m\"")).find(":6: memory[0].name: "), std::string::npos);
}

TEST_F(PlatformFile, OneDocumentWithUniqueKeys) {
  EXPECT_NE(error_of(replaced(kValid, "harts: 2", "harts: 2\nharts: 3")).find(":3: harts: given twice (first at line 2)"),
            std::string::npos);
  EXPECT_NE(error_of(replaced(kValid, "irq: 10,", "irq: 10, irq: 11,")).find(":12: devices[2].irq: given twice"),
            std::string::npos);
  EXPECT_NE(error_of(kValid + std::string("---\nname: again\n")).find(":17: platform: a second YAML document"),
            std::string::npos);
  EXPECT_NE(error_of("").find("p.yaml: the platform file is empty"), std::string::npos);
}

TEST_F(PlatformFile, ServerAddressesHaveAPort) {
  EXPECT_NE(error_of(replaced(kValid, "- { name: io }", "- { name: io, address: \"host:65536\" }"))
                .find(":8: servers[0].address: 'host:65536': port 65536 is out of range (1..65535)"),
            std::string::npos);
  EXPECT_NE(error_of(replaced(kValid, "- { name: io }", "- { name: io, address: host }")).find("is not an address"),
            std::string::npos);
}

// Boot images, once their files are known: in memory, apart from each
// other and from the device tree; blamed on the command line's option when
// it gave one.
TEST_F(PlatformFile, BootImagesDoNotOverlap) {
  std::ofstream(dir / "kernel.bin") << std::string(64, 'k');
  const auto resolve_error = [&](const std::string& yaml, const BootOverrides& overrides) -> std::string {
    try {
      resolve(load_platform(write(yaml), kServerTypes), overrides);
    } catch (const PlatformError& e) {
      return e.what();
    }
    return "no error";
  };
  const std::string gap = kValid + std::string("  kernel-address: 0x80200000\n  dtb-address: 0x80200020\n");
  EXPECT_EQ(resolve_error(gap, {}), "no error");
  BootOverrides kernel;
  kernel.kernel = (dir / "kernel.bin").string();
  const std::string e = resolve_error(gap, kernel);
  EXPECT_EQ(e.rfind("--kernel: the kernel (kernel.bin) [0x80200000, 0x8020003f] overlaps the device tree [0x80200020, ", 0),
            0u)
      << e;
  EXPECT_NE(e.find("(" + (dir / "p.yaml").string() + ":17: boot.dtb-address)"), std::string::npos) << e;
  const std::string on_firmware = resolve_error(kValid + std::string("  dtb-address: 0x80000000\n"), {});
  EXPECT_NE(on_firmware.find(":16: boot.dtb-address: the device tree [0x80000000, "), std::string::npos) << on_firmware;
  EXPECT_NE(on_firmware.find("overlaps the firmware (fw.bin) [0x80000000, 0x80000007] ("), std::string::npos)
      << on_firmware;
  const std::string outside = resolve_error(kValid + std::string("  firmware-address: 0x1000000\n"), {});
  EXPECT_NE(outside.find(":14: boot.firmware: the firmware (fw.bin) [0x1000000, 0x1000007] does not lie in memory"),
            std::string::npos)
      << outside;
  BootOverrides harts;
  harts.quantum_ps = 1;
  EXPECT_NE(resolve_error(kValid, harts).find("--quantum: 1 ps is shorter than one instruction"), std::string::npos);
}

TEST(Units, SizesFrequenciesDurations) {
  EXPECT_EQ(parse_size("0x1000"), 0x1000u);
  EXPECT_EQ(parse_size("512MiB"), 512ull << 20);
  EXPECT_EQ(parse_frequency("10MHz"), 10'000'000u);
  EXPECT_EQ(parse_duration_ps("10us"), 10'000'000u);
  EXPECT_THROW(parse_size("-1"), UnitError);
  EXPECT_THROW(parse_duration_ps("0us"), UnitError);
  EXPECT_THROW(parse_size("99999999999999999999GiB"), UnitError);
}

TEST(Units, NumbersAreDecimalOrHexNeverOctal) {
  EXPECT_EQ(parse_number("010"), 10u);
  EXPECT_EQ(parse_size("010KiB"), 10u << 10);
  EXPECT_EQ(parse_number("0x10"), 16u);
  EXPECT_EQ(parse_number("18446744073709551615"), UINT64_MAX);
  for (const char* bad : {"", "-1", "+1", " 1", "1 ", "0x", "0x-1", "1e3", "18446744073709551616", "0b1"}) {
    EXPECT_THROW(parse_number(bad), UnitError) << bad;
  }
}

TEST(Units, ServerAddresses) {
  EXPECT_NO_THROW(check_server_address("unix:/tmp/s.sock", false));
  EXPECT_NO_THROW(check_server_address("localhost:7000", false));
  EXPECT_NO_THROW(check_server_address("[::1]:65535", false));
  EXPECT_NO_THROW(check_server_address(":0", true));
  EXPECT_THROW(check_server_address(":0", false), UnitError);
  EXPECT_THROW(check_server_address(":99999", true), UnitError);
  EXPECT_THROW(check_server_address("host:-1", true), UnitError);
  EXPECT_THROW(check_server_address("unix:", true), UnitError);
}

}  // namespace
}  // namespace loom::platforms
