// google,goldfish-rtc: time from the epoch plus simulated time, the TIME_HIGH
// latch, setting the time, and the alarm at its exact simulated time.

#include "goldfish-rtc/goldfish_rtc.h"
#include "testbench.h"

namespace loom::tlm_devices::testing {
namespace {

using namespace goldfish_rtc;

using GoldfishClock = TlmTest;

constexpr uint64_t rtc_size = 0x1000;

uint32_t read_reg(Testbench& tb, uint64_t offset) {
  const MmioResult result = tb.read(offset, 4);
  EXPECT_EQ(result.status, tlm::TLM_OK_RESPONSE) << "read at offset " << offset;
  return static_cast<uint32_t>(result.value);
}

void write_reg(Testbench& tb, uint64_t offset, uint32_t value) {
  EXPECT_EQ(tb.write(offset, 4, value).status, tlm::TLM_OK_RESPONSE) << "write at offset " << offset;
}

// As rtc-goldfish reads the time: LOW, then the latched HIGH.
uint64_t read_time(Testbench& tb) {
  const uint64_t low = read_reg(tb, regs::time_low);
  return (uint64_t{read_reg(tb, regs::time_high)} << 32) | low;
}

// As rtc-goldfish sets the time and the alarm: HIGH, then LOW.
void write_time(Testbench& tb, uint64_t time_ns) {
  write_reg(tb, regs::time_high, static_cast<uint32_t>(time_ns >> 32));
  write_reg(tb, regs::time_low, static_cast<uint32_t>(time_ns));
}

void set_alarm(Testbench& tb, uint64_t alarm_ns) {
  write_reg(tb, regs::alarm_high, static_cast<uint32_t>(alarm_ns >> 32));
  write_reg(tb, regs::alarm_low, static_cast<uint32_t>(alarm_ns));
  write_reg(tb, regs::irq_enabled, 1);
}

TEST_F(GoldfishClock, TimeIsTheEpochPlusSimulatedTime) {
  FakeHostServices services;
  Testbench tb(type_name, rtc_size, services);
  ASSERT_EQ(tb.device->interrupts().size(), 1u);
  tb.run([&] {
    EXPECT_EQ(read_time(tb), services.epoch);
    wait(ns(1'234'567));
    EXPECT_EQ(read_time(tb), services.epoch + 1'234'567);
    // Sub-nanosecond simulated time rounds down.
    wait(sc_time(999, SC_PS));
    EXPECT_EQ(read_time(tb), services.epoch + 1'234'567);
    EXPECT_EQ(read_reg(tb, regs::alarm_status), 0u);
    EXPECT_EQ(read_reg(tb, regs::irq_enabled), 0u);
  });
  EXPECT_FALSE(sc_pending_activity());  // an idle RTC costs nothing
}

TEST_F(GoldfishClock, ReadingLowLatchesHigh) {
  FakeHostServices services;
  services.epoch = 0x1'ffff'ff00;  // 256 ns before the high half changes
  Testbench tb(type_name, rtc_size, services);
  tb.run([&] {
    EXPECT_EQ(read_reg(tb, regs::time_high), 0u);  // nothing latched yet
    EXPECT_EQ(read_reg(tb, regs::time_low), 0xffff'ff00u);
    wait(ns(0x200));
    EXPECT_EQ(read_reg(tb, regs::time_high), 1u);  // as latched, not as now
    EXPECT_EQ(read_reg(tb, regs::time_low), 0x100u);
    EXPECT_EQ(read_reg(tb, regs::time_high), 2u);
  });
}

TEST_F(GoldfishClock, WritingTheTimeSetsAnOffset) {
  FakeHostServices services;
  Testbench tb(type_name, rtc_size, services);
  tb.run([&] {
    wait(ns(1000));
    const uint64_t set_to = 0x0123'4567'89ab'cdefull;
    write_time(tb, set_to);
    EXPECT_EQ(read_time(tb), set_to);
    wait(ns(500));
    EXPECT_EQ(read_time(tb), set_to + 500);
    // HIGH alone changes nothing until LOW is written.
    write_reg(tb, regs::time_high, 7);
    EXPECT_EQ(read_time(tb), set_to + 500);
    write_reg(tb, regs::time_low, 5);
    EXPECT_EQ(read_time(tb), (uint64_t{7} << 32) | 5);
    // LOW alone keeps the current high half.
    write_reg(tb, regs::time_low, 9);
    EXPECT_EQ(read_time(tb), (uint64_t{7} << 32) | 9);
    // Going back in time works too.
    write_time(tb, 42);
    wait(ns(8));
    EXPECT_EQ(read_time(tb), 50u);
  });
}

TEST_F(GoldfishClock, AlarmRaisesTheInterruptAtTheExactTime) {
  FakeHostServices services;
  Testbench tb(type_name, rtc_size, services);
  tb.run([&] {
    wait(ns(300));
    set_alarm(tb, services.epoch + 300 + 5000);
    EXPECT_EQ(read_reg(tb, regs::alarm_status), 1u);
    EXPECT_EQ(read_reg(tb, regs::alarm_low), static_cast<uint32_t>(services.epoch + 5300));
    EXPECT_EQ(read_reg(tb, regs::alarm_high), static_cast<uint32_t>((services.epoch + 5300) >> 32));
    EXPECT_EQ(read_reg(tb, regs::irq_enabled), 1u);
    wait(tb.irq(0).posedge_event());
    EXPECT_EQ(sc_time_stamp(), ns(5300));
    EXPECT_EQ(read_reg(tb, regs::alarm_status), 0u);
    EXPECT_EQ(read_time(tb), services.epoch + 5300);
    // The driver's handler acknowledges it.
    wait(ns(100));
    write_reg(tb, regs::clear_interrupt, 1);
    wait(tb.irq(0).negedge_event());
    EXPECT_EQ(sc_time_stamp(), ns(5400));
  });
  EXPECT_FALSE(sc_pending_activity());
}

TEST_F(GoldfishClock, ArmedAlarmIsThePendingActivity) {
  FakeHostServices services;
  Testbench tb(type_name, rtc_size, services);
  tb.start([&] {
    wait(ns(10));
    set_alarm(tb, services.epoch + 1'000'000);
  });
  sc_start(ns(20));
  EXPECT_EQ(sc_time_to_pending_activity(), ns(1'000'000 - 20));
  sc_start(ns(1'000'000));
  EXPECT_TRUE(tb.irq(0).read());
  EXPECT_EQ(tb.irq_edges(0).at(0).time, ns(1'000'000));
  EXPECT_FALSE(sc_pending_activity());
}

TEST_F(GoldfishClock, AlarmInThePastFiresAtOnce) {
  FakeHostServices services;
  Testbench tb(type_name, rtc_size, services);
  tb.run([&] {
    wait(ns(50));
    set_alarm(tb, services.epoch + 50);  // now
    EXPECT_EQ(read_reg(tb, regs::alarm_status), 0u);
    wait(ns(1));
    EXPECT_TRUE(tb.irq(0).read());
    EXPECT_EQ(tb.irq_edges(0).at(0).time, ns(50));
  });
}

TEST_F(GoldfishClock, DisabledInterruptHoldsAFiredAlarm) {
  FakeHostServices services;
  Testbench tb(type_name, rtc_size, services);
  tb.run([&] {
    write_reg(tb, regs::alarm_high, static_cast<uint32_t>((services.epoch + 100) >> 32));
    write_reg(tb, regs::alarm_low, static_cast<uint32_t>(services.epoch + 100));
    wait(ns(200));
    EXPECT_EQ(read_reg(tb, regs::alarm_status), 0u);  // fired
    EXPECT_FALSE(tb.irq(0).read());
    write_reg(tb, regs::irq_enabled, 1);
    wait(ns(1));
    EXPECT_TRUE(tb.irq(0).read());
    write_reg(tb, regs::irq_enabled, 0);
    wait(ns(1));
    EXPECT_FALSE(tb.irq(0).read());
    write_reg(tb, regs::clear_interrupt, 1);
    write_reg(tb, regs::irq_enabled, 1);
    wait(ns(1));
    EXPECT_FALSE(tb.irq(0).read());
  });
}

TEST_F(GoldfishClock, ClearAlarmCancelsIt) {
  FakeHostServices services;
  Testbench tb(type_name, rtc_size, services);
  tb.start([&] {
    set_alarm(tb, services.epoch + 1000);
    EXPECT_EQ(read_reg(tb, regs::alarm_status), 1u);
    // rtc-goldfish cancels an alarm only if ALARM_STATUS says it is armed.
    write_reg(tb, regs::clear_alarm, 1);
    EXPECT_EQ(read_reg(tb, regs::alarm_status), 0u);
  });
  sc_start(ns(10));
  EXPECT_FALSE(sc_pending_activity());
  sc_start(ns(2000));
  EXPECT_TRUE(tb.irq_edges(0).empty());
}

TEST_F(GoldfishClock, SettingTheTimeMovesTheAlarm) {
  FakeHostServices services;
  Testbench tb(type_name, rtc_size, services);
  tb.run([&] {
    set_alarm(tb, services.epoch + 10'000);
    wait(ns(1000));
    write_time(tb, services.epoch + 5000);  // 4000 ns forward
    wait(tb.irq(0).posedge_event());
    EXPECT_EQ(sc_time_stamp(), ns(6000));
    // Setting the time past an armed alarm fires it at once.
    write_reg(tb, regs::clear_interrupt, 1);
    set_alarm(tb, read_time(tb) + 1'000'000);
    wait(ns(10));
    write_time(tb, read_time(tb) + 2'000'000);
    EXPECT_EQ(read_reg(tb, regs::alarm_status), 0u);
    wait(ns(1));
    EXPECT_TRUE(tb.irq(0).read());
  });
  EXPECT_FALSE(sc_pending_activity());
}

TEST_F(GoldfishClock, AccessAheadOfTheKernelSeesTheAlarmFired) {
  FakeHostServices services;
  Testbench tb(type_name, rtc_size, services);
  tb.run([&] {
    set_alarm(tb, services.epoch + 1000);
    const MmioResult status = tb.access(tlm::TLM_READ_COMMAND, regs::alarm_status, 4, 0, {}, ns(1000));
    EXPECT_EQ(status.value, 0u);
    const MmioResult earlier = tb.access(tlm::TLM_READ_COMMAND, regs::time_low, 4, 0, {}, ns(999));
    EXPECT_EQ(earlier.value, static_cast<uint32_t>(services.epoch + 999));
  });
}

TEST_F(GoldfishClock, BadAccessesAreRefused) {
  FakeHostServices services;
  Testbench tb(type_name, rtc_size, services);
  tb.run([&] {
    EXPECT_EQ(tb.read(regs::time_low, 8).status, tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(tb.read(regs::time_low, 2).status, tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(tb.write(regs::alarm_low, 1, 0).status, tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(tb.read(2, 4).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(tb.read(rtc_size, 4).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(tb.write(regs::alarm_low, 4, 0, {0x00, 0xff, 0xff, 0xff}).status, tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
    EXPECT_EQ(read_reg(tb, regs::alarm_status), 0u);  // that write armed nothing
    // Write-only registers and the rest of the aperture read 0, as on QEMU.
    EXPECT_EQ(read_reg(tb, regs::clear_alarm), 0u);
    EXPECT_EQ(read_reg(tb, regs::clear_interrupt), 0u);
    EXPECT_EQ(read_reg(tb, 0x20), 0u);
    write_reg(tb, rtc_size - 4, 0xffff'ffff);
    EXPECT_EQ(read_reg(tb, rtc_size - 4), 0u);
    const MmioResult ok = tb.read(regs::time_low, 4);
    EXPECT_FALSE(ok.dmi_allowed);
    EXPECT_EQ(ok.delay, SC_ZERO_TIME);
  });
}

// Model::reset between simulation steps: the alarm disarmed and its event
// cancelled, the interrupt state cleared (the output falls a delta cycle
// later), the latch and a held TIME_HIGH write forgotten; the time software
// set goes on, as a battery-backed clock's (and QEMU's) does.
TEST_F(GoldfishClock, ResetReturnsToThePowerOnState) {
  FakeHostServices services;
  Testbench tb(type_name, rtc_size, services);
  sc_start(ns(1000));
  write_time(tb, services.epoch + 7'000'000'000'000ull);  // software sets the clock
  set_alarm(tb, read_time(tb));  // fires at once: the output rises
  set_alarm(tb, read_time(tb) + 1'000'000);  // and another one armed
  write_reg(tb, regs::time_high, 0x1234);  // held for a TIME_LOW write that never comes
  sc_start(ns(10));
  ASSERT_TRUE(tb.irq(0).read());
  EXPECT_EQ(read_reg(tb, regs::alarm_status), 1u);
  EXPECT_EQ(sc_time_to_pending_activity(), ns(1'000'000 - 10));
  ASSERT_NE(read_reg(tb, regs::time_high), 0u);

  tb.device->reset();
  EXPECT_EQ(read_reg(tb, regs::time_high), 0u);  // the latch, before any TIME_LOW read
  EXPECT_EQ(read_reg(tb, regs::alarm_low), 0u);
  EXPECT_EQ(read_reg(tb, regs::alarm_high), 0u);
  EXPECT_EQ(read_reg(tb, regs::irq_enabled), 0u);
  EXPECT_EQ(read_reg(tb, regs::alarm_status), 0u);
  EXPECT_EQ(read_time(tb), services.epoch + 7'000'000'000'000ull + 10);  // the time set by software stays
  EXPECT_EQ(sc_time_to_pending_activity(), SC_ZERO_TIME);  // the output follows
  sc_start(ns(10));
  EXPECT_FALSE(tb.irq(0).read());
  ASSERT_EQ(tb.irq_edges(0).size(), 2u);
  EXPECT_EQ(tb.irq_edges(0)[1].time, ns(1010));
  EXPECT_FALSE(sc_pending_activity());  // the alarm's event is gone
  sc_start(ns(2'000'000));
  EXPECT_EQ(tb.irq_edges(0).size(), 2u);

  // A TIME_LOW write alone keeps the current high half: the held 0x1234 is gone.
  const uint64_t now = services.epoch + 7'000'000'000'000ull + 2'000'020;
  EXPECT_EQ(read_time(tb), now);
  write_reg(tb, regs::time_low, static_cast<uint32_t>(now) + 100);
  EXPECT_EQ(read_time(tb), now + 100);
  // And the alarm works as after power-on.
  set_alarm(tb, now + 100 + 500);
  sc_start(ns(600));
  ASSERT_EQ(tb.irq_edges(0).size(), 3u);
  EXPECT_EQ(tb.irq_edges(0)[2].time, ns(2'001'020 + 500));
  EXPECT_TRUE(tb.irq(0).read());
  EXPECT_FALSE(sc_pending_activity());
}

TEST(GoldfishClockConfig, ErrorsNameTheDevice) {
  FakeHostServices services;
  auto error_of = [&](const ModelParams& params, uint64_t size, HostServices* host) -> std::string {
    try {
      create_model(type_name, "rtc0", size, params, host);
    } catch (const ModelError& error) {
      return error.what();
    }
    return "no error";
  };
  EXPECT_EQ(error_of({}, 0x1000, nullptr), "google,goldfish-rtc 'rtc0': needs host services (the epoch)");
  EXPECT_EQ(error_of({{"epoch", "0"}}, 0x1000, &services),
            "google,goldfish-rtc 'rtc0': unknown parameter 'epoch' (known: none)");
  EXPECT_EQ(error_of({}, 0x10, &services),
            "google,goldfish-rtc 'rtc0': size 0x10 is smaller than the register map (0x20)");
}

}  // namespace
}  // namespace loom::tlm_devices::testing
