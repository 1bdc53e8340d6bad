#include "loom/rtl_cosim/axi_subordinate.h"

#include <fmt/format.h>

#include "loom/rtl_cosim/protocol_error.h"

namespace loom::rtl_cosim {

namespace {
constexpr uint32_t kOkay = 0, kSlvErr = 2;
}  // namespace

AxiSubordinate::AxiSubordinate(const sc_core::sc_module_name& name, std::string device, unsigned outstanding,
                               uint64_t timeout_cycles)
    : sc_module(name),
      dma("dma"),
      clk("clk"),
      device_(std::move(device)),
      outstanding_(outstanding),
      timeout_cycles_(timeout_cycles) {
  SC_METHOD(on_edge);
  sensitive << clk.pos();
  dont_initialize();
}

void AxiSubordinate::on_edge() {
  ++cycle_;
  if (!error_.empty()) return;
  // Handshakes at this edge use the inputs as they were during the cycle
  // and the outputs this adapter drove for it.
  const uint64_t aw[4] = {awaddr.read(), awid.read(), awlen.read(), uint64_t{awsize.read()} << 8 | awburst.read()};
  const uint64_t w[4] = {wdata.read(), wstrb.read(), wlast.read(), 0};
  const uint64_t ar[4] = {araddr.read(), arid.read(), arlen.read(), uint64_t{arsize.read()} << 8 | arburst.read()};
  check_held(aw_, awvalid.read(), awready_, "AWVALID", aw);
  check_held(w_, wvalid.read(), wready_, "WVALID", w);
  check_held(ar_, arvalid.read(), arready_, "ARVALID", ar);
  if (!error_.empty()) return;

  if (bvalid_) {
    if (bready.read()) {
      responses_.pop_front();
      b_waited_ = 0;
    } else if (++b_waited_ >= timeout_cycles_) {
      return fail("BREADY", fmt::format("no write response taken within {} cycles", timeout_cycles_));
    }
  }
  if (rvalid_) {
    if (rready.read()) {
      Read& r = reads_.front();
      if (++r.next == r.request.beats()) reads_.pop_front();
      r_waited_ = 0;
    } else if (++r_waited_ >= timeout_cycles_) {
      return fail("RREADY", fmt::format("no read data taken within {} cycles", timeout_cycles_));
    }
  }
  if (awvalid.read() && awready_) accept_write_address();
  if (!error_.empty()) return;
  if (wvalid.read() && wready_) accept_write_data();
  if (!error_.empty()) return;
  if (arvalid.read() && arready_) accept_read_address();
  if (!error_.empty()) return;
  drive();
}

void AxiSubordinate::check_held(Held& held, bool valid, bool ready, const char* signal,
                                const uint64_t (&payload)[4]) {
  if (held.waiting) {
    // AXI: once VALID is high it stays high, with the same payload, until
    // the handshake.
    if (!valid) return fail(signal, "VALID dropped before READY");
    for (int i = 0; i < 4; ++i) {
      if (held.payload[i] != payload[i]) return fail(signal, "payload changed while VALID waited for READY");
    }
  }
  held.waiting = valid && !ready;
  for (int i = 0; i < 4; ++i) held.payload[i] = payload[i];
}

void AxiSubordinate::accept_write_address() {
  Write w;
  w.request = {awaddr.read(), awlen.read() & 0xff, awsize.read() & 7, awburst.read() & 3, awid.read()};
  if (const std::string rule = burst_rule_broken(w.request, kDataBytes); !rule.empty()) return fail("AWVALID", rule);
  w.data.assign(w.request.beats() * kDataBytes, 0);
  w.enabled.assign(w.request.beats() * kDataBytes, 0);
  writes_.push_back(std::move(w));
}

void AxiSubordinate::accept_write_data() {
  Write& w = writes_.front();
  const unsigned beat = w.beats_received++;
  const bool last = beat + 1 == w.request.beats();
  if (wlast.read() != last) {
    return fail("WLAST", fmt::format("{} on beat {} of a {}-beat burst", wlast.read() ? "high" : "low", beat + 1,
                                     w.request.beats()));
  }
  // Only the lanes of this beat's bytes count (a narrow or unaligned beat
  // ignores the others' strobes).
  const uint64_t address = beat_address(w.request, beat);
  const uint64_t aligned = address & ~uint64_t{w.request.bytes_per_beat() - 1};
  const unsigned first_lane = static_cast<unsigned>(address % kDataBytes);
  const unsigned end_lane = static_cast<unsigned>(aligned % kDataBytes) + w.request.bytes_per_beat();
  const uint64_t data = wdata.read();
  const uint32_t strobes = wstrb.read();
  for (unsigned lane = first_lane; lane < end_lane; ++lane) {
    w.data[beat * kDataBytes + lane] = static_cast<uint8_t>(data >> (8 * lane));
    w.enabled[beat * kDataBytes + lane] = (strobes >> lane & 1) != 0;
  }
  if (!last) return;
  complete_write(w);
  writes_.pop_front();
}

void AxiSubordinate::complete_write(Write& w) {
  // One TLM write per run of enabled bytes at consecutive addresses.
  uint32_t resp = kOkay;
  std::vector<uint8_t> run;
  uint64_t run_start = 0;
  auto flush = [&] {
    if (!run.empty() && transport(true, run_start, run.data(), static_cast<unsigned>(run.size())) != kOkay) {
      resp = kSlvErr;
    }
    run.clear();
  };
  for (unsigned beat = 0; beat < w.request.beats(); ++beat) {
    const uint64_t lane_base = beat_address(w.request, beat) & ~uint64_t{kDataBytes - 1};
    for (unsigned lane = 0; lane < kDataBytes; ++lane) {
      if (!w.enabled[beat * kDataBytes + lane]) {
        flush();
        continue;
      }
      const uint64_t at = lane_base + lane;
      if (!run.empty() && at != run_start + run.size()) flush();
      if (run.empty()) run_start = at;
      run.push_back(w.data[beat * kDataBytes + lane]);
    }
  }
  flush();
  responses_.push_back({w.request.id, resp});
}

void AxiSubordinate::accept_read_address() {
  Read r;
  r.request = {araddr.read(), arlen.read() & 0xff, arsize.read() & 7, arburst.read() & 3, arid.read()};
  if (const std::string rule = burst_rule_broken(r.request, kDataBytes); !rule.empty()) return fail("ARVALID", rule);
  // Read the burst now (the bytes as of the request); INCR in one
  // transaction, the others beat by beat (a FIXED burst reads one address
  // again and again, as a FIFO would be read).
  r.beats.assign(r.request.beats(), 0);
  const unsigned bytes = r.request.bytes_per_beat();
  if (static_cast<AxiBurst>(r.request.burst) == AxiBurst::Incr) {
    const uint64_t first = r.request.address & ~uint64_t{kDataBytes - 1};
    const uint64_t end = beat_address(r.request, r.request.len) + bytes;
    const uint64_t aligned_end = (end + kDataBytes - 1) & ~uint64_t{kDataBytes - 1};
    std::vector<uint8_t> buffer(aligned_end - first);
    const uint64_t from = r.request.address & ~uint64_t{bytes - 1};
    r.response = transport(false, from, buffer.data() + (from - first), static_cast<unsigned>(end - from));
    for (unsigned beat = 0; beat < r.request.beats(); ++beat) {
      const uint64_t lanes = beat_address(r.request, beat) & ~uint64_t{kDataBytes - 1};
      for (unsigned lane = 0; lane < kDataBytes; ++lane) {
        r.beats[beat] |= uint64_t{buffer[lanes - first + lane]} << (8 * lane);
      }
    }
  } else {
    for (unsigned beat = 0; beat < r.request.beats(); ++beat) {
      const uint64_t address = beat_address(r.request, beat);
      // An unaligned FIXED beat carries the bytes up to its size boundary
      // only, as a write's does: no read beyond them, no lane past the bus.
      const unsigned count = static_cast<unsigned>((address & ~uint64_t{bytes - 1}) + bytes - address);
      uint8_t buffer[kDataBytes] = {};
      if (transport(false, address, buffer, count) != kOkay) r.response = kSlvErr;
      const unsigned lane = static_cast<unsigned>(address % kDataBytes);
      for (unsigned i = 0; i < count; ++i) r.beats[beat] |= uint64_t{buffer[i]} << (8 * (lane + i));
    }
  }
  reads_.push_back(std::move(r));
}

uint32_t AxiSubordinate::transport(bool write, uint64_t address, uint8_t* data, unsigned length) {
  tlm::tlm_generic_payload trans;
  trans.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
  trans.set_address(address);
  trans.set_data_ptr(data);
  trans.set_data_length(length);
  trans.set_streaming_width(length);
  trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
  dma->b_transport(trans, delay);
  return trans.is_response_ok() ? kOkay : kSlvErr;
}

void AxiSubordinate::drive() {
  // Outputs for the next cycle; a handshake needs them high at an edge.
  awready_ = writes_.size() < outstanding_;
  wready_ = !writes_.empty();
  arready_ = reads_.size() < outstanding_;
  bvalid_ = !responses_.empty();
  rvalid_ = !reads_.empty();
  awready.write(awready_);
  wready.write(wready_);
  arready.write(arready_);
  bvalid.write(bvalid_);
  if (bvalid_) {
    bid.write(responses_.front().id);
    bresp.write(responses_.front().resp);
  }
  rvalid.write(rvalid_);
  if (rvalid_) {
    const Read& r = reads_.front();
    rid.write(r.request.id);
    rdata.write(r.beats[r.next]);
    rresp.write(r.response);
    rlast.write(r.next + 1 == r.request.beats());
  } else {
    rlast.write(false);
  }
}

void AxiSubordinate::reset() {
  writes_.clear();
  responses_.clear();
  reads_.clear();
  aw_ = w_ = ar_ = Held{};
  awready_ = wready_ = bvalid_ = arready_ = rvalid_ = false;
  b_waited_ = r_waited_ = 0;
  for (auto* out : {&awready, &wready, &bvalid, &arready, &rvalid, &rlast}) out->write(false);
}

void AxiSubordinate::save(state::StateWriter& out) const {
  out.u64(cycle_);
  for (bool b : {awready_, wready_, bvalid_, arready_, rvalid_}) out.boolean(b);
  out.u64(b_waited_);
  out.u64(r_waited_);
  for (const Held* h : {&aw_, &w_, &ar_}) {
    out.boolean(h->waiting);
    for (uint64_t p : h->payload) out.u64(p);
  }
}

void AxiSubordinate::restore(state::StateReader& in) {
  cycle_ = in.u64();
  for (bool* b : {&awready_, &wready_, &bvalid_, &arready_, &rvalid_}) *b = in.boolean();
  b_waited_ = in.u64();
  r_waited_ = in.u64();
  for (Held* h : {&aw_, &w_, &ar_}) {
    h->waiting = in.boolean();
    for (uint64_t& p : h->payload) p = in.u64();
  }
}

void AxiSubordinate::fail(const std::string& signal, const std::string& rule) {
  if (!error_.empty()) return;
  error_ = protocol_message(device_, "AXI4", signal, rule, cycle_);
  awready.write(false);
  wready.write(false);
  arready.write(false);
}

}  // namespace loom::rtl_cosim
