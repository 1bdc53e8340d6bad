#pragma once
// AXI4 subordinate pins -> TLM initiator: a bus-mastering design (a DMA
// engine) reads and writes the board's memory through `dma`, which a
// device server binds to the bridge (absolute physical addresses).
//
// 64-bit data, 64-bit addresses, IDs up to 32 bits. Bursts of every type
// (INCR, WRAP, FIXED), size and length; write strobes; up to
// `outstanding` writes and as many reads accepted before their responses,
// answered in order. A burst's bytes go out as one TLM transaction per
// contiguous run of written bytes (an INCR burst with full strobes is one
// transaction), so a burst costs one bridge round trip, not one per beat.
// A TLM error becomes SLVERR on that burst's response.
//
// Rules checked on every rising edge, as RTL commonly breaks them: VALID
// dropped before READY and a payload changed while VALID waits (AW, W, AR),
// WLAST on the wrong beat, bursts the protocol forbids (axi_burst.h: 4 KiB
// crossings, WRAP lengths, sizes wider than the bus), and BREADY/RREADY
// not taking a response within `timeout_cycles`. The first one broken is
// kept in error() (one line naming the device, the signal, the rule and
// the cycle) and the adapter goes quiet; a device server ends the run
// after that simulation step (tlm_devices::Model::failure).

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "loom/state/state.h"
#include "loom/rtl_cosim/axi_burst.h"

namespace loom::rtl_cosim {

class AxiSubordinate : public sc_core::sc_module {
 public:
  tlm_utils::simple_initiator_socket<AxiSubordinate> dma;
  sc_core::sc_in<bool> clk;

  // Driven by the manager (the RTL).
  sc_core::sc_in<bool> awvalid;
  sc_core::sc_in<uint32_t> awid;
  sc_core::sc_in<uint64_t> awaddr;
  sc_core::sc_in<uint32_t> awlen, awsize, awburst;
  sc_core::sc_in<bool> wvalid;
  sc_core::sc_in<uint64_t> wdata;
  sc_core::sc_in<uint32_t> wstrb;
  sc_core::sc_in<bool> wlast;
  sc_core::sc_in<bool> bready;
  sc_core::sc_in<bool> arvalid;
  sc_core::sc_in<uint32_t> arid;
  sc_core::sc_in<uint64_t> araddr;
  sc_core::sc_in<uint32_t> arlen, arsize, arburst;
  sc_core::sc_in<bool> rready;
  // Driven by the subordinate (this adapter).
  sc_core::sc_out<bool> awready, wready, bvalid;
  sc_core::sc_out<uint32_t> bid, bresp;
  sc_core::sc_out<bool> arready, rvalid, rlast;
  sc_core::sc_out<uint32_t> rid, rresp;
  sc_core::sc_out<uint64_t> rdata;

  AxiSubordinate(const sc_core::sc_module_name& name, std::string device, unsigned outstanding = 4,
                 uint64_t timeout_cycles = 1000);

  const std::string& error() const { return error_; }
  uint64_t cycle() const { return cycle_; }
  bool busy() const { return !writes_.empty() || !responses_.empty() || !reads_.empty(); }
  // Power-on reset (between simulation steps): requests in flight are
  // dropped unanswered, outputs low. A broken rule stays reported.
  void reset();
  // Snapshots, while no burst is owed (busy() false): the cycle count, the
  // outputs of the last cycle and what the rules have seen held.
  void save(state::StateWriter& out) const;
  void restore(state::StateReader& in);

 private:
  SC_HAS_PROCESS(AxiSubordinate);
  static constexpr unsigned kDataBytes = 8;

  struct Write {
    AxiBurstRequest request;
    unsigned beats_received = 0;
    std::vector<uint8_t> data;     // per beat, kDataBytes lanes
    std::vector<uint8_t> enabled;  // lane strobes, likewise
  };
  struct Read {
    AxiBurstRequest request;
    std::vector<uint64_t> beats;
    unsigned next = 0;
    uint32_t response = 0;
  };
  struct Response {
    uint32_t id, resp;
  };
  // A valid channel's payload as seen at the last edge, for the rules.
  struct Held {
    bool waiting = false;  // VALID high without READY at the last edge
    uint64_t payload[4] = {};
  };

  void on_edge();
  void check_held(Held& held, bool valid, bool ready, const char* signal, const uint64_t (&payload)[4]);
  void accept_write_address();
  void accept_write_data();
  void accept_read_address();
  void complete_write(Write& w);
  void drive();
  uint32_t transport(bool write, uint64_t address, uint8_t* data, unsigned length);
  void fail(const std::string& signal, const std::string& rule);

  std::string device_;
  unsigned outstanding_;
  uint64_t timeout_cycles_;
  uint64_t cycle_ = 0;
  std::deque<Write> writes_;        // addresses accepted, data not complete
  std::deque<Response> responses_;  // B responses owed, in order
  std::deque<Read> reads_;          // R beats owed, in order
  // What the outputs were during the cycle that ended at this edge.
  bool awready_ = false, wready_ = false, bvalid_ = false, arready_ = false, rvalid_ = false;
  uint64_t b_waited_ = 0, r_waited_ = 0;
  Held aw_, w_, ar_;
  std::string error_;
};

}  // namespace loom::rtl_cosim
