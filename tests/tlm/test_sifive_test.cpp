// sifive,test1: FINISHER commands become power requests; nothing else does.

#include "sifive-test/sifive_test.h"
#include "testbench.h"

namespace loom::tlm_devices::testing {
namespace {

using namespace sifive_test;

using SifiveFinisher = TlmTest;

constexpr uint64_t finisher_size = 0x1000;

TEST_F(SifiveFinisher, PassPowersOffWithExitCodeZero) {
  FakeHostServices services;
  Testbench tb(type_name, finisher_size, services);
  EXPECT_TRUE(tb.device->interrupts().empty());
  EXPECT_EQ(tb.device->dma(), nullptr);
  EXPECT_FALSE(tb.device->is_console());
  tb.run([&] {
    wait(ns(250));
    EXPECT_EQ(tb.write(regs::finisher, 4, command_pass).status, tlm::TLM_OK_RESPONSE);
    ASSERT_EQ(services.power_requests.size(), 1u);
    const auto& request = services.power_requests[0];
    EXPECT_EQ(request.device, "dut");
    EXPECT_EQ(request.action, PowerAction::PowerOff);
    EXPECT_EQ(request.code, 0u);
    EXPECT_EQ(request.time, ns(250));  // during the access
    // The high half does not matter to PASS.
    tb.write(regs::finisher, 4, 0x1234'0000 | command_pass);
    ASSERT_EQ(services.power_requests.size(), 2u);
    EXPECT_EQ(services.power_requests[1].code, 0u);
  });
}

TEST_F(SifiveFinisher, FailCarriesTheExitCode) {
  FakeHostServices services;
  Testbench tb(type_name, finisher_size, services);
  tb.run([&] {
    tb.write(regs::finisher, 4, (3u << code_shift) | command_fail);
    tb.write(regs::finisher, 4, 0xffff'0000 | command_fail);
    ASSERT_EQ(services.power_requests.size(), 2u);
    EXPECT_EQ(services.power_requests[0].action, PowerAction::PowerOff);
    EXPECT_EQ(services.power_requests[0].code, 3u);
    EXPECT_EQ(services.power_requests[1].code, 0xffffu);
  });
}

TEST_F(SifiveFinisher, ResetRequestsAReset) {
  FakeHostServices services;
  Testbench tb(type_name, finisher_size, services);
  tb.run([&] {
    tb.write(regs::finisher, 4, command_reset);
    ASSERT_EQ(services.power_requests.size(), 1u);
    EXPECT_EQ(services.power_requests[0].action, PowerAction::Reset);
    EXPECT_EQ(services.power_requests[0].code, 0u);
  });
}

TEST_F(SifiveFinisher, SixteenBitCommandsAsOpenSbiWritesThem) {
  FakeHostServices services;
  Testbench tb(type_name, finisher_size, services);
  tb.run([&] {
    EXPECT_EQ(tb.write(regs::finisher, 2, command_pass).status, tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(tb.write(regs::finisher, 2, command_fail).status, tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(tb.write(regs::finisher, 2, command_reset).status, tlm::TLM_OK_RESPONSE);
    ASSERT_EQ(services.power_requests.size(), 3u);
    EXPECT_EQ(services.power_requests[0].action, PowerAction::PowerOff);
    EXPECT_EQ(services.power_requests[0].code, 0u);
    // A 16-bit FAIL has no code bits: exit code 0, as on QEMU.
    EXPECT_EQ(services.power_requests[1].action, PowerAction::PowerOff);
    EXPECT_EQ(services.power_requests[1].code, 0u);
    EXPECT_EQ(services.power_requests[2].action, PowerAction::Reset);
  });
}

TEST_F(SifiveFinisher, OtherValuesAndOffsetsAreIgnored) {
  FakeHostServices services;
  Testbench tb(type_name, finisher_size, services);
  tb.run([&] {
    for (const uint32_t value : {0u, 0x1234u, 0x5554u, 0x5555'0000u, 0x3333'0000u, 0xffff'ffffu}) {
      EXPECT_EQ(tb.write(regs::finisher, 4, value).status, tlm::TLM_OK_RESPONSE) << std::hex << value;
    }
    // Elsewhere in the aperture a command is not one.
    EXPECT_EQ(tb.write(2, 2, command_pass).status, tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(tb.write(4, 4, command_pass).status, tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(tb.write(finisher_size - 4, 4, command_reset).status, tlm::TLM_OK_RESPONSE);
    EXPECT_TRUE(services.power_requests.empty());
    // Reads return 0 everywhere, whatever was written.
    EXPECT_EQ(tb.read(regs::finisher, 4).value, 0u);
    EXPECT_EQ(tb.read(regs::finisher, 2).value, 0u);
    EXPECT_EQ(tb.read(finisher_size - 4, 4).value, 0u);
    EXPECT_EQ(tb.read(finisher_size - 4, 4).status, tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(tb.access(tlm::TLM_IGNORE_COMMAND, regs::finisher, 4, command_pass).status, tlm::TLM_OK_RESPONSE);
    EXPECT_TRUE(services.power_requests.empty());
  });
  EXPECT_FALSE(sc_pending_activity());
}

TEST_F(SifiveFinisher, BadAccessesAreRefused) {
  FakeHostServices services;
  Testbench tb(type_name, finisher_size, services);
  tb.run([&] {
    EXPECT_EQ(tb.write(regs::finisher, 1, 0x55).status, tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(tb.write(regs::finisher, 8, command_pass).status, tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(tb.read(regs::finisher, 8).status, tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(tb.write(2, 4, command_pass).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(tb.write(1, 2, command_pass).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(tb.read(finisher_size, 4).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(tb.write(regs::finisher, 4, command_pass, {0xff, 0xff, 0x00, 0xff}).status,
              tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
    EXPECT_TRUE(services.power_requests.empty());
    const MmioResult ok = tb.write(regs::finisher, 4, 0, {0xff});
    EXPECT_EQ(ok.status, tlm::TLM_OK_RESPONSE);
    EXPECT_FALSE(ok.dmi_allowed);
  });
}

// The device has no state: a reset between simulation steps changes nothing
// and schedules nothing, and commands work as before.
TEST_F(SifiveFinisher, ResetChangesNothing) {
  FakeHostServices services;
  Testbench tb(type_name, finisher_size, services);
  sc_start(ns(100));
  EXPECT_EQ(tb.write(regs::finisher, 4, command_reset).status, tlm::TLM_OK_RESPONSE);
  ASSERT_EQ(services.power_requests.size(), 1u);
  tb.device->reset();  // what the server does when the CPU process reboots
  EXPECT_FALSE(sc_pending_activity());
  EXPECT_EQ(tb.read(regs::finisher, 4).value, 0u);
  sc_start(ns(100));
  EXPECT_EQ(services.power_requests.size(), 1u);  // nothing requested by the reset
  EXPECT_EQ(tb.write(regs::finisher, 4, (7u << code_shift) | command_fail).status, tlm::TLM_OK_RESPONSE);
  ASSERT_EQ(services.power_requests.size(), 2u);
  EXPECT_EQ(services.power_requests[1].action, PowerAction::PowerOff);
  EXPECT_EQ(services.power_requests[1].code, 7u);
  EXPECT_EQ(services.power_requests[1].time, ns(200));
}

TEST(SifiveFinisherConfig, ErrorsNameTheDevice) {
  FakeHostServices services;
  auto error_of = [&](const ModelParams& params, uint64_t size, HostServices* host) -> std::string {
    try {
      create_model(type_name, "test0", size, params, host);
    } catch (const ModelError& error) {
      return error.what();
    }
    return "no error";
  };
  EXPECT_EQ(error_of({}, 0x1000, nullptr), "sifive,test1 'test0': needs host services (power requests)");
  EXPECT_EQ(error_of({{"code", "1"}}, 0x1000, &services), "sifive,test1 'test0': unknown parameter 'code' (known: none)");
  EXPECT_EQ(error_of({}, 2, &services), "sifive,test1 'test0': size 0x2 is smaller than the register map (0x4)");
}

}  // namespace
}  // namespace loom::tlm_devices::testing
