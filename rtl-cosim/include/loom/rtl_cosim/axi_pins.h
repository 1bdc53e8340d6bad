#pragma once
// The signals between a verilated design's AXI4 manager port (m_axi_*, as
// RtlDevice and RtlPcieEndpoint name it) and an AxiSubordinate, and their
// binding: one place for both kinds of RTL device.
#include <systemc>

#include <cstdint>

#include "loom/rtl_cosim/axi_subordinate.h"

namespace loom::rtl_cosim {

struct AxiManagerPins {
  sc_core::sc_signal<bool> awvalid, awready, wvalid, wready, wlast, bvalid, bready;
  sc_core::sc_signal<bool> arvalid, arready, rvalid, rready, rlast;
  sc_core::sc_signal<uint32_t> awid, awlen, awsize, awburst, wstrb, bid, bresp;
  sc_core::sc_signal<uint32_t> arid, arlen, arsize, arburst, rid, rresp;
  sc_core::sc_signal<uint64_t> awaddr, wdata, araddr, rdata;

  template <typename Top>
  void bind(Top& rtl, AxiSubordinate& m) {
    rtl.m_axi_awvalid(awvalid), m.awvalid(awvalid), rtl.m_axi_awready(awready), m.awready(awready);
    rtl.m_axi_awid(awid), m.awid(awid), rtl.m_axi_awaddr(awaddr), m.awaddr(awaddr);
    rtl.m_axi_awlen(awlen), m.awlen(awlen), rtl.m_axi_awsize(awsize), m.awsize(awsize);
    rtl.m_axi_awburst(awburst), m.awburst(awburst);
    rtl.m_axi_wvalid(wvalid), m.wvalid(wvalid), rtl.m_axi_wready(wready), m.wready(wready);
    rtl.m_axi_wdata(wdata), m.wdata(wdata), rtl.m_axi_wstrb(wstrb), m.wstrb(wstrb);
    rtl.m_axi_wlast(wlast), m.wlast(wlast);
    rtl.m_axi_bvalid(bvalid), m.bvalid(bvalid), rtl.m_axi_bready(bready), m.bready(bready);
    rtl.m_axi_bid(bid), m.bid(bid), rtl.m_axi_bresp(bresp), m.bresp(bresp);
    rtl.m_axi_arvalid(arvalid), m.arvalid(arvalid), rtl.m_axi_arready(arready), m.arready(arready);
    rtl.m_axi_arid(arid), m.arid(arid), rtl.m_axi_araddr(araddr), m.araddr(araddr);
    rtl.m_axi_arlen(arlen), m.arlen(arlen), rtl.m_axi_arsize(arsize), m.arsize(arsize);
    rtl.m_axi_arburst(arburst), m.arburst(arburst);
    rtl.m_axi_rvalid(rvalid), m.rvalid(rvalid), rtl.m_axi_rready(rready), m.rready(rready);
    rtl.m_axi_rid(rid), m.rid(rid), rtl.m_axi_rdata(rdata), m.rdata(rdata);
    rtl.m_axi_rresp(rresp), m.rresp(rresp), rtl.m_axi_rlast(rlast), m.rlast(rlast);
  }
};

}  // namespace loom::rtl_cosim
