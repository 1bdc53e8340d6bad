// PCIe in platform files: the host bridge and its windows, functions placed
// by slot (their INTx swizzled onto the host bridge's lines), and the
// one-line errors for each kind of mistake.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "loom/platforms/platform.h"

namespace loom::platforms {
namespace {

const std::vector<ServerDeviceType> kServerTypes = {{"ns16550a", 1, 8, {}}, {"loom,pci-endpoint-test", 1, 0, {"msi-vectors"}}};

class PciePlatform : public ::testing::Test {
 protected:
  std::filesystem::path dir = std::filesystem::temp_directory_path() / ("loom-pcie-" + std::to_string(getpid()));
  PciePlatform() {
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "fw.bin") << "firmware";
  }
  ~PciePlatform() override { std::filesystem::remove_all(dir); }
  std::string write(const std::string& devices) {
    const auto path = (dir / "p.yaml").string();
    std::ofstream(path) << "memory:\n  - { name: ram, base: 0x80000000, size: 64MiB }\n"
                           "servers:\n  - { name: io }\n  - { name: rtl }\n"
                           "boot: { firmware: fw.bin }\n"
                           "devices:\n"
                           "  - { name: clint, type: \"riscv,clint0\", base: 0x2000000, size: 0x10000 }\n"
                           "  - { name: plic, type: \"sifive,plic-1.0.0\", base: 0xc000000, size: 0x600000 }\n"
                        << devices;
    return path;
  }
  std::string error_of(const std::string& devices) {
    try {
      load_platform(write(devices), kServerTypes);
    } catch (const PlatformError& e) {
      return e.what();
    }
    return "no error";
  }
};

const char* kHost =
    "  - { name: pcie, type: pci-host-ecam-generic, base: 0x30000000, size: 0x10000000, irq: [32, 33, 34, 35] }\n";

TEST_F(PciePlatform, FunctionsSitInSlotsOfAnyServer) {
  const PlatformDescription p = load_platform(
      write(std::string(kHost) +
            "  - { name: ep0, type: \"loom,pci-endpoint-test\", server: io, pcie: { slot: 1 } }\n"
            "  - { name: ep1, type: \"loom,pci-endpoint-test\", server: rtl, pcie: { slot: 2, function: 3 } }\n"),
      kServerTypes);
  const DeviceDescription& host = *p.find_device_of_type(kPcieHostType);
  EXPECT_EQ(host.windows.mmio32.base, 0x40000000u);  // QEMU virt's windows by default
  EXPECT_EQ(host.windows.mmio64.size, 0x400000000u);
  ASSERT_TRUE(p.devices[3].pcie);
  EXPECT_EQ(p.devices[3].pcie->device, 1u);
  EXPECT_EQ(p.devices[4].pcie->function, 3u);
  EXPECT_EQ(p.devices[4].server, "rtl");
  // INTA..INTD of slot 1 start at the host's INTB, of slot 2 at its INTC.
  EXPECT_EQ(pcie_intx_irqs(host, *p.devices[3].pcie), (std::vector<uint32_t>{33, 34, 35, 32}));
  EXPECT_EQ(pcie_intx_irqs(host, *p.devices[4].pcie), (std::vector<uint32_t>{34, 35, 32, 33}));
}

TEST_F(PciePlatform, WindowsCanBeMoved) {
  const PlatformDescription p = load_platform(
      write("  - { name: pcie, type: pci-host-ecam-generic, base: 0x30000000, size: 0x1000000, irq: [40, 41, 42, 43],\n"
            "      windows: { mmio: [0x50000000, 256MiB], mmio64: [0x800000000, 1GiB], pio: [0x3000000, 0x1000] } }\n"),
      kServerTypes);
  EXPECT_EQ(p.devices[2].windows.mmio32.base, 0x50000000u);
  EXPECT_EQ(p.devices[2].windows.mmio32.size, 256u << 20);
  EXPECT_EQ(p.devices[2].windows.pio.size, 0x1000u);
}

TEST_F(PciePlatform, TwoFunctionsInOneSlotAreRefused) {
  EXPECT_EQ(error_of(std::string(kHost) +
                     "  - { name: ep0, type: \"loom,pci-endpoint-test\", server: io, pcie: { slot: 1 } }\n"
                     "  - { name: ep1, type: \"loom,pci-endpoint-test\", server: rtl, pcie: { slot: 1 } }\n"),
            (dir / "p.yaml").string() + ":12: devices[4].pcie: bus 0 slot 1 function 0 is already ep0's (line 11)");
}

TEST_F(PciePlatform, MistakesNameTheirLine) {
  const std::string file = (dir / "p.yaml").string();
  EXPECT_EQ(error_of("  - { name: ep0, type: \"loom,pci-endpoint-test\", server: io, pcie: { slot: 1 } }\n"),
            file + ":10: device ep0: a PCIe function needs a pci-host-ecam-generic device");
  EXPECT_EQ(error_of(std::string(kHost) + "  - { name: ep0, type: \"loom,pci-endpoint-test\", server: io, "
                                          "base: 0x40000000, pcie: { slot: 1 } }\n"),
            file + ":11: devices[3].base: a PCIe function has none: its BARs and INTx come from its slot and the guest");
  EXPECT_EQ(error_of(std::string(kHost) +
                     "  - { name: ep0, type: \"loom,pci-endpoint-test\", server: io, pcie: { slot: 32 } }\n"),
            file + ":11: devices[3].pcie.slot: 32 is out of range (0..31)");
  EXPECT_EQ(error_of(std::string(kHost) +
                     "  - { name: ep0, type: \"loom,pci-endpoint-test\", server: io, pcie: { lane: 1 } }\n"),
            file + ":11: devices[3].pcie: unknown field 'lane' (expected one of: slot, function, bus)");
  EXPECT_EQ(error_of("  - { name: pcie, type: pci-host-ecam-generic, base: 0x30000000, size: 0x10000000, irq: 32 }\n"),
            file + ":10: device pcie: a host bridge needs irq: [INTA, INTB, INTC, INTD]");
  EXPECT_EQ(error_of("  - { name: uart0, type: ns16550a, base: 0x10000000, size: 0x100, server: io, "
                     "windows: { mmio: [0x40000000, 1GiB] } }\n"),
            file + ":10: devices[2].windows: only a pci-host-ecam-generic has windows");
  EXPECT_EQ(error_of("  - { name: pcie, type: pci-host-ecam-generic, base: 0x30000000, size: 0x10000000, "
                     "irq: [32, 33, 34, 35], windows: { mmio: [0x80000000, 1GiB] } }\n"),
            file + ":10: devices[2].windows.mmio: device pcie's 32-bit memory window [0x80000000, 0xc0000000) "
                   "overlaps memory ram [0x80000000, 0x84000000) (line 2)");
}

}  // namespace
}  // namespace loom::platforms
