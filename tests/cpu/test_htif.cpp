#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "devices/htif.h"
#include "loom/cpu/bus.h"

namespace loom::cpu {
namespace {

constexpr uint64_t kRamBase = 0x80000000;
constexpr uint64_t kToHost = 0x80001000;
constexpr uint64_t kFromHost = 0x80001008;

constexpr uint64_t command(uint64_t device, uint64_t cmd, uint64_t payload) {
  return (device << 56) | (cmd << 48) | payload;
}

class HtifTest : public ::testing::Test {
 protected:
  HtifTest() { bus.map_ram(kRamBase, 0x10000); }

  // A guest store, as a hart performs it (the write watch fires).
  void store(uint64_t address, uint64_t value, unsigned size = 8) {
    ASSERT_TRUE(bus.write(AccessContext{1000, 0}, address, size, value));
  }
  uint64_t ram64(uint64_t address) {
    uint64_t value = 0;
    bus.read_bytes(address, &value, sizeof value);
    return value;
  }

  Bus bus;
  std::ostringstream console;
};

TEST_F(HtifTest, PutcharPrintsAndAcknowledgesLikeQemu) {
  Htif htif(bus, kToHost, kFromHost, console);
  store(kToHost, command(1, 1, 'A'));
  EXPECT_EQ(console.str(), "A");
  EXPECT_EQ(ram64(kToHost), 0u);
  EXPECT_EQ(ram64(kFromHost), (1ull << 56) | (1ull << 48) | 0x100 | 'A');
  store(kFromHost, 0);  // the guest consumes the response; not a command
  store(kToHost, command(1, 1, 0x1234'0000'0000 | '\n'));  // only the low byte is printed
  EXPECT_EQ(console.str(), "A\n");
  EXPECT_EQ(ram64(kFromHost), (1ull << 56) | (1ull << 48) | 0x100 | '\n');
  EXPECT_FALSE(htif.exit_requested());
}

TEST_F(HtifTest, ExitCommandCarriesTheCode) {
  Htif htif(bus, kToHost, kFromHost, console);
  store(kToHost, (21 << 1) | 1);
  EXPECT_TRUE(htif.exit_requested());
  EXPECT_EQ(htif.exit_code(), 21);
  EXPECT_EQ(htif.error(), "");
  EXPECT_EQ(ram64(kToHost), (21u << 1) | 1);  // QEMU leaves tohost as written
  EXPECT_EQ(ram64(kFromHost), 0u);
}

TEST_F(HtifTest, PassIsExitCodeZero) {
  Htif htif(bus, kToHost, kFromHost, console);
  store(kToHost, 1);
  EXPECT_TRUE(htif.exit_requested());
  EXPECT_EQ(htif.exit_code(), 0);
}

TEST_F(HtifTest, RiscvTestsStyleLowHalfStoreExits) {
  // riscv-tests: `sw TESTNUM, tohost; sw zero, tohost+4`.
  Htif htif(bus, kToHost, kFromHost, console);
  store(kToHost, (3 << 1) | 1, 4);
  store(kToHost + 4, 0, 4);
  EXPECT_TRUE(htif.exit_requested());
  EXPECT_EQ(htif.exit_code(), 3);
}

TEST_F(HtifTest, FirstExitStands) {
  Htif htif(bus, kToHost, kFromHost, console);
  store(kToHost, (4 << 1) | 1);
  store(kToHost, command(1, 1, 'x'));
  store(kToHost, (5 << 1) | 1);
  EXPECT_EQ(htif.exit_code(), 4);
  EXPECT_EQ(console.str(), "");
}

TEST_F(HtifTest, ZeroIsNoCommand) {
  Htif htif(bus, kToHost, kFromHost, console);
  store(kToHost, 0);
  store(kToHost + 4, 0, 4);
  EXPECT_FALSE(htif.exit_requested());
  EXPECT_EQ(console.str(), "");
  EXPECT_EQ(ram64(kFromHost), 0u);
}

TEST_F(HtifTest, GetcharTakesTheRequestAndAnswersNoCharacter) {
  Htif htif(bus, kToHost, kFromHost, console);
  store(kToHost, command(1, 0, 0));
  EXPECT_FALSE(htif.exit_requested());
  EXPECT_EQ(ram64(kToHost), 0u);
  EXPECT_EQ(ram64(kFromHost), 0u);  // no response: no character available
}

TEST_F(HtifTest, SyscallProxyingIsAnError) {
  Htif htif(bus, kToHost, kFromHost, console);
  store(kToHost, kRamBase + 0x2000);  // device 0, command 0, even payload: a pk syscall block
  EXPECT_TRUE(htif.exit_requested());
  EXPECT_EQ(htif.exit_code(), Htif::unsupported_command_exit_code);
  EXPECT_NE(htif.error().find("syscall"), std::string::npos) << htif.error();
  EXPECT_NE(htif.error().find("0x80002000"), std::string::npos) << htif.error();
  EXPECT_EQ(htif.error().find('\n'), std::string::npos);
}

TEST_F(HtifTest, UnknownDevicesAndCommandsAreErrors) {
  for (uint64_t value : {command(2, 0, 1), command(1, 2, 'a'), command(0, 1, 1), command(0xff, 0xff, 0)}) {
    Bus fresh_bus;
    fresh_bus.map_ram(kRamBase, 0x10000);
    std::ostringstream out;
    Htif htif(fresh_bus, kToHost, kFromHost, out);
    ASSERT_TRUE(fresh_bus.write({}, kToHost, 8, value));
    EXPECT_TRUE(htif.exit_requested()) << std::hex << value;
    EXPECT_EQ(htif.exit_code(), Htif::unsupported_command_exit_code);
    EXPECT_NE(htif.error().find("device"), std::string::npos) << htif.error();
    EXPECT_EQ(out.str(), "");
  }
}

TEST_F(HtifTest, WithoutFromhostOnlyTohostIsCleared) {
  Htif htif(bus, kToHost, std::nullopt, console);
  store(kFromHost, 0x5555);
  store(kToHost, command(1, 1, 'z'));
  EXPECT_EQ(console.str(), "z");
  EXPECT_EQ(ram64(kToHost), 0u);
  EXPECT_EQ(ram64(kFromHost), 0x5555u);
}

TEST_F(HtifTest, StoresNextToTohostAreNotCommands) {
  Htif htif(bus, kToHost, kFromHost, console);
  store(kToHost - 8, 1);
  store(kFromHost, 1);
  EXPECT_FALSE(htif.exit_requested());
}

TEST_F(HtifTest, WordsMustBeInRam) {
  EXPECT_THROW(Htif(bus, 0x1000, kFromHost, console), std::invalid_argument);
  EXPECT_THROW(Htif(bus, kToHost, 0x1000, console), std::invalid_argument);
  EXPECT_THROW(Htif(bus, kRamBase + 0x10000 - 4, kFromHost, console), std::invalid_argument);
}

}  // namespace
}  // namespace loom::cpu
