// RTL that breaks bus rules on request, with Loom's RTL device ports, for
// the end-to-end protocol tests. Register 0x0 reads and writes normally;
//   a write to 0x8 is never given AWREADY/WREADY (a handshake that never
//     completes);
//   a read of 0x4 answers, then raises RVALID again (a response with no
//     request);
//   a write to 0xc starts an AXI4 INCR burst at 0x80000ff8 of two 8-byte
//     beats, which crosses a 4 KiB boundary.
module rtl_broken (
    input  logic        clk,
    input  logic        resetn,
    input  logic        s_axil_awvalid,
    output logic        s_axil_awready,
    input  logic [31:0] s_axil_awaddr,
    input  logic [2:0]  s_axil_awprot,
    input  logic        s_axil_wvalid,
    output logic        s_axil_wready,
    input  logic [31:0] s_axil_wdata,
    input  logic [3:0]  s_axil_wstrb,
    output logic        s_axil_bvalid,
    input  logic        s_axil_bready,
    output logic [1:0]  s_axil_bresp,
    input  logic        s_axil_arvalid,
    output logic        s_axil_arready,
    input  logic [31:0] s_axil_araddr,
    input  logic [2:0]  s_axil_arprot,
    output logic        s_axil_rvalid,
    input  logic        s_axil_rready,
    output logic [31:0] s_axil_rdata,
    output logic [1:0]  s_axil_rresp,
    output logic        m_axi_awvalid,
    input  logic        m_axi_awready,
    output logic [7:0]  m_axi_awid,
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
    input  logic [7:0]  m_axi_bid,
    input  logic [1:0]  m_axi_bresp,
    output logic        m_axi_arvalid,
    input  logic        m_axi_arready,
    output logic [7:0]  m_axi_arid,
    output logic [63:0] m_axi_araddr,
    output logic [7:0]  m_axi_arlen,
    output logic [2:0]  m_axi_arsize,
    output logic [1:0]  m_axi_arburst,
    input  logic        m_axi_rvalid,
    output logic        m_axi_rready,
    input  logic [7:0]  m_axi_rid,
    input  logic [63:0] m_axi_rdata,
    input  logic [1:0]  m_axi_rresp,
    input  logic        m_axi_rlast
);
  logic [31:0] reg0;
  logic write_pending, echo_read;
  wire unused = &{1'b0, s_axil_awprot, s_axil_arprot, s_axil_wstrb, m_axi_awready, m_axi_wready, m_axi_bvalid,
                  m_axi_bid, m_axi_bresp, m_axi_arready, m_axi_rvalid, m_axi_rid, m_axi_rdata, m_axi_rresp,
                  m_axi_rlast, s_axil_awaddr[1:0], s_axil_araddr[1:0]};

  assign s_axil_awready = s_axil_awvalid && s_axil_wvalid && !write_pending && s_axil_awaddr != 32'h8;
  assign s_axil_wready = s_axil_awready;
  assign s_axil_arready = s_axil_arvalid && !s_axil_rvalid;
  assign m_axi_awid = 8'h0;
  assign m_axi_awaddr = 64'h80000ff8;
  assign m_axi_awlen = 8'd1;
  assign m_axi_awsize = 3'd3;
  assign m_axi_awburst = 2'd1;
  assign m_axi_wvalid = 1'b0;
  assign m_axi_wdata = 64'h0;
  assign m_axi_wstrb = 8'h0;
  assign m_axi_wlast = 1'b0;
  assign m_axi_bready = 1'b1;
  assign m_axi_arvalid = 1'b0;
  assign m_axi_arid = 8'h0;
  assign m_axi_araddr = 64'h0;
  assign m_axi_arlen = 8'h0;
  assign m_axi_arsize = 3'd3;
  assign m_axi_arburst = 2'd1;
  assign m_axi_rready = 1'b1;

  always_ff @(posedge clk) begin
    if (!resetn) begin
      reg0 <= 32'h0;
      write_pending <= 1'b0;
      echo_read <= 1'b0;
      s_axil_bvalid <= 1'b0;
      s_axil_bresp <= 2'b00;
      s_axil_rvalid <= 1'b0;
      s_axil_rdata <= 32'h0;
      s_axil_rresp <= 2'b00;
      m_axi_awvalid <= 1'b0;
    end else begin
      if (s_axil_awready) begin
        if (s_axil_awaddr == 32'h0) reg0 <= s_axil_wdata;
        if (s_axil_awaddr == 32'hc) m_axi_awvalid <= 1'b1;
        s_axil_bvalid <= 1'b1;
        write_pending <= 1'b1;
      end else if (s_axil_bvalid && s_axil_bready) begin
        s_axil_bvalid <= 1'b0;
        write_pending <= 1'b0;
      end
      if (s_axil_arready) begin
        s_axil_rdata <= reg0;
        s_axil_rvalid <= 1'b1;
        echo_read <= s_axil_araddr == 32'h4;
      end else if (s_axil_rvalid && s_axil_rready) begin
        s_axil_rvalid <= 1'b0;
      end else if (echo_read) begin
        s_axil_rvalid <= 1'b1;  // again, with nothing asked
        echo_read <= 1'b0;
      end
    end
  end
endmodule
