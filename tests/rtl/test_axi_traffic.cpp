// The AXI4 subordinate adapter against a verilated manager
// (verilog/axi_traffic.sv): bursts of every type, size and several lengths,
// rotating write strobes, VALID and READY gaps on every channel, several
// bursts in flight, and TLM errors coming back as SLVERR. Every byte is
// checked against a reference written here from the AXI spec, independent
// of the adapter's own burst arithmetic.
#include <gtest/gtest.h>

#include <systemc>

#include <vector>

#include "Vaxi_traffic.h"
#include "loom/rtl_cosim/axi_subordinate.h"
#include "test_memory.h"

namespace loom::rtl_cosim {
namespace {

using sc_core::sc_signal;
using sc_core::sc_time;
using sc_core::SC_NS;

constexpr uint64_t kBase = 0x80000000, kSize = 0x10000;
constexpr uint32_t kFixed = 0, kIncr = 1, kWrap = 2, kSlvErr = 2;

// What the manager runs: `count` bursts of one shape, burst n at
// address + n * stride.
struct Traffic {
  bool write;
  uint64_t address;
  uint32_t len, size, burst, count, stride, strobe = 0xff, stall = 0, id = 5;
};

// The manager's write data for the run's beat n (beat_data in the .sv).
uint64_t beat_data(uint64_t n) { return (n + 1) * 0x9e3779b97f4a7c15ull; }

// AXI spec, "Burst address": the address of beat k.
uint64_t beat_address(const Traffic& t, uint64_t start, unsigned k) {
  const uint64_t bytes = 1ull << t.size, aligned = start & ~(bytes - 1);
  if (t.burst == kFixed || k == 0) return start;
  if (t.burst == kIncr) return aligned + k * bytes;
  const uint64_t span = bytes * (t.len + 1), low = start & ~(span - 1);
  return low + (start - low + k * bytes) % span;
}

// The byte lanes beat k of a burst from `start` carries: [first, end).
std::pair<unsigned, unsigned> lanes(const Traffic& t, uint64_t start, unsigned k) {
  const uint64_t at = beat_address(t, start, k), bytes = 1ull << t.size;
  const unsigned first = static_cast<unsigned>(at % 8);
  const unsigned end = static_cast<unsigned>((at & ~(bytes - 1)) % 8 + bytes);
  return {first, end};
}

struct Bench {
  sc_core::sc_clock clk{"clk", sc_time(10, SC_NS)};
  sc_signal<bool> resetn{"resetn"}, start{"start"}, write{"write"}, done{"done"}, id_ok{"id_ok"}, last_ok{"last_ok"};
  sc_signal<uint64_t> addr{"addr"};
  sc_signal<uint32_t> len{"len"}, size{"size"}, burst{"burst"}, count{"count"}, stride{"stride"}, strobe{"strobe"};
  sc_signal<uint32_t> stall{"stall"}, id{"id"}, resp{"resp"}, responses{"responses"};
  sc_signal<bool> awvalid{"awvalid"}, wvalid{"wvalid"}, wlast{"wlast"}, bready{"bready"}, arvalid{"arvalid"};
  sc_signal<bool> rready{"rready"}, awready{"awready"}, wready{"wready"}, bvalid{"bvalid"}, arready{"arready"};
  sc_signal<bool> rvalid{"rvalid"}, rlast{"rlast"};
  sc_signal<uint32_t> awid{"awid"}, awlen{"awlen"}, awsize{"awsize"}, awburst{"awburst"}, wstrb{"wstrb"};
  sc_signal<uint32_t> arid{"arid"}, arlen{"arlen"}, arsize{"arsize"}, arburst{"arburst"};
  sc_signal<uint32_t> bid{"bid"}, bresp{"bresp"}, rid{"rid"}, rresp{"rresp"};
  sc_signal<uint64_t> awaddr{"awaddr"}, araddr{"araddr"}, wdata{"wdata"}, rdata{"rdata"};
  Vaxi_traffic manager{"manager"};
  AxiSubordinate sub{"sub", "dma0", 4, 1000};
  test::Memory memory{"memory", kBase, kSize};

  Bench() {
    manager.clk(clk), manager.resetn(resetn), manager.start(start), manager.write(write), manager.addr(addr);
    manager.len(len), manager.size(size), manager.burst(burst), manager.count(count), manager.stride(stride);
    manager.strobe(strobe), manager.stall(stall), manager.id(id), manager.done(done), manager.resp(resp);
    manager.id_ok(id_ok), manager.last_ok(last_ok), manager.responses(responses);
    manager.m_axi_awvalid(awvalid), manager.m_axi_awready(awready), manager.m_axi_awid(awid);
    manager.m_axi_awaddr(awaddr), manager.m_axi_awlen(awlen), manager.m_axi_awsize(awsize);
    manager.m_axi_awburst(awburst), manager.m_axi_wvalid(wvalid), manager.m_axi_wready(wready);
    manager.m_axi_wdata(wdata), manager.m_axi_wstrb(wstrb), manager.m_axi_wlast(wlast);
    manager.m_axi_bvalid(bvalid), manager.m_axi_bready(bready), manager.m_axi_bid(bid), manager.m_axi_bresp(bresp);
    manager.m_axi_arvalid(arvalid), manager.m_axi_arready(arready), manager.m_axi_arid(arid);
    manager.m_axi_araddr(araddr), manager.m_axi_arlen(arlen), manager.m_axi_arsize(arsize);
    manager.m_axi_arburst(arburst), manager.m_axi_rvalid(rvalid), manager.m_axi_rready(rready);
    manager.m_axi_rid(rid), manager.m_axi_rdata(rdata), manager.m_axi_rresp(rresp), manager.m_axi_rlast(rlast);
    sub.clk(clk);
    sub.awvalid(awvalid), sub.awid(awid), sub.awaddr(awaddr), sub.awlen(awlen), sub.awsize(awsize);
    sub.awburst(awburst), sub.wvalid(wvalid), sub.wdata(wdata), sub.wstrb(wstrb), sub.wlast(wlast);
    sub.bready(bready), sub.arvalid(arvalid), sub.arid(arid), sub.araddr(araddr), sub.arlen(arlen);
    sub.arsize(arsize), sub.arburst(arburst), sub.rready(rready), sub.awready(awready), sub.wready(wready);
    sub.bvalid(bvalid), sub.bid(bid), sub.bresp(bresp), sub.arready(arready), sub.rvalid(rvalid);
    sub.rlast(rlast), sub.rid(rid), sub.rresp(rresp), sub.rdata(rdata);
    sub.dma.bind(memory.socket);
    sc_core::sc_start(sc_time(25, SC_NS));  // two edges in reset
    resetn.write(true);
  }

  // Runs one batch of traffic to its last response; the R beats seen on
  // the pins, in order. Fails the test if it does not finish.
  std::vector<uint64_t> run(const Traffic& t) {
    write.write(t.write), addr.write(t.address), len.write(t.len), size.write(t.size), burst.write(t.burst);
    count.write(t.count), stride.write(t.stride), strobe.write(t.strobe), stall.write(t.stall), id.write(t.id);
    start.write(true);
    sc_core::sc_start(sc_time(10, SC_NS));
    start.write(false);
    std::vector<uint64_t> beats;
    for (int cycle = 0; cycle < 200000 && !done.read() && sub.error().empty(); ++cycle) {
      sc_core::sc_start(sc_time(10, SC_NS));
      if (rvalid.read() && rready.read()) beats.push_back(rdata.read());  // a handshake at this edge
    }
    EXPECT_TRUE(done.read()) << "traffic did not finish: " << sub.error();
    EXPECT_EQ(sub.error(), "");
    EXPECT_TRUE(id_ok.read());
    EXPECT_TRUE(last_ok.read());
    return beats;
  }
};

// The memory after the manager's writes, computed from the spec.
std::vector<uint8_t> expected_after_writes(const Traffic& t, std::vector<uint8_t> memory) {
  uint64_t n = 0;
  for (unsigned b = 0; b < t.count; ++b) {
    const uint64_t start = t.address + uint64_t{b} * t.stride;
    for (unsigned k = 0; k <= t.len; ++k, ++n) {
      const uint32_t strobes = ((t.strobe << (k % 8)) | (t.strobe >> (8 - k % 8))) & 0xff;
      const uint64_t lane_base = beat_address(t, start, k) & ~uint64_t{7};
      const auto [first, end] = lanes(t, start, k);
      for (unsigned lane = first; lane < end; ++lane) {
        if (strobes >> lane & 1) memory[lane_base + lane - kBase] = static_cast<uint8_t>(beat_data(n) >> (8 * lane));
      }
    }
  }
  return memory;
}

void check_write(Bench& b, const Traffic& t) {
  const std::vector<uint8_t> expected = expected_after_writes(t, b.memory.bytes);
  b.run(t);
  EXPECT_EQ(b.resp.read(), 0u);
  EXPECT_EQ(b.responses.read(), t.count);
  for (size_t i = 0; i < expected.size(); ++i) {
    ASSERT_EQ(b.memory.bytes[i], expected[i]) << "byte at " << std::hex << kBase + i;
  }
}

void check_read(Bench& b, const Traffic& t) {
  const std::vector<uint64_t> beats = b.run(t);
  EXPECT_EQ(b.resp.read(), 0u);
  ASSERT_EQ(beats.size(), size_t{t.count} * (t.len + 1));
  size_t n = 0;
  for (unsigned burst = 0; burst < t.count; ++burst) {
    const uint64_t start = t.address + uint64_t{burst} * t.stride;
    for (unsigned k = 0; k <= t.len; ++k, ++n) {
      const uint64_t lane_base = beat_address(t, start, k) & ~uint64_t{7};
      const auto [first, end] = lanes(t, start, k);
      for (unsigned lane = first; lane < end; ++lane) {
        ASSERT_EQ(static_cast<uint8_t>(beats[n] >> (8 * lane)), b.memory.bytes[lane_base + lane - kBase])
            << "burst " << burst << " beat " << k << " lane " << lane;
      }
    }
  }
}

// Every size, every type, lengths from 1 to 16 beats (WRAP: 2/4/8/16),
// unaligned starts for INCR and FIXED, under each amount of back-pressure.
TEST(AxiSubordinateWithRtlManager, EveryTypeSizeAndLengthWithBackPressure) {
  Bench b;
  unsigned slot = 0;  // each case in its own KiB of memory: no burst crosses 4 KiB
  for (uint32_t stall = 0; stall < 4; ++stall) {
    for (uint32_t size = 0; size < 4; ++size) {
      for (uint32_t burst : {kFixed, kIncr, kWrap}) {
        for (uint32_t len : {0u, 1u, 2u, 3u, 7u, 15u}) {
          if (burst == kWrap && (len == 0 || len == 2)) continue;  // WRAP: 2, 4, 8 or 16 beats
          const uint64_t at = kBase + (slot++ % (kSize / 1024)) * 1024;
          const uint32_t span = (len + 1) << size, stride = (span + 15) & ~15u;
          // WRAP starts aligned to its size, mid-window; the others 3 bytes in.
          const uint64_t start = burst == kWrap ? (at + span / 2) & ~uint64_t{(1u << size) - 1} : at + 3;
          SCOPED_TRACE(testing::Message() << "stall " << stall << " size " << size << " burst " << burst << " len " << len);
          check_write(b, Traffic{true, start, len, size, burst, 3, stride, 0xff, stall});
          check_read(b, Traffic{false, start, len, size, burst, 3, stride, 0xff, stall});
        }
      }
    }
  }
}

TEST(AxiSubordinateWithRtlManager, LongIncrBurstsSeveralInFlight) {
  Bench b;
  for (uint32_t len : {31u, 127u, 255u}) {
    // 256 beats of 8 bytes is 2 KiB: from a 4 KiB-aligned start none crosses.
    const Traffic t{true, kBase + 0x1000, len, 3, kIncr, 4, 0x1000, 0xff, 2};
    check_write(b, t);
    check_read(b, Traffic{false, kBase + 0x1000, len, 3, kIncr, 4, 0x1000, 0xff, 1});
  }
}

TEST(AxiSubordinateWithRtlManager, EveryStrobePatternRotatesAcrossLanes) {
  Bench b;
  for (uint32_t strobe = 0; strobe < 256; strobe += 3) {
    check_write(b, Traffic{true, kBase + 0x800, 7, 3, kIncr, 1, 64, strobe, strobe % 4});
  }
}

TEST(AxiSubordinateWithRtlManager, TlmErrorsComeBackAsSlverr) {
  Bench b;
  // The last of two bursts runs past the memory: its response is SLVERR.
  b.run(Traffic{true, kBase + kSize - 64, 7, 3, kIncr, 2, 64});
  EXPECT_EQ(b.resp.read(), kSlvErr);
  b.run(Traffic{false, kBase + kSize - 64, 7, 3, kIncr, 2, 64});
  EXPECT_EQ(b.resp.read(), kSlvErr);
  // The bus still works.
  check_read(b, Traffic{false, kBase, 3, 3, kIncr, 1, 32});
}

}  // namespace
}  // namespace loom::rtl_cosim
