// The AXI4 subordinate adapter (RTL manager pins -> TLM) with its pins
// driven cycle by cycle as a bus-mastering design drives them: bursts of
// every type, narrow and unaligned beats, strobes, back-pressure, several
// outstanding requests, TLM errors as SLVERR, and broken rules ending the
// run with one line.
#include <gtest/gtest.h>

#include <systemc>
#include <tlm>

#include <vector>

#include "loom/rtl_cosim/axi_subordinate.h"
#include "test_memory.h"

namespace loom::rtl_cosim {
namespace {

using sc_core::sc_signal;
using sc_core::sc_time;
using sc_core::SC_NS;

constexpr uint64_t kBase = 0x80000000, kSize = 0x4000;

// Cycles count rising edges from time 0; a bench's first handshake is at
// the 3rd.
struct Burst {
  uint64_t address;
  uint32_t len, size, burst, id;
};

// A manager that drives the pins from outside the simulation: a value
// written now is sampled at the next rising edge.
struct Bench {
  sc_core::sc_clock clk{"clk", sc_time(10, SC_NS)};
  sc_signal<bool> awvalid{"awvalid"}, wvalid{"wvalid"}, wlast{"wlast"}, bready{"bready"}, arvalid{"arvalid"};
  sc_signal<bool> rready{"rready"}, awready{"awready"}, wready{"wready"}, bvalid{"bvalid"}, arready{"arready"};
  sc_signal<bool> rvalid{"rvalid"}, rlast{"rlast"};
  sc_signal<uint32_t> awid{"awid"}, awlen{"awlen"}, awsize{"awsize"}, awburst{"awburst"}, wstrb{"wstrb"};
  sc_signal<uint32_t> arid{"arid"}, arlen{"arlen"}, arsize{"arsize"}, arburst{"arburst"};
  sc_signal<uint32_t> bid{"bid"}, bresp{"bresp"}, rid{"rid"}, rresp{"rresp"};
  sc_signal<uint64_t> awaddr{"awaddr"}, araddr{"araddr"}, wdata{"wdata"}, rdata{"rdata"};
  AxiSubordinate sub;
  test::Memory memory{"memory", kBase, kSize};

  explicit Bench(unsigned outstanding = 4, uint64_t timeout = 50) : sub("sub", "dma0", outstanding, timeout) {
    sub.clk(clk);
    sub.awvalid(awvalid), sub.awid(awid), sub.awaddr(awaddr), sub.awlen(awlen), sub.awsize(awsize);
    sub.awburst(awburst), sub.wvalid(wvalid), sub.wdata(wdata), sub.wstrb(wstrb), sub.wlast(wlast);
    sub.bready(bready), sub.arvalid(arvalid), sub.arid(arid), sub.araddr(araddr), sub.arlen(arlen);
    sub.arsize(arsize), sub.arburst(arburst), sub.rready(rready), sub.awready(awready), sub.wready(wready);
    sub.bvalid(bvalid), sub.bid(bid), sub.bresp(bresp), sub.arready(arready), sub.rvalid(rvalid);
    sub.rlast(rlast), sub.rid(rid), sub.rresp(rresp), sub.rdata(rdata);
    sub.dma.bind(memory.socket);
    sc_core::sc_start(sc_time(20, SC_NS));
  }
  // One rising edge (none once a broken rule has stopped the simulation).
  void edge() {
    if (sub.error().empty()) sc_core::sc_start(sc_time(10, SC_NS));
  }
  // Holds `valid` until the subordinate's ready is seen at an edge.
  void handshake(sc_signal<bool>& valid, sc_signal<bool>& ready) {
    valid.write(true);
    for (int i = 0; i < 100; ++i) {
      const bool taken = ready.read();
      edge();
      if (taken) break;
    }
    valid.write(false);
  }
  void write_address(const Burst& b) {
    awaddr.write(b.address), awlen.write(b.len), awsize.write(b.size), awburst.write(b.burst), awid.write(b.id);
    handshake(awvalid, awready);
  }
  void write_beat(uint64_t data, uint32_t strobes, bool last) {
    wdata.write(data), wstrb.write(strobes), wlast.write(last);
    handshake(wvalid, wready);
  }
  // B: {id, resp}, after `stall` cycles of BREADY low.
  std::pair<uint32_t, uint32_t> response(int stall = 0) {
    for (int i = 0; i < stall; ++i) edge();
    bready.write(true);
    for (int i = 0; i < 100 && !bvalid.read(); ++i) edge();
    const std::pair<uint32_t, uint32_t> out{bid.read(), bresp.read()};
    edge();
    bready.write(false);
    return out;
  }
  void write(const Burst& b, const std::vector<uint64_t>& beats, uint32_t strobes = 0xff) {
    write_address(b);
    for (size_t i = 0; i < beats.size(); ++i) write_beat(beats[i], strobes, i + 1 == beats.size());
  }
  struct ReadBack {
    std::vector<uint64_t> beats;
    std::vector<bool> last;
    uint32_t id = 0, resp = 0;
  };
  ReadBack read(const Burst& b, int stall_every = 0) {
    araddr.write(b.address), arlen.write(b.len), arsize.write(b.size), arburst.write(b.burst), arid.write(b.id);
    handshake(arvalid, arready);
    ReadBack out;
    for (unsigned beat = 0; beat <= b.len; ++beat) {
      for (int i = 0; i < stall_every; ++i) edge();  // RREADY held low
      rready.write(true);
      for (int i = 0; i < 100 && !rvalid.read(); ++i) edge();
      out.beats.push_back(rdata.read());
      out.last.push_back(rlast.read());
      out.id = rid.read();
      out.resp |= rresp.read();
      edge();
      rready.write(false);
    }
    return out;
  }
};

constexpr uint32_t kFixed = 0, kIncr = 1, kWrap = 2;

TEST(AxiSubordinate, AnIncrWriteBurstIsOneTransaction) {
  Bench b;
  const unsigned before = b.memory.transactions;
  b.write({kBase + 0x100, 3, 3, kIncr, 5}, {0x1111, 0x2222, 0x3333, 0x4444});
  EXPECT_EQ(b.response(), (std::pair<uint32_t, uint32_t>{5, 0}));
  for (unsigned i = 0; i < 4; ++i) EXPECT_EQ(b.memory.word(kBase + 0x100 + 8 * i), 0x1111u * (i + 1));
  EXPECT_EQ(b.memory.transactions - before, 1u);
  EXPECT_EQ(b.sub.error(), "");
}

TEST(AxiSubordinate, AnIncrReadBurstWithBackPressure) {
  Bench b;
  const auto r = b.read({kBase + 0x40, 7, 3, kIncr, 9}, 2);
  ASSERT_EQ(r.beats.size(), 8u);
  for (unsigned i = 0; i < 8; ++i) EXPECT_EQ(r.beats[i], b.memory.word(kBase + 0x40 + 8 * i)) << i;
  EXPECT_EQ(r.last, (std::vector<bool>{false, false, false, false, false, false, false, true}));
  EXPECT_EQ(r.id, 9u);
  EXPECT_EQ(r.resp, 0u);
}

TEST(AxiSubordinate, AWrapBurstWrapsAtItsSpan) {
  Bench b;
  // 4 beats of 8 bytes from 0x30 inside the 32-byte window 0x20-0x3f.
  const auto r = b.read({kBase + 0x30, 3, 3, kWrap, 1});
  const uint64_t order[] = {0x30, 0x38, 0x20, 0x28};
  for (unsigned i = 0; i < 4; ++i) EXPECT_EQ(r.beats[i], b.memory.word(kBase + order[i])) << i;
  b.write({kBase + 0x38, 1, 3, kWrap, 2}, {0xaaaa, 0xbbbb});  // 16-byte window 0x30-0x3f
  b.response();
  EXPECT_EQ(b.memory.word(kBase + 0x38), 0xaaaau);
  EXPECT_EQ(b.memory.word(kBase + 0x30), 0xbbbbu);
}

TEST(AxiSubordinate, AFixedBurstRepeatsItsAddress) {
  Bench b;
  const auto r = b.read({kBase + 0x10, 3, 2, kFixed, 0});  // 4 beats of 4 bytes
  for (unsigned i = 0; i < 4; ++i) EXPECT_EQ(r.beats[i] >> 32, 0u);  // lanes 0-3: the low word
  for (unsigned i = 0; i < 4; ++i) EXPECT_EQ(r.beats[i], b.memory.word(kBase + 0x10) & 0xffffffff);
  b.write({kBase + 0x10, 2, 2, kFixed, 0}, {0x1, 0x2, 0x3}, 0x0f);
  b.response();
  EXPECT_EQ(b.memory.word(kBase + 0x10) & 0xffffffff, 0x3u);  // the last beat stays
}

TEST(AxiSubordinate, AnUnalignedFixedReadStopsAtItsSizeBoundary) {
  Bench b;
  // 8-byte beats from 3 bytes into the memory's last word: each beat is
  // lanes 3-7 of that word, and nothing past the memory's end is read.
  const auto r = b.read({kBase + kSize - 5, 1, 3, kFixed, 0});
  EXPECT_EQ(r.resp, 0u);
  for (unsigned i = 0; i < 2; ++i) EXPECT_EQ(r.beats[i] >> 24, b.memory.word(kBase + kSize - 8) >> 24) << i;
}

TEST(AxiSubordinate, NarrowUnalignedBeatsAndStrobesWriteOnlyTheirBytes) {
  Bench b;
  const uint64_t before = b.memory.word(kBase + 0x200);
  // Two-byte beats from 0x203: beat 0 covers 0x203 only (unaligned),
  // beats 1-2 cover 0x204-0x207; every beat carries all lanes' data.
  b.write({kBase + 0x203, 2, 1, kIncr, 0}, {0x1111111111111111, 0x2222222222222222, 0x3333333333333333});
  b.response();
  uint64_t expected = before;
  expected = (expected & ~(0xffull << 24)) | 0x11ull << 24;
  expected = (expected & ~(0xffffull << 32)) | 0x2222ull << 32;
  expected = (expected & ~(0xffffull << 48)) | 0x3333ull << 48;
  EXPECT_EQ(b.memory.word(kBase + 0x200), expected);
  // Strobes: only lanes 1 and 6 of a full beat.
  const uint64_t second = b.memory.word(kBase + 0x208);
  b.write({kBase + 0x208, 0, 3, kIncr, 0}, {0xffffffffffffffff}, 0x42);
  b.response();
  EXPECT_EQ(b.memory.word(kBase + 0x208), second | 0x00ff00000000ff00ull);
}

TEST(AxiSubordinate, SeveralWritesOutstandingAnswerInOrder) {
  Bench b;
  b.write_address({kBase + 0x300, 0, 3, kIncr, 1});
  b.write_address({kBase + 0x308, 0, 3, kIncr, 2});
  b.write_beat(0xa, 0xff, true);
  b.write_beat(0xb, 0xff, true);
  EXPECT_EQ(b.response(3).first, 1u);  // held by BREADY low for 3 cycles
  EXPECT_EQ(b.response().first, 2u);
  EXPECT_EQ(b.memory.word(kBase + 0x300), 0xau);
  EXPECT_EQ(b.memory.word(kBase + 0x308), 0xbu);
}

TEST(AxiSubordinate, ATlmErrorIsSlverr) {
  Bench b;
  b.write({kBase + kSize, 1, 3, kIncr, 3}, {1, 2});  // past the memory
  EXPECT_EQ(b.response(), (std::pair<uint32_t, uint32_t>{3, 2}));
  EXPECT_EQ(b.read({kBase + kSize + 0x10, 0, 3, kIncr, 4}).resp, 2u);
  EXPECT_EQ(b.read({kBase, 0, 3, kIncr, 5}).resp, 0u);  // and the bus still works
  EXPECT_EQ(b.sub.error(), "");
}

TEST(AxiSubordinateRules, ABurstAcross4KiB) {
  Bench b;
  b.write_address({kBase + 0xff8, 1, 3, kIncr, 0});
  EXPECT_EQ(b.sub.error(),
            "rtl device 'dma0': AXI4 AWVALID: an INCR burst 0x80000ff8-0x80001007 crossing a 4 KiB boundary (cycle 3)");
}

TEST(AxiSubordinateRules, WlastOnTheWrongBeat) {
  Bench b;
  b.write_address({kBase, 3, 3, kIncr, 0});
  b.write_beat(0, 0xff, true);
  EXPECT_EQ(b.sub.error(), "rtl device 'dma0': AXI4 WLAST: high on beat 1 of a 4-beat burst (cycle 4)");
}

TEST(AxiSubordinateRules, ValidDroppedBeforeReady) {
  Bench b(1);  // one write outstanding: a second address waits
  b.write_address({kBase, 0, 3, kIncr, 0});
  b.awaddr.write(kBase + 8);
  b.awvalid.write(true);
  b.edge();  // not taken: the first write has no data yet
  b.awvalid.write(false);
  b.edge();
  EXPECT_EQ(b.sub.error(), "rtl device 'dma0': AXI4 AWVALID: VALID dropped before READY (cycle 5)");
}

TEST(AxiSubordinateRules, PayloadChangedWhileValidWaits) {
  Bench b(1);
  b.write_address({kBase, 0, 3, kIncr, 0});
  b.awaddr.write(kBase + 8);
  b.awvalid.write(true);
  b.edge();
  b.awaddr.write(kBase + 16);
  b.edge();
  EXPECT_EQ(b.sub.error(), "rtl device 'dma0': AXI4 AWVALID: payload changed while VALID waited for READY (cycle 5)");
}

TEST(AxiSubordinateRules, AResponseNeverTaken) {
  Bench b(4, 10);
  b.write({kBase, 0, 3, kIncr, 0}, {0});
  for (int i = 0; i < 20; ++i) b.edge();
  EXPECT_EQ(b.sub.error(), "rtl device 'dma0': AXI4 BREADY: no write response taken within 10 cycles (cycle 14)");
}

}  // namespace
}  // namespace loom::rtl_cosim
