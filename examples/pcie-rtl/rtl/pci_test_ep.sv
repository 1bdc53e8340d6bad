// A PCIe function in RTL: the register protocol of Linux's pci_endpoint_test
// driver (drivers/misc/pci_endpoint_test.c), behind the interface of common
// PCIe DMA IP. Loom's PCIe framework plays the hard IP (configuration space,
// BAR decoding, INTx, MSI and MSI-X messages, bus mastering); this design
// provides only the function:
//   s_bar0_*  AXI4-Lite subordinate: BAR0, the test registers
//   s_bar1_*  AXI4-Lite subordinate: BAR1, 512 bytes of plain memory
//   m_axi_*   AXI4 manager, 64-bit: DMA into host memory (bus addresses)
//   intx      level: the legacy interrupt, while STATUS.IRQ_RAISED is set
//             and IRQ_TYPE is legacy, for at most INTX_PULSE_CYCLES (1 ms
//             at 100 MHz): Linux's endpoint function on real controllers
//             sends INTx as such a pulse, and Linux 6.12's handler never
//             clears IRQ_RAISED, so a level held until then would storm
//   msi_req / msi_vector / msi_ack: one MSI or MSI-X message (the vector
//             0-based); held until acknowledged
//   busy      high while a command runs (Loom stops the clock otherwise)
// Commands copy any length from any byte address: each chunk (at most 2 KiB,
// never across a 4 KiB boundary of source or destination) is read into a
// byte buffer with whole 8-byte beats, then written out with byte strobes.
// The CRC is crc32_le(~0, data) without the final inversion, as the driver
// computes it.
module pci_test_ep (
    input  logic        clk,
    input  logic        resetn,
    // BAR0: registers
    input  logic        s_bar0_awvalid,
    output logic        s_bar0_awready,
    input  logic [31:0] s_bar0_awaddr,
    input  logic [2:0]  s_bar0_awprot,
    input  logic        s_bar0_wvalid,
    output logic        s_bar0_wready,
    input  logic [31:0] s_bar0_wdata,
    input  logic [3:0]  s_bar0_wstrb,
    output logic        s_bar0_bvalid,
    input  logic        s_bar0_bready,
    output logic [1:0]  s_bar0_bresp,
    input  logic        s_bar0_arvalid,
    output logic        s_bar0_arready,
    input  logic [31:0] s_bar0_araddr,
    input  logic [2:0]  s_bar0_arprot,
    output logic        s_bar0_rvalid,
    input  logic        s_bar0_rready,
    output logic [31:0] s_bar0_rdata,
    output logic [1:0]  s_bar0_rresp,
    // BAR1: memory
    input  logic        s_bar1_awvalid,
    output logic        s_bar1_awready,
    input  logic [31:0] s_bar1_awaddr,
    input  logic [2:0]  s_bar1_awprot,
    input  logic        s_bar1_wvalid,
    output logic        s_bar1_wready,
    input  logic [31:0] s_bar1_wdata,
    input  logic [3:0]  s_bar1_wstrb,
    output logic        s_bar1_bvalid,
    input  logic        s_bar1_bready,
    output logic [1:0]  s_bar1_bresp,
    input  logic        s_bar1_arvalid,
    output logic        s_bar1_arready,
    input  logic [31:0] s_bar1_araddr,
    input  logic [2:0]  s_bar1_arprot,
    output logic        s_bar1_rvalid,
    input  logic        s_bar1_rready,
    output logic [31:0] s_bar1_rdata,
    output logic [1:0]  s_bar1_rresp,
    // DMA
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
    // Interrupts
    output logic        intx,
    output logic        msi_req,
    output logic [10:0] msi_vector,
    input  logic        msi_ack,
    output logic        busy
);
  // ---- registers (pci_endpoint_test's map) ---------------------------------
  localparam logic [31:0] CMD_LEGACY = 32'h01, CMD_MSI = 32'h02, CMD_MSIX = 32'h04;
  localparam logic [31:0] CMD_READ = 32'h08, CMD_WRITE = 32'h10, CMD_COPY = 32'h20;
  localparam logic [31:0] ST_READ_OK = 32'h001, ST_READ_FAIL = 32'h002, ST_WRITE_OK = 32'h004;
  localparam logic [31:0] ST_WRITE_FAIL = 32'h008, ST_COPY_OK = 32'h010, ST_COPY_FAIL = 32'h020;
  localparam logic [31:0] ST_IRQ = 32'h040;
  localparam logic [1:0] IRQ_LEGACY = 2'd0;
  localparam logic [31:0] INTX_PULSE_CYCLES = 32'd100000;

  logic [31:0] magic, command, status, size, checksum, irq_type, irq_number, flags;
  logic [63:0] src, dst;
  logic [31:0] intx_left;  // cycles the legacy pulse has still to run

  function automatic logic [31:0] read_register(input logic [7:0] offset);
    case (offset)
      8'h00: return magic;
      8'h04: return command;
      8'h08: return status;
      8'h0c: return src[31:0];
      8'h10: return src[63:32];
      8'h14: return dst[31:0];
      8'h18: return dst[63:32];
      8'h1c: return size;
      8'h20: return checksum;
      8'h24: return irq_type;
      8'h28: return irq_number;
      8'h2c: return flags;
      default: return 32'h0;
    endcase
  endfunction

  // ---- CRC-32 (reflected, polynomial 0xedb88320), one byte at a time -------
  function automatic logic [31:0] crc_byte(input logic [31:0] crc, input logic [7:0] data);
    logic [31:0] c = crc ^ {24'h0, data};
    for (int i = 0; i < 8; i++) c = (c >> 1) ^ (32'hedb88320 & {32{c[0]}});
    return c;
  endfunction

  // ---- the command engine -----------------------------------------------------
  typedef enum logic [3:0] {IDLE, START, CHUNK, RD_ADDR, RD_DATA, FILL, WR_ADDR, WR_DATA, WR_RESP, DONE, RAISE}
      state_t;
  state_t state;
  logic [31:0] op;                 // the command being run
  logic [31:0] done_bytes;         // of `size`
  logic [11:0] n;                  // bytes in this chunk (1..2048)
  logic [63:0] s_at, d_at;         // this chunk's source and destination
  logic [8:0]  beats, beat;        // beats of this chunk's burst, and the current one
  logic [11:0] filled;             // FILL: bytes generated so far
  logic [31:0] crc, lfsr;
  logic        dma_error;
  logic [7:0]  buffer[2048];

  wire reads_host = (op & (CMD_READ | CMD_COPY)) != 0;
  wire writes_host = (op & (CMD_WRITE | CMD_COPY)) != 0;
  wire [31:0] remaining = size - done_bytes;

  function automatic logic [12:0] room(input logic [11:0] page_offset);
    return 13'h1000 - {1'b0, page_offset};
  endfunction
  function automatic logic [11:0] chunk_bytes(input logic [31:0] left, input logic [11:0] s, input logic [11:0] d);
    logic [31:0] c = left > 32'd2048 ? 32'd2048 : left;
    if ({19'h0, room(s)} < c) c = {19'h0, room(s)};
    if ({19'h0, room(d)} < c) c = {19'h0, room(d)};
    return c[11:0];
  endfunction
  // Beats of 8 bytes covering [address, address + bytes).
  function automatic logic [8:0] beats_for(input logic [2:0] offset, input logic [11:0] bytes);
    return 9'(({9'h0, offset} + bytes + 12'd7) >> 3);
  endfunction

  assign m_axi_awid = 8'h0;
  assign m_axi_arid = 8'h0;
  assign m_axi_awsize = 3'd3;
  assign m_axi_arsize = 3'd3;
  assign m_axi_awburst = 2'b01;
  assign m_axi_arburst = 2'b01;
  assign m_axi_awaddr = {d_at[63:3], 3'b000};
  assign m_axi_araddr = {s_at[63:3], 3'b000};
  assign m_axi_awlen = 8'(beats - 9'd1);
  assign m_axi_arlen = 8'(beats - 9'd1);
  wire legacy_raised = status[6] && irq_type[1:0] == IRQ_LEGACY;
  assign busy = state != IDLE || command != 32'h0 || intx_left != 32'h0;
  assign intx = legacy_raised && intx_left != 32'h0;

  // Write beat `beat` of this chunk: byte lane j holds chunk byte k*8+j-d_at[2:0].
  always_comb begin
    m_axi_wdata = 64'h0;
    m_axi_wstrb = 8'h0;
    for (int j = 0; j < 8; j++) begin
      logic [12:0] g = {1'b0, beat, 3'(j)} - {10'h0, d_at[2:0]};
      if ({1'b0, beat, 3'(j)} >= {10'h0, d_at[2:0]} && g < {1'b0, n}) begin
        m_axi_wdata[8*j+:8] = buffer[g[10:0]];
        m_axi_wstrb[j] = 1'b1;
      end
    end
  end

  // ---- BAR0 and BAR1 (one write and one read at a time each) ---------------
  logic [31:0] memory[128];
  assign s_bar0_awready = s_bar0_awvalid && s_bar0_wvalid && !s_bar0_bvalid;
  assign s_bar0_wready = s_bar0_awready;
  assign s_bar0_arready = s_bar0_arvalid && !s_bar0_rvalid;
  assign s_bar1_awready = s_bar1_awvalid && s_bar1_wvalid && !s_bar1_bvalid;
  assign s_bar1_wready = s_bar1_awready;
  assign s_bar1_arready = s_bar1_arvalid && !s_bar1_rvalid;
  wire unused = &{1'b0, s_bar0_awprot, s_bar0_arprot, s_bar1_awprot, s_bar1_arprot, s_bar0_awaddr[31:8],
                  s_bar0_araddr[31:8], s_bar1_awaddr[31:9], s_bar1_araddr[31:9], s_bar1_awaddr[1:0],
                  s_bar1_araddr[1:0], m_axi_bid, m_axi_rid, m_axi_rlast, flags[31:1], irq_type[31:2]};

  function automatic logic [31:0] merge(input logic [31:0] old, input logic [31:0] data, input logic [3:0] strb);
    logic [31:0] out = old;
    for (int i = 0; i < 4; i++) if (strb[i]) out[8*i+:8] = data[8*i+:8];
    return out;
  endfunction

  always_ff @(posedge clk) begin
    if (!resetn) begin
      s_bar1_bvalid <= 1'b0;
      s_bar1_rvalid <= 1'b0;
      s_bar1_bresp <= 2'b00;
      s_bar1_rresp <= 2'b00;
      s_bar1_rdata <= 32'h0;
    end else begin
      if (s_bar1_awready) begin
        memory[s_bar1_awaddr[8:2]] <= merge(memory[s_bar1_awaddr[8:2]], s_bar1_wdata, s_bar1_wstrb);
        s_bar1_bvalid <= 1'b1;
      end else if (s_bar1_bready) begin
        s_bar1_bvalid <= 1'b0;
      end
      if (s_bar1_arready) begin
        s_bar1_rdata <= memory[s_bar1_araddr[8:2]];
        s_bar1_rvalid <= 1'b1;
      end else if (s_bar1_rready) begin
        s_bar1_rvalid <= 1'b0;
      end
    end
  end

  always_ff @(posedge clk) begin
    if (!resetn) begin
      magic <= 32'h0; command <= 32'h0; status <= 32'h0; size <= 32'h0; checksum <= 32'h0;
      irq_type <= 32'h0; irq_number <= 32'h0; flags <= 32'h0; src <= 64'h0; dst <= 64'h0;
      s_bar0_bvalid <= 1'b0; s_bar0_bresp <= 2'b00;
      s_bar0_rvalid <= 1'b0; s_bar0_rresp <= 2'b00; s_bar0_rdata <= 32'h0;
      state <= IDLE; op <= 32'h0; done_bytes <= 32'h0; n <= 12'h0; s_at <= 64'h0; d_at <= 64'h0;
      beats <= 9'h0; beat <= 9'h0; filled <= 12'h0; crc <= 32'h0; lfsr <= 32'h1; dma_error <= 1'b0;
      m_axi_awvalid <= 1'b0; m_axi_wvalid <= 1'b0; m_axi_wlast <= 1'b0; m_axi_bready <= 1'b0;
      m_axi_arvalid <= 1'b0; m_axi_rready <= 1'b0; msi_req <= 1'b0; msi_vector <= 11'h0;
      intx_left <= 32'h0;
    end else begin
      // Register reads and writes from the host.
      if (s_bar0_awready) begin
        case (s_bar0_awaddr[7:0])
          8'h00: magic <= merge(magic, s_bar0_wdata, s_bar0_wstrb);
          8'h04: command <= merge(command, s_bar0_wdata, s_bar0_wstrb);
          8'h08: status <= merge(status, s_bar0_wdata, s_bar0_wstrb);
          8'h0c: src[31:0] <= merge(src[31:0], s_bar0_wdata, s_bar0_wstrb);
          8'h10: src[63:32] <= merge(src[63:32], s_bar0_wdata, s_bar0_wstrb);
          8'h14: dst[31:0] <= merge(dst[31:0], s_bar0_wdata, s_bar0_wstrb);
          8'h18: dst[63:32] <= merge(dst[63:32], s_bar0_wdata, s_bar0_wstrb);
          8'h1c: size <= merge(size, s_bar0_wdata, s_bar0_wstrb);
          8'h20: checksum <= merge(checksum, s_bar0_wdata, s_bar0_wstrb);
          8'h24: irq_type <= merge(irq_type, s_bar0_wdata, s_bar0_wstrb);
          8'h28: irq_number <= merge(irq_number, s_bar0_wdata, s_bar0_wstrb);
          8'h2c: flags <= merge(flags, s_bar0_wdata, s_bar0_wstrb);
          default: ;
        endcase
        s_bar0_bvalid <= 1'b1;
      end else if (s_bar0_bready) begin
        s_bar0_bvalid <= 1'b0;
      end
      if (s_bar0_arready) begin
        s_bar0_rdata <= read_register(s_bar0_araddr[7:0]);
        s_bar0_rvalid <= 1'b1;
      end else if (s_bar0_rready) begin
        s_bar0_rvalid <= 1'b0;
      end

      lfsr <= {lfsr[30:0], lfsr[31] ^ lfsr[21] ^ lfsr[1] ^ lfsr[0]};
      // The pulse ends early once the driver clears IRQ_RAISED (Linux 6.1),
      // and then the clock may stop.
      if (intx_left != 32'h0) intx_left <= legacy_raised ? intx_left - 32'h1 : 32'h0;

      case (state)
        IDLE: if (command != 32'h0 && !s_bar0_awready) begin
          op <= command;
          command <= 32'h0;
          status <= 32'h0;
          state <= START;
        end
        START: begin
          done_bytes <= 32'h0;
          crc <= 32'hffffffff;
          dma_error <= 1'b0;
          if ((op & (CMD_LEGACY | CMD_MSI | CMD_MSIX)) != 0) begin
            status <= ST_IRQ;
            state <= RAISE;
          end else if (size == 32'h0) begin
            state <= DONE;
          end else begin
            state <= CHUNK;
          end
        end
        CHUNK: begin
          s_at <= src + {32'h0, done_bytes};
          d_at <= dst + {32'h0, done_bytes};
          n <= chunk_bytes(remaining, src[11:0] + done_bytes[11:0], dst[11:0] + done_bytes[11:0]);
          beat <= 9'h0;
          filled <= 12'h0;
          state <= reads_host ? RD_ADDR : FILL;
        end
        RD_ADDR: begin
          beats <= beats_for(s_at[2:0], n);
          m_axi_arvalid <= 1'b1;
          if (m_axi_arvalid && m_axi_arready) begin
            m_axi_arvalid <= 1'b0;
            m_axi_rready <= 1'b1;
            state <= RD_DATA;
          end
        end
        RD_DATA: if (m_axi_rvalid && m_axi_rready) begin
          logic [31:0] c = crc;
          for (int j = 0; j < 8; j++) begin
            logic [12:0] g = {1'b0, beat, 3'(j)} - {10'h0, s_at[2:0]};
            if ({1'b0, beat, 3'(j)} >= {10'h0, s_at[2:0]} && g < {1'b0, n}) begin
              buffer[g[10:0]] <= m_axi_rdata[8*j+:8];
              c = crc_byte(c, m_axi_rdata[8*j+:8]);
            end
          end
          crc <= c;
          if (m_axi_rresp != 2'b00) dma_error <= 1'b1;
          beat <= beat + 9'h1;
          if (beat + 9'h1 == beats) begin
            m_axi_rready <= 1'b0;
            beat <= 9'h0;
            state <= writes_host ? WR_ADDR : DONE;
          end
        end
        FILL: begin  // WRITE: this chunk's bytes, 8 a cycle, from the LFSR, into the CRC
          logic [31:0] c = crc;
          for (int j = 0; j < 8; j++) begin
            logic [11:0] g = filled + 12'(j);
            logic [7:0] b = lfsr[8*(j%4)+:8] ^ 8'(j * 37);
            if (g < n) begin
              buffer[g[10:0]] <= b;
              c = crc_byte(c, b);
            end
          end
          crc <= c;
          filled <= filled + 12'h8;
          if (filled + 12'h8 >= n) state <= WR_ADDR;
        end
        WR_ADDR: begin
          beats <= beats_for(d_at[2:0], n);
          m_axi_awvalid <= 1'b1;
          if (m_axi_awvalid && m_axi_awready) begin
            m_axi_awvalid <= 1'b0;
            m_axi_wvalid <= 1'b1;
            m_axi_wlast <= beats == 9'h1;
            state <= WR_DATA;
          end
        end
        WR_DATA: if (m_axi_wvalid && m_axi_wready) begin
          beat <= beat + 9'h1;
          m_axi_wlast <= beat + 9'h2 == beats;
          if (beat + 9'h1 == beats) begin
            m_axi_wvalid <= 1'b0;
            m_axi_wlast <= 1'b0;
            m_axi_bready <= 1'b1;
            state <= WR_RESP;
          end
        end
        WR_RESP: if (m_axi_bvalid && m_axi_bready) begin
          m_axi_bready <= 1'b0;
          if (m_axi_bresp != 2'b00) dma_error <= 1'b1;
          state <= DONE;
        end
        DONE: begin  // a chunk (or the whole command) is through
          if (!dma_error && done_bytes + {20'h0, n} < size && size != 32'h0) begin
            done_bytes <= done_bytes + {20'h0, n};
            state <= CHUNK;
          end else begin
            if ((op & CMD_WRITE) != 0) begin
              checksum <= crc;
              status <= (dma_error ? ST_WRITE_FAIL : ST_WRITE_OK) | ST_IRQ;
            end else if ((op & CMD_READ) != 0) begin
              status <= (dma_error || crc != checksum ? ST_READ_FAIL : ST_READ_OK) | ST_IRQ;
            end else begin
              status <= (dma_error ? ST_COPY_FAIL : ST_COPY_OK) | ST_IRQ;
            end
            state <= RAISE;
          end
        end
        RAISE: begin  // legacy: the level follows STATUS; MSI and MSI-X: a message
          if (irq_type[1:0] == IRQ_LEGACY || irq_number == 32'h0) begin
            if (irq_type[1:0] == IRQ_LEGACY) intx_left <= INTX_PULSE_CYCLES;
            state <= IDLE;
          end else if (!msi_req) begin
            msi_req <= 1'b1;
            msi_vector <= 11'(irq_number - 32'h1);
          end else if (msi_ack) begin
            msi_req <= 1'b0;
            state <= IDLE;
          end
        end
        default: state <= IDLE;
      endcase
    end
  end
endmodule
