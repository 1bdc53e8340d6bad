#pragma once
// TLM target -> AXI4-Lite manager pins: CPU accesses reach a register file
// in RTL (a verilated SystemC module) through the AMBA AXI4-Lite handshake.
//
// 32-bit address and data. An access is split into one transfer per data
// word it touches; a TLM byte enable or a partial word becomes WSTRB. A
// write drives AW and W together and waits for both handshakes and then B;
// a read drives AR and waits for R. SLVERR becomes
// TLM_GENERIC_ERROR_RESPONSE and DECERR TLM_ADDRESS_ERROR_RESPONSE (the
// guest sees an access fault).
//
// b_transport may be called from a SystemC thread (it waits for the
// transfer) or from outside the simulation, as a device server does between
// its time steps: it then runs the simulation clock cycle by clock cycle
// until the transfer ends, and annotates the time it took.
//
// Rules checked on every rising clock edge, and a handshake bound: a
// response with no request outstanding, and a handshake still incomplete
// after `timeout_cycles`, throw ProtocolError (protocol_error.h) from
// b_transport, naming the device, the signal, the rule and the cycle.

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include <cstdint>
#include <functional>
#include <string>

#include "loom/state/state.h"

namespace loom::rtl_cosim {

class AxiLiteManager : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<AxiLiteManager> socket;
  sc_core::sc_in<bool> clk;  // bound to an sc_clock: its period paces stepping

  // Driven by the manager (this adapter).
  sc_core::sc_out<bool> awvalid;
  sc_core::sc_out<uint32_t> awaddr;
  sc_core::sc_out<uint32_t> awprot;
  sc_core::sc_out<bool> wvalid;
  sc_core::sc_out<uint32_t> wdata;
  sc_core::sc_out<uint32_t> wstrb;
  sc_core::sc_out<bool> bready;
  sc_core::sc_out<bool> arvalid;
  sc_core::sc_out<uint32_t> araddr;
  sc_core::sc_out<uint32_t> arprot;
  sc_core::sc_out<bool> rready;
  // Driven by the subordinate (the RTL).
  sc_core::sc_in<bool> awready;
  sc_core::sc_in<bool> wready;
  sc_core::sc_in<bool> bvalid;
  sc_core::sc_in<uint32_t> bresp;
  sc_core::sc_in<bool> arready;
  sc_core::sc_in<bool> rvalid;
  sc_core::sc_in<uint32_t> rdata;
  sc_core::sc_in<uint32_t> rresp;

  // `device`: the name in messages; `timeout_cycles`: the most clock cycles
  // any one handshake may take.
  AxiLiteManager(const sc_core::sc_module_name& name, std::string device, uint64_t timeout_cycles = 1000);

  // For a clock that is not an sc_clock (a GatedClock): its period, and
  // what to call before a transfer so that it runs.
  void use_clock(sc_core::sc_time period, std::function<void()> wake) {
    period_ = period;
    wake_ = std::move(wake);
  }
  bool idle() const { return state_ == State::Idle && !pending_; }

  uint64_t cycle() const { return cycle_; }
  const std::string& error() const { return error_; }  // the first rule broken, if any
  // Power-on reset of the bus (between simulation steps): nothing in
  // flight, outputs low. A broken rule stays reported.
  void reset();
  // Snapshots, while idle (between transfers): the cycle count.
  void save(state::StateWriter& out) const { out.u64(cycle_); }
  void restore(state::StateReader& in) { cycle_ = in.u64(); }

 private:
  SC_HAS_PROCESS(AxiLiteManager);

  struct Transfer {
    bool write = false;
    uint32_t address = 0;  // word aligned
    uint32_t data = 0;
    uint32_t strobe = 0;
    uint32_t response = 0;  // BRESP/RRESP
  };
  enum class State { Idle, Request, Response, Failed };

  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  // Runs one transfer to its end: in the caller's thread, or by stepping
  // the simulation clock cycle by clock cycle.
  void perform(Transfer& t);
  // Every rising edge, one process: present, handshake, check, finish. One
  // process keeps the rules' view of what is outstanding exact.
  void on_edge();
  void edge_request();
  void edge_response();
  void finish();
  void fail(const std::string& signal, const std::string& rule);

  std::string device_;
  uint64_t timeout_cycles_;
  uint64_t cycle_ = 0;
  Transfer* pending_ = nullptr;  // the transfer under way, or about to be
  State state_ = State::Idle;
  bool address_done_ = false;  // AW (or AR) handshake seen
  bool data_done_ = false;     // W handshake seen
  uint64_t waited_ = 0;        // cycles in the current phase
  bool done_ = false;
  std::string error_;  // the first rule broken: b_transport throws it
  sc_core::sc_event finished_;
  sc_core::sc_time period_ = sc_core::SC_ZERO_TIME;  // zero: the sc_clock's
  std::function<void()> wake_;
};

}  // namespace loom::rtl_cosim
