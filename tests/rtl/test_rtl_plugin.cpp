// A verilated design built into a device plugin by loom_add_rtl_device and
// loaded by path as a device server loads it: registers through the
// AXI4-Lite adapter, its interrupt, its clock parameter, reset; and the
// plugins a server must refuse, each with one line.
#include <gtest/gtest.h>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include <cstring>

#include "loom/tlm_devices/model.h"
#include "loom/tlm_devices/plugin.h"

namespace loom::rtl_cosim {
namespace {

using sc_core::sc_time;
using sc_core::SC_NS;
using tlm_devices::ModelError;

struct Cpu : sc_core::sc_module {
  tlm_utils::simple_initiator_socket<Cpu> socket{"socket"};
  explicit Cpu(sc_core::sc_module_name name = "cpu") : sc_module(name) {}
  uint32_t access(bool write, uint64_t offset, uint32_t value = 0, sc_time* took = nullptr) {
    tlm::tlm_generic_payload t;
    t.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
    t.set_address(offset);
    t.set_data_ptr(reinterpret_cast<unsigned char*>(&value));
    t.set_data_length(4);
    t.set_streaming_width(4);
    sc_time delay = sc_core::SC_ZERO_TIME;
    socket->b_transport(t, delay);
    EXPECT_TRUE(t.is_response_ok()) << "offset " << offset;
    if (took) *took = delay;
    return value;
  }
};

std::unique_ptr<tlm_devices::Model> test_regs(const std::string& clock = "50MHz") {
  return tlm_devices::create_model("rtl/test_regs", "regs0", 0x1000, {{"plugin", TEST_REGS_PLUGIN}, {"clock", clock}});
}

TEST(RtlPlugin, ItsRegistersInterruptAndResetWorkThroughTheModelInterface) {
  auto model = test_regs();
  Cpu cpu;
  cpu.socket.bind(model->mmio());
  ASSERT_EQ(model->interrupts().size(), 1u);
  EXPECT_EQ(model->dma(), nullptr);
  sc_core::sc_start(sc_time(100, SC_NS));  // out of reset (two 20 ns cycles)
  cpu.access(true, 0x4, 0x12345678);
  EXPECT_EQ(cpu.access(false, 0x4), 0x12345678u);
  EXPECT_FALSE(model->interrupts()[0]->read());
  cpu.access(true, 0xc, 1);
  EXPECT_TRUE(model->interrupts()[0]->read());
  model->reset();
  sc_core::sc_start(sc_time(100, SC_NS));
  EXPECT_EQ(cpu.access(false, 0x4), 0u);
  EXPECT_FALSE(model->interrupts()[0]->read());
}

TEST(RtlPlugin, AnIdleDesignIsNotClockedABusyOneIs) {
  auto model = test_regs();  // 50 MHz: 20 ns
  Cpu cpu;
  cpu.socket.bind(model->mmio());
  sc_core::sc_start(sc_time(100, SC_NS));
  // Idle (busy low, nothing on the bus): the clock stops, time skips ahead
  // with no pending activity, the cycle counter stands still.
  const uint32_t idle_start = cpu.access(false, 0x10);
  sc_core::sc_start(sc_time(10, sc_core::SC_US));
  EXPECT_FALSE(sc_core::sc_pending_activity());
  const uint32_t idle_end = cpu.access(false, 0x10);
  EXPECT_LT(idle_end - idle_start, 20u) << "only the accesses' own cycles";
  // Busy: clocked edge by edge.
  cpu.access(true, 0x8, 1);
  const uint32_t busy_start = cpu.access(false, 0x10);
  sc_core::sc_start(sc_time(10, sc_core::SC_US));
  EXPECT_TRUE(sc_core::sc_pending_activity());
  EXPECT_GE(cpu.access(false, 0x10) - busy_start, 500u);  // 10 us at 50 MHz
  // Idle again.
  cpu.access(true, 0x8, 0);
  const uint32_t again = cpu.access(false, 0x10);
  sc_core::sc_start(sc_time(10, sc_core::SC_US));
  EXPECT_LT(cpu.access(false, 0x10) - again, 20u);
}

TEST(RtlPlugin, AnAccessTakesTheDesignsClockCycles) {
  auto model = test_regs("25MHz");  // 40 ns
  Cpu cpu;
  cpu.socket.bind(model->mmio());
  sc_core::sc_start(sc_time(200, SC_NS));
  sc_time took;
  cpu.access(false, 0x0, 0, &took);
  EXPECT_EQ(took.value() % sc_time(40, SC_NS).value(), 0u) << took;
  EXPECT_GE(took, sc_time(80, SC_NS));
}

std::string refusal(const std::string& type, const std::string& path) {
  try {
    tlm_devices::create_model(type, "dev0", 0x1000, {{"plugin", path}});
  } catch (const ModelError& e) {
    return e.what();
  }
  return "accepted";
}

TEST(RtlPlugin, APluginOfAnotherLoomIsRefused) {
  EXPECT_EQ(refusal("rtl/old", OLD_ABI_PLUGIN),
            std::string("device plugin ") + OLD_ABI_PLUGIN + " was built for 'loom 0.0.1, device plugin interface 0', " +
                "this device server is '" + tlm_devices::plugin_abi() + "': rebuild it against this Loom");
}

TEST(RtlPlugin, ThePlatformMustNameThePluginsType) {
  EXPECT_EQ(refusal("rtl/other", TEST_REGS_PLUGIN),
            std::string("device plugin ") + TEST_REGS_PLUGIN + " provides type 'rtl/test_regs', not 'rtl/other'");
}

TEST(RtlPlugin, ALibraryWithoutTheEntryPointIsRefused) {
  EXPECT_EQ(refusal("rtl/x", NOT_A_PLUGIN),
            std::string("device plugin ") + NOT_A_PLUGIN + ": no loom_device_plugin entry point (not a Loom device plugin)");
}

TEST(RtlPlugin, AMissingFileIsRefused) {
  const std::string message = refusal("rtl/x", "/nonexistent/libx.so");
  EXPECT_EQ(message.rfind("device plugin /nonexistent/libx.so: cannot load it: ", 0), 0u) << message;
}

TEST(RtlPlugin, ABadClockIsRefused) {
  try {
    test_regs("fast");
    FAIL() << "accepted";
  } catch (const ModelError& e) {
    EXPECT_STREQ(e.what(), "rtl device 'regs0': clock 'fast' is not a frequency (e.g. 100MHz)");
  }
}

}  // namespace
}  // namespace loom::rtl_cosim
