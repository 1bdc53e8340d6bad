// loom,virtio-blk's parameters and image file: one-line errors naming the
// device and what was wrong. Only HoldsItsImageLocked elaborates; the
// others run many to a process.

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include "test_virtio_blk_driver.h"
#include "virtio-blk/virtio_blk.h"

namespace loom::tlm_devices::testing {
namespace {

constexpr char type[] = "loom,virtio-blk";

std::string creation_error(const ModelParams& params, uint64_t size = 0x1000) {
  try {
    create_model(type, "vd0", size, params);
  } catch (const ModelError& error) {
    const std::string message = error.what();
    EXPECT_EQ(message.find('\n'), std::string::npos) << "not one line: " << message;
    return message;
  }
  ADD_FAILURE() << "no ModelError";
  return {};
}

TEST(VirtioBlkParams, IsRegistered) {
  const auto types = model_types();
  EXPECT_NE(std::find(types.begin(), types.end(), type), types.end());
}

TEST(VirtioBlkParams, ImageIsRequired) {
  EXPECT_EQ(creation_error({}), "loom,virtio-blk 'vd0': parameter 'image' (the raw disk image file) is required");
  EXPECT_EQ(creation_error({{"image", ""}}), "loom,virtio-blk 'vd0': parameter 'image' is empty");
}

TEST(VirtioBlkParams, MissingFileIsNamed) {
  EXPECT_EQ(creation_error({{"image", "/nonexistent/disk.img"}}),
            "loom,virtio-blk 'vd0': cannot open image '/nonexistent/disk.img' for writing: No such file or directory");
  EXPECT_EQ(creation_error({{"image", "/nonexistent/disk.img"}, {"readonly", "1"}}),
            "loom,virtio-blk 'vd0': cannot open image '/nonexistent/disk.img': No such file or directory");
}

TEST(VirtioBlkParams, FileMustBeWholeSectors) {
  TempImage image(2, "odd");
  image.write(1024, std::vector<uint8_t>(100, 1));
  EXPECT_EQ(creation_error({{"image", image.path}}),
            "loom,virtio-blk 'vd0': image '" + image.path + "' is 1124 bytes, not a multiple of 512");
}

TEST(VirtioBlkParams, EmptyFileAndDirectoryAreRejected) {
  TempImage image(0, "empty");
  EXPECT_EQ(creation_error({{"image", image.path}}), "loom,virtio-blk 'vd0': image '" + image.path + "' is empty");
  EXPECT_EQ(creation_error({{"image", "/tmp"}, {"readonly", "1"}}),
            "loom,virtio-blk 'vd0': image '/tmp' is not a regular file");
}

TEST(VirtioBlkParams, ReadOnlyFileOpensWithReadonly) {
  TempImage image(4, "ro");
  ASSERT_EQ(::chmod(image.path.c_str(), 0444), 0);
  const auto config = virtio_blk::parse_config("vd0", 0x1000, blk_params(image, {{"readonly", "1"}}));
  EXPECT_TRUE(config.readonly);
  EXPECT_NO_THROW(virtio_blk::DiskImage::open("vd0", image.path, true));
  if (::geteuid() != 0) {  // root may write anything
    const std::string message = creation_error(blk_params(image));
    EXPECT_NE(message.find("for writing: Permission denied"), std::string::npos) << message;
  }
}

TEST(VirtioBlkParams, UnknownAndBadParametersAreNamed) {
  TempImage image(4, "params");
  EXPECT_EQ(creation_error(blk_params(image, {{"queue_size", "8"}})),
            "loom,virtio-blk 'vd0': unknown parameter 'queue_size' (known: image, latency_ns, overlay, readonly, serial)");
  EXPECT_EQ(creation_error(blk_params(image, {{"readonly", "2"}})),
            "loom,virtio-blk 'vd0': parameter 'readonly' = 2 exceeds the maximum 1");
  EXPECT_EQ(creation_error(blk_params(image, {{"readonly", "yes"}})),
            "loom,virtio-blk 'vd0': parameter 'readonly' must be an unsigned integer, got 'yes'");
  EXPECT_EQ(creation_error(blk_params(image, {{"latency_ns", "10us"}})),
            "loom,virtio-blk 'vd0': parameter 'latency_ns' must be an unsigned integer, got '10us'");
  EXPECT_EQ(creation_error(blk_params(image, {{"serial", "123456789012345678901"}})),
            "loom,virtio-blk 'vd0': parameter 'serial' is 21 bytes, at most 20");
  EXPECT_EQ(creation_error(blk_params(image), 0x100),
            "loom,virtio-blk 'vd0': size 0x100 is smaller than the register map (0x200)");
}

TEST(VirtioBlkParams, ParsesDefaultsAndValues) {
  TempImage image(4, "parse");
  const auto defaults = virtio_blk::parse_config("a-rather-long-instance-name", 0x1000, blk_params(image));
  EXPECT_EQ(defaults.image, image.path);
  EXPECT_FALSE(defaults.readonly);
  EXPECT_EQ(defaults.latency, ns(10000));
  EXPECT_EQ(defaults.serial, "a-rather-long-instan");  // the name, cut to 20 bytes
  const auto set = virtio_blk::parse_config(
      "vd0", 0x200, blk_params(image, {{"latency_ns", "0x100"}, {"readonly", "0"}, {"serial", ""}}));
  EXPECT_EQ(set.latency, ns(256));
  EXPECT_EQ(set.serial, "");
}

using VirtioBlkImage = TlmTest;

TEST_F(VirtioBlkImage, HoldsItsImageLocked) {
  TempImage image(8, "locked");
  Testbench tb(blk_params(image), 0x1000, type);
  EXPECT_EQ(dynamic_cast<virtio_blk::VirtioBlk&>(*tb.device).capacity_sectors(), 8u);
  EXPECT_EQ(creation_error(blk_params(image)),
            "loom,virtio-blk 'vd0': image '" + image.path + "' is in use by another device or process");
  EXPECT_EQ(creation_error(blk_params(image, {{"readonly", "1"}})),
            "loom,virtio-blk 'vd0': image '" + image.path + "' is in use by another device or process");
}

}  // namespace
}  // namespace loom::tlm_devices::testing
