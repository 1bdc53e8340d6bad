// The AXI4-Lite manager adapter against a verilated register file
// (verilog/axil_regs.sv): every access size and byte-enable pattern,
// back-pressure on every channel, SLVERR/DECERR as TLM errors, and RTL that
// breaks the protocol ending the access with one line instead of a hang.
#include <gtest/gtest.h>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include <cstring>
#include <vector>

#include "Vaxil_regs.h"
#include "loom/rtl_cosim/axi_lite_manager.h"
#include "loom/rtl_cosim/protocol_error.h"

namespace loom::rtl_cosim {
namespace {

using sc_core::sc_signal;
using sc_core::sc_time;
using sc_core::SC_NS;

// Where the accesses come from (a socket must live in a module).
struct Cpu : sc_core::sc_module {
  tlm_utils::simple_initiator_socket<Cpu> socket{"socket"};
  explicit Cpu(sc_core::sc_module_name name = "cpu") : sc_module(name) {}
};

// The register file behind the adapter, with its clock and reset, driven
// from outside the simulation as a device server drives its models.
struct Bench {
  sc_core::sc_clock clk{"clk", sc_time(10, SC_NS)};
  sc_signal<bool> resetn{"resetn"};
  sc_signal<uint32_t> ready_delay{"ready_delay"}, resp_delay{"resp_delay"}, misbehave{"misbehave"};
  sc_signal<bool> awvalid{"awvalid"}, awready{"awready"}, wvalid{"wvalid"}, wready{"wready"};
  sc_signal<bool> bvalid{"bvalid"}, bready{"bready"}, arvalid{"arvalid"}, arready{"arready"};
  sc_signal<bool> rvalid{"rvalid"}, rready{"rready"};
  sc_signal<uint32_t> awaddr{"awaddr"}, awprot{"awprot"}, wdata{"wdata"}, wstrb{"wstrb"}, bresp{"bresp"};
  sc_signal<uint32_t> araddr{"araddr"}, arprot{"arprot"}, rdata{"rdata"}, rresp{"rresp"};
  Vaxil_regs dut{"dut"};
  AxiLiteManager manager;
  Cpu cpu;

  explicit Bench(uint32_t ready = 0, uint32_t response = 0, uint32_t broken = 0, uint64_t timeout = 50)
      : manager("manager", "regs0", timeout) {
    dut.clk(clk);
    dut.resetn(resetn);
    dut.ready_delay(ready_delay);
    dut.resp_delay(resp_delay);
    dut.misbehave(misbehave);
    manager.clk(clk);
    bind_pins();
    cpu.socket.bind(manager.socket);
    ready_delay.write(ready);
    resp_delay.write(response);
    misbehave.write(broken);
    resetn.write(false);
    sc_core::sc_start(sc_time(30, SC_NS));
    resetn.write(true);
    sc_core::sc_start(sc_time(10, SC_NS));
  }

  void bind_pins() {
    dut.awvalid(awvalid), manager.awvalid(awvalid), dut.awready(awready), manager.awready(awready);
    dut.awaddr(awaddr), manager.awaddr(awaddr), dut.awprot(awprot), manager.awprot(awprot);
    dut.wvalid(wvalid), manager.wvalid(wvalid), dut.wready(wready), manager.wready(wready);
    dut.wdata(wdata), manager.wdata(wdata), dut.wstrb(wstrb), manager.wstrb(wstrb);
    dut.bvalid(bvalid), manager.bvalid(bvalid), dut.bready(bready), manager.bready(bready);
    dut.bresp(bresp), manager.bresp(bresp);
    dut.arvalid(arvalid), manager.arvalid(arvalid), dut.arready(arready), manager.arready(arready);
    dut.araddr(araddr), manager.araddr(araddr), dut.arprot(arprot), manager.arprot(arprot);
    dut.rvalid(rvalid), manager.rvalid(rvalid), dut.rready(rready), manager.rready(rready);
    dut.rdata(rdata), manager.rdata(rdata), dut.rresp(rresp), manager.rresp(rresp);
  }

  tlm::tlm_response_status access(bool write, uint64_t address, std::vector<uint8_t>& data,
                                  const std::vector<uint8_t>& enables = {}, sc_time* took = nullptr) {
    tlm::tlm_generic_payload trans;
    trans.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
    trans.set_address(address);
    trans.set_data_ptr(data.data());
    trans.set_data_length(static_cast<unsigned>(data.size()));
    trans.set_streaming_width(static_cast<unsigned>(data.size()));
    if (!enables.empty()) {
      trans.set_byte_enable_ptr(const_cast<uint8_t*>(enables.data()));
      trans.set_byte_enable_length(static_cast<unsigned>(enables.size()));
    }
    trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_time delay = sc_core::SC_ZERO_TIME;
    cpu.socket->b_transport(trans, delay);
    if (took) *took = delay;
    return trans.get_response_status();
  }
  uint64_t read(uint64_t address, unsigned size) {
    std::vector<uint8_t> data(size);
    EXPECT_EQ(access(false, address, data), tlm::TLM_OK_RESPONSE) << "read of " << address;
    uint64_t v = 0;
    std::memcpy(&v, data.data(), size);
    return v;
  }
  void write(uint64_t address, unsigned size, uint64_t value) {
    std::vector<uint8_t> data(size);
    std::memcpy(data.data(), &value, size);
    EXPECT_EQ(access(true, address, data), tlm::TLM_OK_RESPONSE) << "write of " << address;
  }
};

class AxiLite : public ::testing::TestWithParam<std::pair<uint32_t, uint32_t>> {};

TEST_P(AxiLite, EverySizeAndOffsetReachesTheRightBytes) {
  Bench b(GetParam().first, GetParam().second);
  b.write(0x0, 4, 0x11223344);
  b.write(0x4, 4, 0x55667788);
  EXPECT_EQ(b.read(0x0, 4), 0x11223344u);
  EXPECT_EQ(b.read(0x0, 8), 0x5566778811223344ull);  // two transfers
  EXPECT_EQ(b.read(0x1, 1), 0x33u);
  EXPECT_EQ(b.read(0x2, 2), 0x1122u);
  EXPECT_EQ(b.read(0x3, 2), 0x8811u);  // across a word: two transfers
  b.write(0x1, 1, 0xaa);
  EXPECT_EQ(b.read(0x0, 4), 0x1122aa44u);
  b.write(0x6, 2, 0xbeef);
  EXPECT_EQ(b.read(0x4, 4), 0xbeef7788u);
  b.write(0x8, 8, 0x0123456789abcdefull);
  EXPECT_EQ(b.read(0x8, 8), 0x0123456789abcdefull);
  EXPECT_EQ(b.read(0x10, 4), 0x4c4f4f4du);  // the ID register
  EXPECT_EQ(b.read(0x18, 8), 0u);
}

TEST_P(AxiLite, ByteEnablesBecomeWriteStrobes) {
  Bench b(GetParam().first, GetParam().second);
  b.write(0xc, 4, 0xffffffff);
  std::vector<uint8_t> data{0x01, 0x02, 0x03, 0x04};
  EXPECT_EQ(b.access(true, 0xc, data, {TLM_BYTE_ENABLED, TLM_BYTE_DISABLED, TLM_BYTE_DISABLED, TLM_BYTE_ENABLED}),
            tlm::TLM_OK_RESPONSE);
  EXPECT_EQ(b.read(0xc, 4), 0x04ffff01u);
}

TEST_P(AxiLite, SlaveAndDecodeErrorsBecomeTlmErrors) {
  Bench b(GetParam().first, GetParam().second);
  std::vector<uint8_t> data(4);
  EXPECT_EQ(b.access(false, 0x14, data), tlm::TLM_GENERIC_ERROR_RESPONSE);
  EXPECT_EQ(b.access(true, 0x14, data), tlm::TLM_GENERIC_ERROR_RESPONSE);
  EXPECT_EQ(b.access(false, 0x20, data), tlm::TLM_ADDRESS_ERROR_RESPONSE);
  EXPECT_EQ(b.access(true, 0x100, data), tlm::TLM_ADDRESS_ERROR_RESPONSE);
  EXPECT_EQ(b.read(0x10, 4), 0x4c4f4f4du);  // and the bus still works
}

TEST_P(AxiLite, AnAccessTakesTheClockCyclesOfItsHandshakes) {
  const auto [ready, response] = GetParam();
  Bench b(ready, response);
  std::vector<uint8_t> data(4);
  sc_time took;
  ASSERT_EQ(b.access(false, 0x0, data, {}, &took), tlm::TLM_OK_RESPONSE);
  // Edges: the adapter presents AR (1); the register file sees it and,
  // `ready` edges later, raises ARREADY (1); the handshake (1); it latches
  // the data and, `response` edges later, raises RVALID (1); the R
  // handshake (1).
  EXPECT_EQ(took, sc_time(10.0 * (ready + response + 5), SC_NS));
  EXPECT_EQ(sc_core::sc_time_stamp(), sc_time(40, SC_NS) + took);
}

INSTANTIATE_TEST_SUITE_P(BackPressure, AxiLite,
                         ::testing::Values(std::pair<uint32_t, uint32_t>{0, 0}, std::pair<uint32_t, uint32_t>{3, 0},
                                           std::pair<uint32_t, uint32_t>{0, 5}, std::pair<uint32_t, uint32_t>{2, 7}));

std::string broken_access(uint32_t misbehave, bool write, uint64_t idle_ns = 0) {
  Bench b(0, 0, misbehave, 20);
  if (idle_ns) sc_core::sc_start(sc_time(static_cast<double>(idle_ns), SC_NS));
  std::vector<uint8_t> data(4);
  try {
    b.access(write, 0x0, data);
  } catch (const ProtocolError& e) {
    return e.what();
  }
  return "no error";
}

// Cycles count rising edges from time 0; reset ends at the 4th (30 ns) and
// a bench's first access is presented at the 5th.

TEST(AxiLiteRules, AWriteResponseWithNoWriteEndsTheNextAccess) {
  // The register file raises BVALID 5 cycles after reset, seen at the 10th edge.
  EXPECT_EQ(broken_access(1, false, 100),
            "rtl device 'regs0': AXI4-Lite BVALID: a write response with no write outstanding (cycle 10)");
}

TEST(AxiLiteRules, AMissingReadyEndsTheAccessAfterTheTimeout) {
  // Presented at the 5th edge, the 20th edge without AWREADY is the 25th.
  EXPECT_EQ(broken_access(2, true), "rtl device 'regs0': AXI4-Lite AWREADY: no handshake within 20 cycles (cycle 25)");
}

TEST(AxiLiteRules, AReadResponseBeforeTheAddressHandshake) {
  // ARVALID seen at the 6th edge, RVALID raised at once, seen at the 7th.
  EXPECT_EQ(broken_access(3, false),
            "rtl device 'regs0': AXI4-Lite RVALID: a read response before the read's address handshake (cycle 7)");
}

}  // namespace
}  // namespace loom::rtl_cosim
