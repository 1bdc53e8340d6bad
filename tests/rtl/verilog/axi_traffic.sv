// A small AXI4 manager for the adapter tests (test_axi_traffic.cpp): on
// `start` it issues `count` bursts of one shape, all writes or all reads,
// back to back with several in flight. Burst n starts at addr + n * stride.
// With `stall` set, an LFSR holds VALID (before it rises) and READY low on
// a quarter, half or three quarters of the cycles, on every channel.
//
// Write data is a function of the beat's index across the whole run
// (beat_data), so the test can predict every byte in memory; WSTRB is
// `strobe` rotated left by one lane per beat. Responses are checked here:
// `resp` ORs every BRESP/RRESP, `id_ok` says every BID/RID was `id`, and
// `last_ok` that RLAST marked exactly each burst's last beat.
module axi_traffic (
    input  logic        clk,
    input  logic        resetn,
    input  logic        start,
    input  logic        write,
    input  logic [63:0] addr,
    input  logic [7:0]  len,
    input  logic [2:0]  size,
    input  logic [1:0]  burst,
    input  logic [3:0]  count,
    input  logic [15:0] stride,
    input  logic [7:0]  strobe,
    input  logic [1:0]  stall,
    input  logic [3:0]  id,
    output logic        done,
    output logic [1:0]  resp,
    output logic        id_ok,
    output logic        last_ok,
    output logic [15:0] responses,

    output logic        m_axi_awvalid,
    input  logic        m_axi_awready,
    output logic [3:0]  m_axi_awid,
    output logic [63:0] m_axi_awaddr,
    output logic [7:0]  m_axi_awlen,
    output logic [2:0]  m_axi_awsize,
    output logic [1:0]  m_axi_awburst,
    output logic        m_axi_wvalid,
    input  logic        m_axi_wready,
    output logic [63:0] m_axi_wdata,
    output logic [7:0]  m_axi_wstrb,
    output logic        m_axi_wlast,
    input  logic        m_axi_bvalid,
    output logic        m_axi_bready,
    input  logic [3:0]  m_axi_bid,
    input  logic [1:0]  m_axi_bresp,
    output logic        m_axi_arvalid,
    input  logic        m_axi_arready,
    output logic [3:0]  m_axi_arid,
    output logic [63:0] m_axi_araddr,
    output logic [7:0]  m_axi_arlen,
    output logic [2:0]  m_axi_arsize,
    output logic [1:0]  m_axi_arburst,
    input  logic        m_axi_rvalid,
    output logic        m_axi_rready,
    input  logic [3:0]  m_axi_rid,
    /* verilator lint_off UNUSEDSIGNAL */  // the test reads R beats off the pins
    input  logic [63:0] m_axi_rdata,
    /* verilator lint_on UNUSEDSIGNAL */
    input  logic [1:0]  m_axi_rresp,
    input  logic        m_axi_rlast
);
  // The write data of the run's beat `n` (the test computes the same).
  function automatic logic [63:0] beat_data(input logic [15:0] n);
    return ({48'h0, n} + 64'h1) * 64'h9e3779b97f4a7c15;
  endfunction

  logic running;
  logic [15:0] lfsr;
  logic [4:0] aw_issued, ar_issued, w_burst;
  logic [8:0] w_beat;
  logic [15:0] w_total;
  logic [8:0] r_beat;
  logic [15:0] expected;

  // Gap on a channel this cycle: two LFSR bits per channel below `stall`.
  function automatic logic gap(input logic [1:0] bits);
    return stall != 2'd0 && bits < stall;
  endfunction

  wire [15:0] beats_per_burst = {7'h0, len} + 16'h1;
  wire aw_fire = m_axi_awvalid && m_axi_awready;
  wire w_fire = m_axi_wvalid && m_axi_wready;
  wire b_fire = m_axi_bvalid && m_axi_bready;
  wire ar_fire = m_axi_arvalid && m_axi_arready;
  wire r_fire = m_axi_rvalid && m_axi_rready;

  assign m_axi_awid = id;
  assign m_axi_awlen = len;
  assign m_axi_awsize = size;
  assign m_axi_awburst = burst;
  assign m_axi_arid = id;
  assign m_axi_arlen = len;
  assign m_axi_arsize = size;
  assign m_axi_arburst = burst;
  assign expected = {12'h0, count} * (write ? 16'h1 : beats_per_burst);
  assign done = running && responses == expected;

  always_ff @(posedge clk) begin
    if (!resetn) begin
      lfsr <= 16'hace1;
    end else begin
      lfsr <= {lfsr[14:0], lfsr[15] ^ lfsr[13] ^ lfsr[12] ^ lfsr[10]};
    end
  end

  always_ff @(posedge clk) begin
    if (!resetn || start) begin
      running <= start;
      m_axi_awvalid <= 1'b0;
      m_axi_wvalid <= 1'b0;
      m_axi_arvalid <= 1'b0;
      m_axi_bready <= 1'b0;
      m_axi_rready <= 1'b0;
      m_axi_awaddr <= 64'h0;
      m_axi_araddr <= 64'h0;
      m_axi_wdata <= 64'h0;
      m_axi_wstrb <= 8'h0;
      m_axi_wlast <= 1'b0;
      aw_issued <= 5'h0;
      ar_issued <= 5'h0;
      w_burst <= 5'h0;
      w_beat <= 9'h0;
      w_total <= 16'h0;
      r_beat <= 9'h0;
      responses <= 16'h0;
      resp <= 2'b00;
      id_ok <= 1'b1;
      last_ok <= 1'b1;
    end else if (running) begin
      // Addresses: VALID rises only outside a gap, then holds to the handshake.
      if (aw_fire) m_axi_awvalid <= 1'b0;
      if (write && (!m_axi_awvalid || aw_fire) && aw_issued < {1'b0, count} && !gap(lfsr[1:0])) begin
        m_axi_awvalid <= 1'b1;
        m_axi_awaddr <= addr + {48'h0, stride} * {59'h0, aw_issued};
        aw_issued <= aw_issued + 5'h1;
      end
      if (ar_fire) m_axi_arvalid <= 1'b0;
      if (!write && (!m_axi_arvalid || ar_fire) && ar_issued < {1'b0, count} && !gap(lfsr[7:6])) begin
        m_axi_arvalid <= 1'b1;
        m_axi_araddr <= addr + {48'h0, stride} * {59'h0, ar_issued};
        ar_issued <= ar_issued + 5'h1;
      end

      // Write data, for bursts whose address has been presented.
      if (w_fire) m_axi_wvalid <= 1'b0;
      if ((!m_axi_wvalid || w_fire) && w_burst < aw_issued && !gap(lfsr[3:2])) begin
        m_axi_wvalid <= 1'b1;
        m_axi_wdata <= beat_data(w_total);
        m_axi_wstrb <= (strobe << w_beat[2:0]) | (strobe >> (4'd8 - {1'b0, w_beat[2:0]}));
        m_axi_wlast <= w_beat == {1'b0, len};
        w_total <= w_total + 16'h1;
        if (w_beat == {1'b0, len}) begin
          w_beat <= 9'h0;
          w_burst <= w_burst + 5'h1;
        end else begin
          w_beat <= w_beat + 9'h1;
        end
      end

      // Responses, with READY gaps.
      m_axi_bready <= !gap(lfsr[5:4]);
      m_axi_rready <= !gap(lfsr[9:8]);
      if (b_fire) begin
        responses <= responses + 16'h1;
        resp <= resp | m_axi_bresp;
        if (m_axi_bid != id) id_ok <= 1'b0;
      end
      if (r_fire) begin
        responses <= responses + 16'h1;
        resp <= resp | m_axi_rresp;
        if (m_axi_rid != id) id_ok <= 1'b0;
        if (m_axi_rlast != (r_beat == {1'b0, len})) last_ok <= 1'b0;
        r_beat <= r_beat == {1'b0, len} ? 9'h0 : r_beat + 9'h1;
      end
    end
  end
endmodule
