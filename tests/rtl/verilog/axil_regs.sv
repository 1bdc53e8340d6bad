// An AXI4-Lite register file for the adapter tests.
//   0x00-0x0c  four read/write registers (byte strobes)
//   0x10       read-only ID 0x4c4f4f4d ("LOOM"); writes are ignored
//   0x14       answers SLVERR
//   0x18-0x1c  read as zero
//   above      answers DECERR
// `ready_delay` and `resp_delay` (inputs, so one verilation serves every
// test) hold READY and the response back that many cycles: back-pressure.
// `misbehave` breaks a rule on purpose: 1 raises BVALID with no write,
// 2 never raises AWREADY, 3 raises RVALID before ARREADY.
module axil_regs (
    input  logic        clk,
    input  logic        resetn,
    input  logic [7:0]  ready_delay,
    input  logic [7:0]  resp_delay,
    input  logic [1:0]  misbehave,
    input  logic        awvalid,
    output logic        awready,
    input  logic [31:0] awaddr,
    input  logic [2:0]  awprot,
    input  logic        wvalid,
    output logic        wready,
    input  logic [31:0] wdata,
    input  logic [3:0]  wstrb,
    output logic        bvalid,
    input  logic        bready,
    output logic [1:0]  bresp,
    input  logic        arvalid,
    output logic        arready,
    input  logic [31:0] araddr,
    input  logic [2:0]  arprot,
    output logic        rvalid,
    input  logic        rready,
    output logic [31:0] rdata,
    output logic [1:0]  rresp
);
  typedef enum logic [1:0] {IDLE, ACCEPT, RESPOND} state_t;

  logic [31:0] regs[4];
  state_t wstate, rstate;
  logic [7:0] wcount, rcount;
  logic [31:0] rdata_q;
  logic [1:0] wresp_q, rresp_q;
  logic [7:0] cycles;

  function automatic logic [1:0] resp_for(input logic [31:0] a);
    if (a > 32'h1f) return 2'b11;         // DECERR
    if (a[31:2] == 30'h5) return 2'b10;   // 0x14: SLVERR
    return 2'b00;
  endfunction

  function automatic logic [31:0] read_value(input logic [31:0] a);
    if (a < 32'h10) return regs[a[3:2]];
    if (a[31:2] == 30'h4) return 32'h4c4f4f4d;
    return 32'h0;
  endfunction

  wire unused = &{1'b0, awprot, arprot, araddr[1:0], awaddr[1:0]};

  always_ff @(posedge clk) begin
    if (!resetn) begin
      awready <= 1'b0; wready <= 1'b0; bvalid <= 1'b0; bresp <= 2'b00;
      arready <= 1'b0; rvalid <= 1'b0; rdata <= 32'h0; rresp <= 2'b00;
      wstate <= IDLE; rstate <= IDLE; wcount <= 8'h0; rcount <= 8'h0; cycles <= 8'h0;
      for (int i = 0; i < 4; i++) regs[i] <= 32'h0;
    end else begin
      cycles <= cycles + 8'h1;
      awready <= 1'b0;
      wready <= 1'b0;
      arready <= 1'b0;
      if (misbehave == 2'd1 && cycles == 8'd5) bvalid <= 1'b1;
      // Writes: both channels valid, then READY for one cycle (the
      // handshake), then the response after resp_delay cycles.
      case (wstate)
        IDLE:
          if (awvalid && wvalid && misbehave != 2'd2) begin
            if (wcount == ready_delay) begin
              awready <= 1'b1;
              wready <= 1'b1;
              wcount <= 8'h0;
              wstate <= ACCEPT;
            end else wcount <= wcount + 8'h1;
          end
        ACCEPT: begin
          if (awaddr < 32'h10)
            for (int i = 0; i < 4; i++)
              if (wstrb[i]) regs[awaddr[3:2]][8*i+:8] <= wdata[8*i+:8];
          wresp_q <= resp_for(awaddr);
          wstate <= RESPOND;
        end
        default:
          if (!bvalid) begin
            if (wcount == resp_delay) begin
              bvalid <= 1'b1;
              bresp <= wresp_q;
            end else wcount <= wcount + 8'h1;
          end else if (bready) begin
            bvalid <= 1'b0;
            wcount <= 8'h0;
            wstate <= IDLE;
          end
      endcase
      // Reads: AR valid, READY for one cycle, the data after resp_delay.
      case (rstate)
        IDLE:
          if (arvalid) begin
            if (misbehave == 2'd3) rvalid <= 1'b1;
            else if (rcount == ready_delay) begin
              arready <= 1'b1;
              rcount <= 8'h0;
              rstate <= ACCEPT;
            end else rcount <= rcount + 8'h1;
          end
        ACCEPT: begin
          rdata_q <= read_value(araddr);
          rresp_q <= resp_for(araddr);
          rstate <= RESPOND;
        end
        default:
          if (!rvalid) begin
            if (rcount == resp_delay) begin
              rvalid <= 1'b1;
              rdata <= rdata_q;
              rresp <= rresp_q;
            end else rcount <= rcount + 8'h1;
          end else if (rready) begin
            rvalid <= 1'b0;
            rcount <= 8'h0;
            rstate <= IDLE;
          end
      endcase
    end
  end
endmodule
