// The physical bus: overlap rejection, ROM, unmapping, and misaligned device
// accesses carried as aligned words with byte enables.
#include <gtest/gtest.h>

#include <vector>

#include "loom/cpu/bus.h"

namespace loom::cpu {
namespace {

// Records every access it sees; supports byte enables over 8 bytes of storage.
class Recorder final : public Device {
 public:
  struct Access {
    bool write;
    uint64_t offset;
    unsigned size;
    uint8_t enable;
    uint64_t value;
  };
  const std::string& name() const override { return name_; }
  bool read(const AccessContext& ctx, uint64_t offset, unsigned size, uint64_t& value) override {
    return read_enabled(ctx, offset, size, all_bytes(size), value);
  }
  bool write(const AccessContext& ctx, uint64_t offset, unsigned size, uint64_t value) override {
    return write_enabled(ctx, offset, size, all_bytes(size), value);
  }
  bool read_enabled(const AccessContext&, uint64_t offset, unsigned size, uint8_t enable, uint64_t& value) override {
    value = 0;
    for (unsigned i = 0; i < size; ++i)
      if ((enable >> i) & 1) value |= static_cast<uint64_t>(bytes[offset + i]) << (8 * i);
    log.push_back({false, offset, size, enable, value});
    return true;
  }
  bool write_enabled(const AccessContext&, uint64_t offset, unsigned size, uint8_t enable, uint64_t value) override {
    for (unsigned i = 0; i < size; ++i)
      if ((enable >> i) & 1) bytes[offset + i] = static_cast<uint8_t>(value >> (8 * i));
    log.push_back({true, offset, size, enable, value});
    return true;
  }
  std::vector<uint8_t> bytes = std::vector<uint8_t>(32, 0);
  std::vector<Access> log;

 private:
  std::string name_ = "recorder";
};

TEST(Bus, OverlapsAreRejectedWithBothNames) {
  Bus bus;
  bus.map_ram(0x80000000, 0x1000);
  Recorder dev;
  try {
    bus.map_device(0x80000800, 0x1000, dev);
    FAIL() << "overlap accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("recorder [0x80000800, 0x80001800) overlaps ram"), std::string::npos)
        << e.what();
  }
}

TEST(Bus, RomIsReadableNotWritable) {
  Bus bus;
  bus.map_rom(0x1000, 0x1000, {0x11, 0x22, 0x33, 0x44});
  uint64_t v = 0;
  ASSERT_TRUE(bus.read({}, 0x1000, 4, v));
  EXPECT_EQ(v, 0x44332211u);
  EXPECT_FALSE(bus.write({}, 0x1000, 4, 0));
  EXPECT_FALSE(bus.page_is_plain_ram(0x1000, 0x1000, true));
  EXPECT_TRUE(bus.page_is_plain_ram(0x1000, 0x1000, false));
  EXPECT_THROW(bus.write_bytes(0x1000, "x", 1), std::out_of_range);
}

TEST(Bus, UnmapRemovesTheDevice) {
  Bus bus;
  Recorder dev;
  bus.map_device(0x10000000, 0x20, dev);
  uint64_t v;
  EXPECT_TRUE(bus.read({}, 0x10000000, 4, v));
  bus.unmap(dev);
  EXPECT_FALSE(bus.read({}, 0x10000000, 4, v));
  EXPECT_EQ(bus.describe(0x10000000), "unmapped");
}

TEST(Bus, MisalignedDeviceAccessBecomesByteEnabledWords) {
  Bus bus;
  Recorder dev;
  bus.map_device(0x10000000, 0x20, dev);
  // 4 bytes at offset 6 straddle the words at 0 and 8.
  ASSERT_TRUE(bus.write({}, 0x10000006, 4, 0xddccbbaa));
  ASSERT_EQ(dev.log.size(), 2u);
  EXPECT_EQ(dev.log[0].offset, 0u);
  EXPECT_EQ(dev.log[0].size, 8u);
  EXPECT_EQ(dev.log[0].enable, 0xc0);
  EXPECT_EQ(dev.log[1].offset, 8u);
  EXPECT_EQ(dev.log[1].enable, 0x03);
  EXPECT_EQ(dev.bytes[6], 0xaa);
  EXPECT_EQ(dev.bytes[9], 0xdd);
  uint64_t v = 0;
  ASSERT_TRUE(bus.read({}, 0x10000006, 4, v));
  EXPECT_EQ(v, 0xddccbbaau);
  // Within one word: a single access with the middle bytes enabled.
  dev.log.clear();
  ASSERT_TRUE(bus.read({}, 0x10000003, 2, v));
  ASSERT_EQ(dev.log.size(), 1u);
  EXPECT_EQ(dev.log[0].enable, 0x18);
}

}  // namespace
}  // namespace loom::cpu
