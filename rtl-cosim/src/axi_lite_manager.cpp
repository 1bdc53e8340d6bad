#include "loom/rtl_cosim/axi_lite_manager.h"

#include <fmt/format.h>

#include <cstring>

#include "loom/rtl_cosim/protocol_error.h"

namespace loom::rtl_cosim {

namespace {
constexpr uint32_t kOkay = 0, kSlvErr = 2, kDecErr = 3;
constexpr unsigned kWordBytes = 4;
}  // namespace

AxiLiteManager::AxiLiteManager(const sc_core::sc_module_name& name, std::string device, uint64_t timeout_cycles)
    : sc_module(name),
      socket("socket"),
      clk("clk"),
      awvalid("awvalid"),
      awaddr("awaddr"),
      awprot("awprot"),
      wvalid("wvalid"),
      wdata("wdata"),
      wstrb("wstrb"),
      bready("bready"),
      arvalid("arvalid"),
      araddr("araddr"),
      arprot("arprot"),
      rready("rready"),
      awready("awready"),
      wready("wready"),
      bvalid("bvalid"),
      bresp("bresp"),
      arready("arready"),
      rvalid("rvalid"),
      rdata("rdata"),
      rresp("rresp"),
      device_(std::move(device)),
      timeout_cycles_(timeout_cycles) {
  socket.register_b_transport(this, &AxiLiteManager::b_transport);
  SC_METHOD(on_edge);
  sensitive << clk.pos();
  dont_initialize();
}

void AxiLiteManager::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  if (!error_.empty()) throw ProtocolError(error_);  // a broken design stays broken
  const uint64_t address = trans.get_address();
  const unsigned length = trans.get_data_length();
  unsigned char* data = trans.get_data_ptr();
  const unsigned char* enables = trans.get_byte_enable_ptr();
  const unsigned enable_length = trans.get_byte_enable_length();
  const bool write = trans.is_write();
  if (length == 0 || address + length > (1ull << 32) || trans.get_streaming_width() < length) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  const sc_core::sc_time start = sc_core::sc_time_stamp();
  // One transfer per word the access touches; its bytes become lanes.
  for (uint64_t word = address & ~uint64_t{kWordBytes - 1}; word < address + length; word += kWordBytes) {
    Transfer t;
    t.write = write;
    t.address = static_cast<uint32_t>(word);
    for (unsigned lane = 0; lane < kWordBytes; ++lane) {
      const uint64_t at = word + lane;
      if (at < address || at >= address + length) continue;
      const unsigned i = static_cast<unsigned>(at - address);
      if (enables && enables[i % enable_length] != TLM_BYTE_ENABLED) continue;
      t.strobe |= 1u << lane;
      if (write) t.data |= static_cast<uint32_t>(data[i]) << (8 * lane);
    }
    if (write && t.strobe == 0) continue;  // nothing of this word is written
    perform(t);
    if (!error_.empty()) throw ProtocolError(error_);
    if (t.response == kSlvErr || t.response == kDecErr) {
      trans.set_response_status(t.response == kSlvErr ? tlm::TLM_GENERIC_ERROR_RESPONSE
                                                       : tlm::TLM_ADDRESS_ERROR_RESPONSE);
      return;
    }
    if (!write) {
      for (unsigned lane = 0; lane < kWordBytes; ++lane) {
        if (!(t.strobe >> lane & 1)) continue;
        data[word + lane - address] = static_cast<unsigned char>(t.data >> (8 * lane));
      }
    }
  }
  // Stepped from outside the simulation: the clock cycles the transfers
  // took are the access's latency. (A calling thread has waited them.)
  if (!sc_core::sc_get_current_process_handle().valid()) delay += sc_core::sc_time_stamp() - start;
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

void AxiLiteManager::perform(Transfer& t) {
  pending_ = &t;
  done_ = false;
  if (wake_) wake_();
  if (sc_core::sc_get_current_process_handle().valid()) {
    while (!done_) sc_core::wait(finished_);
  } else {
    auto* clock = dynamic_cast<sc_core::sc_clock*>(clk.get_interface());
    const sc_core::sc_time period = period_ != sc_core::SC_ZERO_TIME ? period_
                                    : clock                          ? clock->period()
                                                                     : sc_core::sc_time(10, sc_core::SC_NS);
    while (!done_) {
      const sc_core::sc_time before = sc_core::sc_time_stamp();
      sc_core::sc_start(period);
      if (sc_core::sc_time_stamp() == before && !done_) {
        fail("clk", "the simulation does not advance (no clock, or stopped)");
      }
    }
    while (sc_core::sc_pending_activity_at_current_time()) sc_core::sc_start(sc_core::SC_ZERO_TIME);
  }
  pending_ = nullptr;  // also after a failure
}

void AxiLiteManager::on_edge() {
  ++cycle_;
  switch (state_) {
    case State::Failed: return;
    case State::Idle:
      // Responses need a request first (AXI: a response follows its request).
      if (bvalid.read()) return fail("BVALID", "a write response with no write outstanding");
      if (rvalid.read()) return fail("RVALID", "a read response with no read outstanding");
      if (!pending_) return;
      // Present the request; the subordinate sees it from the next edge on.
      if (pending_->write) {
        awaddr.write(pending_->address);
        awprot.write(0);
        awvalid.write(true);
        wdata.write(pending_->data);
        wstrb.write(pending_->strobe);
        wvalid.write(true);
      } else {
        araddr.write(pending_->address);
        arprot.write(0);
        arvalid.write(true);
      }
      address_done_ = data_done_ = false;
      waited_ = 0;
      state_ = State::Request;
      return;
    case State::Request: return edge_request();
    case State::Response: return edge_response();
  }
}

void AxiLiteManager::edge_request() {
  Transfer& t = *pending_;
  if (t.write) {
    if (bvalid.read()) return fail("BVALID", "a write response before the write's address and data handshakes");
    if (rvalid.read()) return fail("RVALID", "a read response with no read outstanding");
    if (!address_done_ && awready.read()) {
      address_done_ = true;
      awvalid.write(false);
    }
    if (!data_done_ && wready.read()) {
      data_done_ = true;
      wvalid.write(false);
    }
    if (address_done_ && data_done_) {
      bready.write(true);
      state_ = State::Response;
      waited_ = 0;
      return;
    }
  } else {
    if (rvalid.read()) return fail("RVALID", "a read response before the read's address handshake");
    if (bvalid.read()) return fail("BVALID", "a write response with no write outstanding");
    if (arready.read()) {
      arvalid.write(false);
      rready.write(true);
      state_ = State::Response;
      waited_ = 0;
      return;
    }
  }
  if (++waited_ >= timeout_cycles_) {
    const char* signal = t.write ? (address_done_ ? "WREADY" : "AWREADY") : "ARREADY";
    fail(signal, fmt::format("no handshake within {} cycles", timeout_cycles_));
  }
}

void AxiLiteManager::edge_response() {
  Transfer& t = *pending_;
  if (t.write) {
    if (rvalid.read()) return fail("RVALID", "a read response with no read outstanding");
    if (bvalid.read()) {
      t.response = bresp.read() & 3;
      bready.write(false);
      return finish();
    }
  } else {
    if (bvalid.read()) return fail("BVALID", "a write response with no write outstanding");
    if (rvalid.read()) {
      t.data = rdata.read();
      t.response = rresp.read() & 3;
      rready.write(false);
      return finish();
    }
  }
  if (++waited_ >= timeout_cycles_) {
    fail(t.write ? "BVALID" : "RVALID", fmt::format("no response within {} cycles", timeout_cycles_));
  }
}

void AxiLiteManager::reset() {
  if (state_ != State::Failed) state_ = State::Idle;
  pending_ = nullptr;
  for (auto* out : {&awvalid, &wvalid, &bready, &arvalid, &rready}) out->write(false);
}

void AxiLiteManager::finish() {
  pending_ = nullptr;  // done: the next edge must not present it again
  state_ = State::Idle;
  done_ = true;
  finished_.notify(sc_core::SC_ZERO_TIME);
}

void AxiLiteManager::fail(const std::string& signal, const std::string& rule) {
  if (error_.empty()) error_ = protocol_message(device_, "AXI4-Lite", signal, rule, cycle_);
  state_ = State::Failed;
  done_ = true;
  finished_.notify(sc_core::SC_ZERO_TIME);
}

}  // namespace loom::rtl_cosim
