// A register file with Loom's RTL device ports (loom/rtl_cosim/rtl_device.h)
// for the plugin tests: four registers at 0x0-0xc; bit 0 of register 3
// drives irq; bit 0 of register 2 drives busy (the design then needs its
// clock); 0x10 reads the clock cycles since reset (it stands still while
// the clock is stopped: busy low, nothing on the bus); 0x14 answers SLVERR
// and everything above DECERR.
module rtl_regs (
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
    output logic        irq,
    output logic        busy
);
  logic [31:0] regs[4];
  logic [31:0] cycles;
  logic write_pending;
  wire unused = &{1'b0, s_axil_awprot, s_axil_arprot, s_axil_awaddr[1:0], s_axil_araddr[1:0]};

  function automatic logic [1:0] response(input logic [31:0] address);
    return address < 32'h14 ? 2'b00 : address < 32'h18 ? 2'b10 : 2'b11;  // OKAY, SLVERR, DECERR
  endfunction

  assign irq = regs[3][0];
  assign busy = regs[2][0];
  // Ready when both write channels are valid: one handshake each.
  assign s_axil_awready = s_axil_awvalid && s_axil_wvalid && !write_pending;
  assign s_axil_wready = s_axil_awready;
  assign s_axil_arready = s_axil_arvalid && !s_axil_rvalid;

  always_ff @(posedge clk) begin
    if (!resetn) begin
      for (int i = 0; i < 4; i++) regs[i] <= 32'h0;
      cycles <= 32'h0;
      write_pending <= 1'b0;
      s_axil_bvalid <= 1'b0;
      s_axil_bresp <= 2'b00;
      s_axil_rvalid <= 1'b0;
      s_axil_rdata <= 32'h0;
      s_axil_rresp <= 2'b00;
    end else begin
      cycles <= cycles + 32'h1;
      if (s_axil_awready) begin
        if (s_axil_awaddr < 32'h10)
          for (int i = 0; i < 4; i++)
            if (s_axil_wstrb[i]) regs[s_axil_awaddr[3:2]][8*i+:8] <= s_axil_wdata[8*i+:8];
        s_axil_bresp <= response(s_axil_awaddr);
        s_axil_bvalid <= 1'b1;
        write_pending <= 1'b1;
      end else if (s_axil_bvalid && s_axil_bready) begin
        s_axil_bvalid <= 1'b0;
        write_pending <= 1'b0;
      end
      if (s_axil_arready) begin
        s_axil_rdata <= s_axil_araddr < 32'h10 ? regs[s_axil_araddr[3:2]] : cycles;
        s_axil_rresp <= response(s_axil_araddr);
        s_axil_rvalid <= 1'b1;
      end else if (s_axil_rvalid && s_axil_rready) begin
        s_axil_rvalid <= 1'b0;
      end
    end
  end
endmodule
