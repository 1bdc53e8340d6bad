#pragma once
// A verilated design as a PCIe function: the framework (pcie::Endpoint)
// plays the hard IP, with configuration space, BARs, INTx, MSI/MSI-X and
// bus mastering, and the design provides the function behind the interface
// of common PCIe DMA IP. `loom_add_rtl_device(... INTERFACES pcie)` builds
// one into a plugin; the top module's ports:
//
//   clk, resetn                      clock; active-low reset
//   s_bar0_{aw,w,b,ar,r}*            AXI4-Lite subordinate: BAR0 (4 KiB; its
//                                    upper half holds the framework's MSI-X
//                                    table at 0x800 and PBA at 0xc00)
//   s_bar1_{aw,w,b,ar,r}*            AXI4-Lite subordinate: BAR1 (bar1-size)
//   m_axi_{aw,w,b,ar,r}*             AXI4 manager, 64-bit: DMA to bus addresses
//   intx                             legacy interrupt level
//   msi_req, msi_vector[10:0]        a message: MSI-X if the host enabled it,
//   msi_ack                          else MSI; msi_ack pulses for one cycle
//                                    when it is sent (or dropped: disabled)
//   busy                             high while the design needs its clock
//
// Parameters: clock (100MHz), timeout-cycles (10000), trace (a VCD file),
// vendor-id (0x4c4d), device-id (0x0002), class-code (0xff0000),
// bar1-size (512), msi-vectors (32), msix-vectors (32).
//
// This header is compiled with the design (it includes Verilator's): it
// belongs in plugins.

#include <systemc>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <memory>
#include <string>

#include "loom/rtl_cosim/axi_lite_manager.h"
#include "loom/rtl_cosim/axi_pins.h"
#include "loom/rtl_cosim/axi_subordinate.h"
#include "loom/rtl_cosim/gated_clock.h"
#include "loom/rtl_cosim/rtl_params.h"
#include "loom/rtl_cosim/rtl_snapshot.h"
#include "loom/tlm_devices/pcie_endpoint.h"
#include "verilated.h"
#include "verilated_vcd_sc.h"

namespace loom::rtl_cosim {

// The endpoint's framework spec from the platform's parameters.
tlm_devices::pcie::EndpointSpec rtl_pcie_spec(const std::string& name, const tlm_devices::ModelParams& params);

// One AXI4-Lite BAR port: pins between the design and an AxiLiteManager.
struct AxiLiteBarPins {
  sc_core::sc_signal<bool> awvalid, awready, wvalid, wready, bvalid, bready, arvalid, arready, rvalid, rready;
  sc_core::sc_signal<uint32_t> awaddr, awprot, wdata, wstrb, bresp, araddr, arprot, rdata, rresp;
  void bind(AxiLiteManager& m) {
    m.awvalid(awvalid), m.awready(awready), m.awaddr(awaddr), m.awprot(awprot), m.wvalid(wvalid);
    m.wready(wready), m.wdata(wdata), m.wstrb(wstrb), m.bvalid(bvalid), m.bready(bready), m.bresp(bresp);
    m.arvalid(arvalid), m.arready(arready), m.araddr(araddr), m.arprot(arprot), m.rvalid(rvalid);
    m.rready(rready), m.rdata(rdata), m.rresp(rresp);
  }
};

template <typename Top>
class RtlPcieEndpoint final : public tlm_devices::pcie::Endpoint {
 public:
  // Snapshots (rtl_snapshot.h), while the design is idle: the framework's
  // state, the verilated design (--savable), every signal of this module,
  // the adapters and the stopped clock.
  void save(state::StateWriter& out) const override {
    if constexpr (!IsSavable<Top>::value) {
      (void)out;
      throw state::SnapshotError(kRtlNotSavable);
    } else {
      if (!idle()) throw state::SnapshotError(kRtlBusy);
      save_endpoint(out);
      out.begin("rtl-pcie-function", 1);
      out.u64(clock_.rising_edges());
      for (const AxiLiteManager* bar : {&bar0_, &bar1_}) bar->save(out);
      memory_.save(out);
      save_signals(*this, out);
      out.string(serialize(rtl_));
      out.end();
    }
  }
  void restore(state::StateReader& in) override {
    if constexpr (!IsSavable<Top>::value) {
      in.fail(kRtlNotSavable);
    } else {
      restore_endpoint(in);
      in.begin("rtl-pcie-function", 1);
      const uint64_t edges = in.u64();
      for (AxiLiteManager* bar : {&bar0_, &bar1_}) bar->restore(in);
      memory_.restore(in);
      release_.cancel();  // the reset before a restore began a reset pulse
      clock_.restore_stopped(edges);
      restore_signals(*this, in);
      deserialize(rtl_, in.string(), in);
      in.end();
    }
  }
  SC_HAS_PROCESS(RtlPcieEndpoint);
  // `name` by value: it keeps this module open while the members (ports
  // among them) are built.
  RtlPcieEndpoint(sc_core::sc_module_name name, const tlm_devices::ModelParams& params)
      : Endpoint(name, rtl_pcie_spec(static_cast<const char*>(name), params)),
        clock_("clock", clock_period(basename(), params.count("clock") ? params.at("clock") : "100MHz")),
        bar0_("bar0", basename(), timeout_cycles(basename(), params)),
        bar1_("bar1", basename(), timeout_cycles(basename(), params)),
        memory_("memory", basename(), 4, timeout_cycles(basename(), params)),
        bar0_port_("bar0_port"),
        bar1_port_("bar1_port"),
        dma_target_("dma_target") {
    rtl_.clk(clock_.signal);
    rtl_.resetn(resetn_);
    for (AxiLiteManager* m : {&bar0_, &bar1_}) {
      m->clk(clock_.signal);
      m->use_clock(clock_.period(), [this] { clock_.wake(); });
    }
    bar0_pins_.bind(bar0_);
    bar1_pins_.bind(bar1_);
    bind_bars();
    bind_dma();
    bar0_port_.bind(bar0_.socket);
    bar1_port_.bind(bar1_.socket);
    memory_.dma.bind(dma_target_);
    dma_target_.register_b_transport(this, &RtlPcieEndpoint::dma_transport);
    rtl_.intx(rtl_intx_);
    rtl_.msi_req(msi_req_);
    rtl_.msi_vector(msi_vector_);
    rtl_.msi_ack(msi_ack_);
    rtl_.busy(busy_);
    clock_.set_may_stop([this] {
      return resetn_.read() && !busy_.read() && !msi_req_.read() && !msi_ack_.read() && bar0_.idle() &&
             bar1_.idle() && !memory_.busy();
    });
    SC_METHOD(follow_intx);
    sensitive << rtl_intx_;
    dont_initialize();
    SC_METHOD(on_edge);
    sensitive << clock_.signal.posedge_event();
    dont_initialize();
    SC_METHOD(release_reset);
    sensitive << release_;
    dont_initialize();
    resetn_.write(false);
    release_.notify(2 * clock_.period());
    if (params.count("trace")) trace_path_ = params.at("trace");
  }
  ~RtlPcieEndpoint() override {
    if (trace_) trace_->close();
  }

  std::string failure() const override {
    for (const std::string* e : {&memory_.error(), &bar0_.error(), &bar1_.error()}) {
      if (!e->empty()) return *e;
    }
    return {};
  }

 protected:
  tlm::tlm_response_status bar_read(unsigned bar, uint64_t offset, uint8_t* data, unsigned length) override {
    return forward(bar, tlm::TLM_READ_COMMAND, offset, data, length);
  }
  tlm::tlm_response_status bar_write(unsigned bar, uint64_t offset, const uint8_t* data, unsigned length) override {
    return forward(bar, tlm::TLM_WRITE_COMMAND, offset, const_cast<uint8_t*>(data), length);
  }
  void on_reset() override {
    resetn_.write(false);
    bar0_.reset();
    bar1_.reset();
    memory_.reset();
    msi_ack_.write(false);
    release_.cancel();
    release_.notify(2 * clock_.period());
    clock_.wake();
  }

 private:
  void start_of_simulation() override {
    if (trace_path_.empty()) return;
    Verilated::traceEverOn(true);
    trace_ = std::make_unique<VerilatedVcdSc>();
    rtl_.trace(trace_.get(), 99);
    trace_->open(trace_path_.c_str());
    if (!trace_->isOpen()) {
      throw tlm_devices::ModelError("rtl device '" + std::string(basename()) + "': cannot write the trace " +
                                    trace_path_);
    }
  }

  tlm::tlm_response_status forward(unsigned bar, tlm::tlm_command command, uint64_t offset, uint8_t* data,
                                   unsigned length) {
    if (bar > 1) return tlm::TLM_ADDRESS_ERROR_RESPONSE;
    tlm::tlm_generic_payload trans;
    trans.set_command(command);
    trans.set_address(offset);
    trans.set_data_ptr(data);
    trans.set_data_length(length);
    trans.set_streaming_width(length);
    trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    (bar == 0 ? bar0_port_ : bar1_port_)->b_transport(trans, delay);
    return trans.get_response_status();
  }

  // The design's DMA, through the framework: bus mastering gates it, a
  // refusal comes back to the design as SLVERR.
  void dma_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
    const bool ok = trans.is_write()
                        ? dma_write(trans.get_address(), trans.get_data_ptr(), trans.get_data_length(), delay)
                        : dma_read(trans.get_address(), trans.get_data_ptr(), trans.get_data_length(), delay);
    trans.set_response_status(ok ? tlm::TLM_OK_RESPONSE : tlm::TLM_GENERIC_ERROR_RESPONSE);
  }

  void follow_intx() { set_intx(rtl_intx_.read()); }

  // One message per request: sent at the edge that sees msi_req, then
  // acknowledged for one cycle.
  void on_edge() {
    if (msi_ack_.read()) {
      msi_ack_.write(false);
      return;
    }
    if (!msi_req_.read()) return;
    const unsigned vector = msi_vector_.read();
    if (msix_enabled()) {
      raise_msix(vector);
    } else {
      raise_msi(vector);
    }
    msi_ack_.write(true);
  }
  void release_reset() { resetn_.write(true); }
  // Out of reset, its clock stopped, no message or transfer under way.
  bool idle() const {
    return resetn_.read() && !clock_.running() && !msi_req_.read() && !msi_ack_.read() && bar0_.idle() &&
           bar1_.idle() && !memory_.busy();
  }

  void bind_bars() {
    AxiLiteBarPins& a = bar0_pins_;
    rtl_.s_bar0_awvalid(a.awvalid), rtl_.s_bar0_awready(a.awready), rtl_.s_bar0_awaddr(a.awaddr);
    rtl_.s_bar0_awprot(a.awprot), rtl_.s_bar0_wvalid(a.wvalid), rtl_.s_bar0_wready(a.wready);
    rtl_.s_bar0_wdata(a.wdata), rtl_.s_bar0_wstrb(a.wstrb), rtl_.s_bar0_bvalid(a.bvalid);
    rtl_.s_bar0_bready(a.bready), rtl_.s_bar0_bresp(a.bresp), rtl_.s_bar0_arvalid(a.arvalid);
    rtl_.s_bar0_arready(a.arready), rtl_.s_bar0_araddr(a.araddr), rtl_.s_bar0_arprot(a.arprot);
    rtl_.s_bar0_rvalid(a.rvalid), rtl_.s_bar0_rready(a.rready), rtl_.s_bar0_rdata(a.rdata);
    rtl_.s_bar0_rresp(a.rresp);
    AxiLiteBarPins& b = bar1_pins_;
    rtl_.s_bar1_awvalid(b.awvalid), rtl_.s_bar1_awready(b.awready), rtl_.s_bar1_awaddr(b.awaddr);
    rtl_.s_bar1_awprot(b.awprot), rtl_.s_bar1_wvalid(b.wvalid), rtl_.s_bar1_wready(b.wready);
    rtl_.s_bar1_wdata(b.wdata), rtl_.s_bar1_wstrb(b.wstrb), rtl_.s_bar1_bvalid(b.bvalid);
    rtl_.s_bar1_bready(b.bready), rtl_.s_bar1_bresp(b.bresp), rtl_.s_bar1_arvalid(b.arvalid);
    rtl_.s_bar1_arready(b.arready), rtl_.s_bar1_araddr(b.araddr), rtl_.s_bar1_arprot(b.arprot);
    rtl_.s_bar1_rvalid(b.rvalid), rtl_.s_bar1_rready(b.rready), rtl_.s_bar1_rdata(b.rdata);
    rtl_.s_bar1_rresp(b.rresp);
  }
  void bind_dma() {
    memory_.clk(clock_.signal);
    axi_.bind(rtl_, memory_);
  }

  GatedClock clock_;
  sc_core::sc_signal<bool> resetn_{"resetn"}, rtl_intx_{"intx_rtl"}, msi_req_{"msi_req"}, msi_ack_{"msi_ack"};
  sc_core::sc_signal<bool> busy_{"busy"};
  sc_core::sc_signal<uint32_t> msi_vector_{"msi_vector"};
  Top rtl_{"rtl"};
  AxiLiteManager bar0_, bar1_;
  AxiSubordinate memory_;
  AxiLiteBarPins bar0_pins_, bar1_pins_;
  tlm_utils::simple_initiator_socket<RtlPcieEndpoint> bar0_port_, bar1_port_;
  tlm_utils::simple_target_socket<RtlPcieEndpoint> dma_target_;
  AxiManagerPins axi_;
  sc_core::sc_event release_;
  std::string trace_path_;
  std::unique_ptr<VerilatedVcdSc> trace_;
};

template <typename Top>
std::unique_ptr<tlm_devices::Model> make_rtl_pcie_endpoint(const std::string& name, uint64_t /*size*/,
                                                           const tlm_devices::ModelParams& params,
                                                           tlm_devices::HostServices* /*services*/) {
  return std::make_unique<RtlPcieEndpoint<Top>>(name.c_str(), params);
}

}  // namespace loom::rtl_cosim
