// BUFFER: plain storage taking any access of 1..8 bytes at any alignment,
// with byte enables honoured on writes and disabled lanes reading as zero.

#include "test-device/registers.h"
#include "testbench.h"

namespace loom::tlm_devices::testing {
namespace {

using namespace test_device;

using Buffer = TlmTest;

// The value the buffer is filled with at `offset` in these tests.
uint8_t pattern(uint64_t offset) { return static_cast<uint8_t>(0x30 + offset * 13); }

void fill(Testbench& tb) {
  for (uint64_t i = 0; i < buffer_size; ++i) {
    ASSERT_EQ(tb.write(regs::buffer + i, 1, pattern(i)).status, tlm::TLM_OK_RESPONSE);
  }
}

TEST_F(Buffer, StartsZeroed) {
  Testbench tb;
  tb.run([&] {
    for (uint64_t i = 0; i < buffer_size; i += 8) EXPECT_EQ(tb.read64(regs::buffer + i), 0u);
  });
}

TEST_F(Buffer, EveryLengthAtEveryAlignmentReads) {
  Testbench tb;
  tb.run([&] {
    fill(tb);
    for (unsigned length = 1; length <= 8; ++length) {
      for (uint64_t start = 0; start + length <= buffer_size; ++start) {
        const MmioResult result = tb.read(regs::buffer + start, length);
        ASSERT_EQ(result.status, tlm::TLM_OK_RESPONSE) << start << "+" << length;
        for (unsigned i = 0; i < length; ++i) ASSERT_EQ(result.data[i], pattern(start + i)) << start << "+" << i;
      }
    }
  });
}

TEST_F(Buffer, EveryLengthAtEveryAlignmentWritesOnlyItsBytes) {
  Testbench tb;
  tb.run([&] {
    for (unsigned length = 1; length <= 8; ++length) {
      for (uint64_t start = 0; start + length <= buffer_size; start += 3) {
        fill(tb);
        ASSERT_EQ(tb.write(regs::buffer + start, length, 0xa1a2'a3a4'a5a6'a7a8).status, tlm::TLM_OK_RESPONSE);
        for (uint64_t i = 0; i < buffer_size; ++i) {
          const bool inside = i >= start && i < start + length;
          const uint8_t expected = inside ? static_cast<uint8_t>(0xa8 - (i - start)) : pattern(i);
          ASSERT_EQ(tb.read(regs::buffer + i, 1).value, expected) << start << "+" << length << " byte " << i;
        }
      }
    }
  });
}

TEST_F(Buffer, WritesOnlyEnabledBytes) {
  Testbench tb;
  tb.run([&] {
    tb.write64(regs::buffer + 0x10, 0x1111'1111'1111'1111);
    const std::vector<uint8_t> enables = {0xff, 0, 0, 0xff, 0, 0xff, 0xff, 0};
    ASSERT_EQ(tb.write(regs::buffer + 0x10, 8, 0x8877'6655'4433'2211, enables).status, tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(tb.read64(regs::buffer + 0x10), 0x1177'6611'4411'1111u);
    // All lanes disabled: an accepted write that changes nothing.
    ASSERT_EQ(tb.write(regs::buffer + 0x10, 8, 0, std::vector<uint8_t>(8, 0)).status, tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(tb.read64(regs::buffer + 0x10), 0x1177'6611'4411'1111u);
    // Misaligned, odd length.
    ASSERT_EQ(tb.write(regs::buffer + 0x13, 3, 0xccbbaa, {0, 0xff, 0}).status, tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(tb.read64(regs::buffer + 0x10), 0x1177'66bb'4411'1111u);
  });
}

TEST_F(Buffer, ShortByteEnablePatternRepeats) {
  Testbench tb;
  tb.run([&] {
    ASSERT_EQ(tb.write(regs::buffer, 8, 0x0807'0605'0403'0201, {0xff, 0}).status, tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(tb.read64(regs::buffer), 0x0007'0005'0003'0001u);
  });
}

TEST_F(Buffer, DisabledLanesReadAsZero) {
  Testbench tb;
  tb.run([&] {
    tb.write64(regs::buffer + 0x20, 0x8877'6655'4433'2211);
    const MmioResult result = tb.read(regs::buffer + 0x20, 8, {0, 0xff, 0xff, 0, 0, 0, 0, 0xff});
    ASSERT_EQ(result.status, tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(result.data, (std::vector<uint8_t>{0, 0x22, 0x33, 0, 0, 0, 0, 0x88}));
  });
}

TEST_F(Buffer, AccessesLeavingTheBufferAreAddressErrors) {
  Testbench tb;
  tb.run([&] {
    EXPECT_EQ(tb.read(regs::buffer + buffer_size - 4, 8).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(tb.write(regs::buffer + buffer_size - 1, 2, 0).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(tb.read(regs::buffer - 1, 2).status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(tb.read(regs::buffer + buffer_size - 1, 1).status, tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(tb.read(regs::buffer + 8, 9).status, tlm::TLM_BURST_ERROR_RESPONSE);
  });
}

TEST_F(Buffer, DebugTransportReachesTheBuffer) {
  Testbench tb;
  tb.run([&] {
    uint8_t data[4] = {1, 2, 3, 4};
    tlm::tlm_generic_payload trans;
    trans.set_command(tlm::TLM_WRITE_COMMAND);
    trans.set_address(regs::buffer + buffer_size - 2);
    trans.set_data_ptr(data);
    trans.set_data_length(4);
    EXPECT_EQ(tb.mmio->transport_dbg(trans), 2u);  // clipped at the end of the buffer
    EXPECT_EQ(tb.read(regs::buffer + buffer_size - 2, 2).value, 0x0201u);
    trans.set_address(regs::scratch);
    EXPECT_EQ(tb.mmio->transport_dbg(trans), 0u);
  });
}

}  // namespace
}  // namespace loom::tlm_devices::testing
