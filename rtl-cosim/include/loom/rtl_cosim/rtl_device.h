#pragma once
// A verilated design as a Loom device model (tlm_devices::Model): its
// clock and reset, a register file reached through AxiLiteManager, an
// optional AXI4 manager port reaching memory through AxiSubordinate, and
// an interrupt output. `loom_add_rtl_device` (rtl-cosim/cmake) builds one
// into a device plugin; the top module's ports follow these names:
//
//   clk, resetn                       clock; active-low reset
//   s_axil_{aw,w,b,ar,r}*             AXI4-Lite subordinate (registers), 32-bit
//   m_axi_{aw,w,b,ar,r}*              AXI4 manager (DMA), 64-bit data and address
//   irq                               level-sensitive interrupt, active high
//   busy                              high while the design needs its clock
//
// With `busy` (the `busy` interface), the clock stops while busy is low and
// both adapters are idle (GatedClock): an idle design costs nothing while
// the CPU runs, and the server reports no next event. The design promises
// that nothing it does needs a clock edge while busy is low (a free-running
// counter then stands still). Without it, the clock always runs.
//
// Parameters (platform `params:`): `clock` (default 100MHz),
// `timeout-cycles` (default 10000), the handshake bound of both adapters,
// and `trace`, a VCD file of every signal of the design (`loom run
// --trace-rtl DIR` sets it), timed in the board's simulated time.
//
// This header is compiled with the design (it includes Verilator's): it
// belongs in plugins, not in Loom's own libraries.

#include <systemc>

#include <memory>
#include <string>

#include "loom/rtl_cosim/axi_lite_manager.h"
#include "loom/rtl_cosim/axi_pins.h"
#include "loom/rtl_cosim/axi_subordinate.h"
#include "loom/rtl_cosim/gated_clock.h"
#include "loom/rtl_cosim/rtl_params.h"
#include "loom/rtl_cosim/rtl_snapshot.h"
#include "loom/tlm_devices/model.h"
#include "verilated.h"
#include "verilated_vcd_sc.h"

namespace loom::rtl_cosim {

enum RtlInterfaces : unsigned { kAxiLite = 1, kAxi = 2, kIrq = 4, kBusy = 8 };

template <typename Top, unsigned kInterfaces>
class RtlDevice final : public tlm_devices::Model {
  static_assert(kInterfaces & kAxiLite, "an RTL device needs its AXI4-Lite register port");

 public:
  RtlDevice(const std::string& name, const tlm_devices::ModelParams& params) : shell_(name.c_str(), params) {}

  sc_core::sc_module& module() override { return shell_; }
  tlm::tlm_target_socket<>& mmio() override { return shell_.registers.socket; }
  std::vector<sc_core::sc_signal<bool>*> interrupts() override {
    if constexpr ((kInterfaces & kIrq) != 0) return {&shell_.irq};
    return {};
  }
  tlm::tlm_initiator_socket<>* dma() override {
    if constexpr ((kInterfaces & kAxi) != 0) return &shell_.memory->dma;
    return nullptr;
  }
  void reset() override { shell_.reset(); }
  // Snapshots (rtl_snapshot.h): while the design is idle, its verilated
  // state (--savable), the signals around it, the adapters and the clock.
  void save(state::StateWriter& out) const override {
    if constexpr (!IsSavable<Top>::value) {
      (void)out;
      throw state::SnapshotError(kRtlNotSavable);
    } else {
      if (!shell_.idle()) throw state::SnapshotError(kRtlBusy);
      out.begin("rtl-device", 1);
      out.u64(shell_.clock.rising_edges());
      shell_.registers.save(out);
      if (shell_.memory) shell_.memory->save(out);
      save_signals(shell_, out);
      out.string(serialize(shell_.rtl));
      out.end();
    }
  }
  void restore(state::StateReader& in) override {
    if constexpr (!IsSavable<Top>::value) {
      in.fail(kRtlNotSavable);
    } else {
      in.begin("rtl-device", 1);
      const uint64_t edges = in.u64();
      shell_.registers.restore(in);
      if (shell_.memory) shell_.memory->restore(in);
      // The reset before a restore started the clock and a reset pulse: the
      // design was idle, with its clock stopped.
      shell_.release_.cancel();
      shell_.clock.restore_stopped(edges);
      restore_signals(shell_, in);
      deserialize(shell_.rtl, in.string(), in);
      in.end();
    }
  }
  std::string failure() const override {
    if (shell_.memory && !shell_.memory->error().empty()) return shell_.memory->error();
    return shell_.registers.error();
  }

 private:
  struct Shell : sc_core::sc_module {
    SC_HAS_PROCESS(Shell);
    GatedClock clock;
    sc_core::sc_signal<bool> resetn{"resetn"};
    sc_core::sc_signal<bool> irq{"irq"};
    sc_core::sc_signal<bool> busy{"busy"};
    Top rtl{"rtl"};
    AxiLiteManager registers;
    std::unique_ptr<AxiSubordinate> memory;
    sc_core::sc_event release_;
    // AXI4-Lite pins.
    sc_core::sc_signal<bool> awvalid, awready, wvalid, wready, bvalid, bready, arvalid, arready, rvalid, rready;
    sc_core::sc_signal<uint32_t> awaddr, awprot, wdata, wstrb, bresp, araddr, arprot, rdata, rresp;
    AxiManagerPins axi;  // AXI4 pins

    std::string trace_path;
    std::unique_ptr<VerilatedVcdSc> trace;

    // `name` by value: it keeps this module open while the members (the
    // signals among them) are built, so that they are its children.
    Shell(sc_core::sc_module_name name, const tlm_devices::ModelParams& params)
        : sc_module(name),
          clock("clock", clock_period(basename(), params.count("clock") ? params.at("clock") : "100MHz")),
          registers("registers", basename(), timeout_cycles(basename(), params)) {
      rtl.clk(clock.signal);
      rtl.resetn(resetn);
      registers.clk(clock.signal);
      registers.use_clock(clock.period(), [this] { clock.wake(); });
      bind_axi_lite();
      if constexpr ((kInterfaces & kAxi) != 0) {
        memory = std::make_unique<AxiSubordinate>("memory", basename(), 4, timeout_cycles(basename(), params));
        bind_axi();
      }
      if constexpr ((kInterfaces & kIrq) != 0) rtl.irq(irq);
      if constexpr ((kInterfaces & kBusy) != 0) {
        rtl.busy(busy);
        clock.set_may_stop([this] {
          return resetn.read() && !busy.read() && registers.idle() && (!memory || !memory->busy());
        });
      }
      SC_METHOD(release_reset);
      sensitive << release_;
      dont_initialize();
      resetn.write(false);  // held for two cycles from time 0
      release_.notify(2 * clock.period());
      if (params.count("trace")) trace_path = params.at("trace");
    }
    ~Shell() override {
      if (trace) trace->close();
    }
    // Verilator's SystemC tracing starts once the design is elaborated.
    void start_of_simulation() override {
      if (trace_path.empty()) return;
      Verilated::traceEverOn(true);
      trace = std::make_unique<VerilatedVcdSc>();
      rtl.trace(trace.get(), 99);
      trace->open(trace_path.c_str());
      if (!trace->isOpen()) {
        throw tlm_devices::ModelError("rtl device '" + std::string(basename()) + "': cannot write the trace " +
                                      trace_path);
      }
    }
    // Reset held for two clock cycles, from now.
    void reset() {
      resetn.write(false);
      registers.reset();
      if (memory) memory->reset();
      release_.cancel();
      release_.notify(2 * clock.period());
      clock.wake();
    }
    void release_reset() { resetn.write(true); }
    // Out of reset, its clock stopped, both adapters between transfers.
    bool idle() const { return resetn.read() && !clock.running() && registers.idle() && (!memory || !memory->busy()); }

    void bind_axi_lite() {
      rtl.s_axil_awvalid(awvalid), registers.awvalid(awvalid), rtl.s_axil_awready(awready), registers.awready(awready);
      rtl.s_axil_awaddr(awaddr), registers.awaddr(awaddr), rtl.s_axil_awprot(awprot), registers.awprot(awprot);
      rtl.s_axil_wvalid(wvalid), registers.wvalid(wvalid), rtl.s_axil_wready(wready), registers.wready(wready);
      rtl.s_axil_wdata(wdata), registers.wdata(wdata), rtl.s_axil_wstrb(wstrb), registers.wstrb(wstrb);
      rtl.s_axil_bvalid(bvalid), registers.bvalid(bvalid), rtl.s_axil_bready(bready), registers.bready(bready);
      rtl.s_axil_bresp(bresp), registers.bresp(bresp);
      rtl.s_axil_arvalid(arvalid), registers.arvalid(arvalid), rtl.s_axil_arready(arready), registers.arready(arready);
      rtl.s_axil_araddr(araddr), registers.araddr(araddr), rtl.s_axil_arprot(arprot), registers.arprot(arprot);
      rtl.s_axil_rvalid(rvalid), registers.rvalid(rvalid), rtl.s_axil_rready(rready), registers.rready(rready);
      rtl.s_axil_rdata(rdata), registers.rdata(rdata), rtl.s_axil_rresp(rresp), registers.rresp(rresp);
    }
    void bind_axi() {
      if constexpr ((kInterfaces & kAxi) != 0) {
        memory->clk(clock.signal);
        axi.bind(rtl, *memory);
      }
    }
  };

  Shell shell_;
};

// The factory a plugin hands to LOOM_DEVICE_PLUGIN.
template <typename Top, unsigned kInterfaces>
std::unique_ptr<tlm_devices::Model> make_rtl_device(const std::string& name, uint64_t /*size*/,
                                                    const tlm_devices::ModelParams& params,
                                                    tlm_devices::HostServices* /*services*/) {
  return std::make_unique<RtlDevice<Top, kInterfaces>>(name, params);
}

}  // namespace loom::rtl_cosim
