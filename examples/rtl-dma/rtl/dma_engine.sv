// A DMA engine for Loom's RTL example: an AXI4-Lite register file, an AXI4
// manager that copies memory in bursts, and a completion interrupt.
//
// Registers (32-bit):
//   0x00 SRC_LO  0x04 SRC_HI   source address
//   0x08 DST_LO  0x0c DST_HI   destination address
//   0x10 LEN                   bytes to copy (a multiple of 8; addresses 8-aligned)
//   0x14 CONTROL               bit 0: start (reads 0), bit 1: interrupt enable
//   0x18 STATUS                bit 0: busy, bit 1: done (write 1 to clear), bit 2: error
//   0x1c ID                    0x444d4131 ("DMA1")
// The copy runs in bursts of up to 256 beats of 8 bytes (2 KiB, AXI4's
// longest) that never cross a 4 KiB boundary: read a burst into a buffer,
// then write it. irq is done
// AND interrupt enable; busy is high while a copy runs (Loom stops the
// clock otherwise).
module dma_engine (
    input  logic        clk,
    input  logic        resetn,
    // AXI4-Lite subordinate: registers
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
    // AXI4 manager: memory
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
    input  logic        m_axi_rlast,
    output logic        irq,
    output logic        busy
);
  typedef enum logic [2:0] {IDLE, READ_ADDR, READ_DATA, WRITE_ADDR, WRITE_DATA, WRITE_RESP} state_t;

  logic [63:0] src, dst;
  logic [31:0] len;
  logic irq_enable, done, error;
  state_t state;
  logic [31:0] remaining;
  logic [8:0] beats, beat;
  logic [63:0] buffer[256];
  logic write_pending;

  wire unused = &{1'b0, s_axil_awprot, s_axil_arprot, s_axil_awaddr[31:8], s_axil_araddr[31:8],
                  s_axil_awaddr[1:0], s_axil_araddr[1:0], m_axi_bid,
                  m_axi_rid, s_axil_wstrb};

  // Beats in the next burst: at most 256, what is left, and up to the next
  // 4 KiB boundary of either address (s and d: their low 12 bits).
  function automatic logic [8:0] next_beats(input logic [31:0] left, input logic [11:0] s, input logic [11:0] d);
    logic [12:0] src_room = (13'h1000 - {1'b0, s}) >> 3;
    logic [12:0] dst_room = (13'h1000 - {1'b0, d}) >> 3;
    logic [31:0] n = left >> 3;
    if ({19'h0, src_room} < n) n = {19'h0, src_room};
    if ({19'h0, dst_room} < n) n = {19'h0, dst_room};
    if (n > 32'd256) n = 32'd256;
    return n[8:0];
  endfunction

  assign busy = state != IDLE;
  assign irq = done && irq_enable;

  // ---- registers ----------------------------------------------------------
  assign s_axil_awready = s_axil_awvalid && s_axil_wvalid && !write_pending;
  assign s_axil_wready = s_axil_awready;
  assign s_axil_arready = s_axil_arvalid && !s_axil_rvalid;

  function automatic logic [31:0] read_register(input logic [7:0] a);
    case (a)
      8'h00: return src[31:0];
      8'h04: return src[63:32];
      8'h08: return dst[31:0];
      8'h0c: return dst[63:32];
      8'h10: return len;
      8'h14: return {30'h0, irq_enable, 1'b0};
      8'h18: return {29'h0, error, done, busy};
      8'h1c: return 32'h444d4131;
      default: return 32'h0;
    endcase
  endfunction

  // ---- the AXI4 manager's outputs -----------------------------------------
  assign m_axi_awid = 8'h0;
  assign m_axi_arid = 8'h0;
  assign m_axi_awsize = 3'd3;
  assign m_axi_arsize = 3'd3;
  assign m_axi_awburst = 2'd1;
  assign m_axi_arburst = 2'd1;
  assign m_axi_awlen = 8'(beats - 9'd1);
  assign m_axi_arlen = 8'(beats - 9'd1);
  assign m_axi_awaddr = dst;
  assign m_axi_araddr = src;
  assign m_axi_arvalid = state == READ_ADDR;
  assign m_axi_rready = state == READ_DATA;
  assign m_axi_awvalid = state == WRITE_ADDR;
  assign m_axi_wvalid = state == WRITE_DATA;
  assign m_axi_wdata = buffer[beat[7:0]];
  assign m_axi_wstrb = 8'hff;
  assign m_axi_wlast = beat == beats - 9'd1;
  assign m_axi_bready = state == WRITE_RESP;

  always_ff @(posedge clk) begin
    if (!resetn) begin
      src <= 64'h0; dst <= 64'h0; len <= 32'h0;
      irq_enable <= 1'b0; done <= 1'b0; error <= 1'b0;
      state <= IDLE; remaining <= 32'h0; beats <= 9'h0; beat <= 9'h0;
      write_pending <= 1'b0;
      s_axil_bvalid <= 1'b0; s_axil_bresp <= 2'b00;
      s_axil_rvalid <= 1'b0; s_axil_rdata <= 32'h0; s_axil_rresp <= 2'b00;
    end else begin
      // Register writes (one at a time: AW and W together).
      if (s_axil_awready) begin
        case (s_axil_awaddr[7:0])
          8'h00: src[31:0] <= s_axil_wdata;
          8'h04: src[63:32] <= s_axil_wdata;
          8'h08: dst[31:0] <= s_axil_wdata;
          8'h0c: dst[63:32] <= s_axil_wdata;
          8'h10: len <= s_axil_wdata;
          8'h14: begin
            irq_enable <= s_axil_wdata[1];
            if (s_axil_wdata[0] && state == IDLE) begin
              done <= 1'b0;
              error <= 1'b0;
              remaining <= len & ~32'h7;
              if ((len & ~32'h7) != 32'h0) begin
                beats <= next_beats(len & ~32'h7, src[11:0], dst[11:0]);
                state <= READ_ADDR;
              end else done <= 1'b1;
            end
          end
          8'h18: if (s_axil_wdata[1]) done <= 1'b0;
          default: ;
        endcase
        s_axil_bvalid <= 1'b1;
        s_axil_bresp <= 2'b00;
        write_pending <= 1'b1;
      end else if (s_axil_bvalid && s_axil_bready) begin
        s_axil_bvalid <= 1'b0;
        write_pending <= 1'b0;
      end
      if (s_axil_arready) begin
        s_axil_rdata <= read_register(s_axil_araddr[7:0]);
        s_axil_rresp <= 2'b00;
        s_axil_rvalid <= 1'b1;
      end else if (s_axil_rvalid && s_axil_rready) begin
        s_axil_rvalid <= 1'b0;
      end

      // The copy.
      case (state)
        READ_ADDR: if (m_axi_arready) begin
          beat <= 9'h0;
          state <= READ_DATA;
        end
        READ_DATA: if (m_axi_rvalid) begin
          buffer[beat[7:0]] <= m_axi_rdata;
          if (m_axi_rresp != 2'b00) error <= 1'b1;
          beat <= beat + 9'h1;
          if (m_axi_rlast) state <= WRITE_ADDR;
        end
        WRITE_ADDR: if (m_axi_awready) begin
          beat <= 9'h0;
          state <= WRITE_DATA;
        end
        WRITE_DATA: if (m_axi_wready) begin
          beat <= beat + 9'h1;
          if (m_axi_wlast) state <= WRITE_RESP;
        end
        WRITE_RESP: if (m_axi_bvalid) begin
          if (m_axi_bresp != 2'b00) error <= 1'b1;
          if (remaining == {20'h0, beats, 3'h0} || m_axi_bresp != 2'b00) begin
            remaining <= 32'h0;
            done <= 1'b1;
            state <= IDLE;
          end else begin
            remaining <= remaining - {20'h0, beats, 3'h0};
            src <= src + {52'h0, beats, 3'h0};
            dst <= dst + {52'h0, beats, 3'h0};
            beats <= next_beats(remaining - {20'h0, beats, 3'h0}, src[11:0] + beats[8:0] * 12'd8,
                                dst[11:0] + beats[8:0] * 12'd8);
            state <= READ_ADDR;
          end
        end
        default: ;
      endcase
    end
  end
endmodule
