#include "virtio-blk/virtio_blk.h"

#include <algorithm>
#include <set>

#include "common/params.h"
#include "common/sc_time_util.h"
#include "virtio-blk/registers.h"
#include "virtio/virtio.h"

namespace loom::tlm_devices::virtio_blk {
namespace {

std::string device_label(const std::string& name) { return std::string(type_name) + " '" + name + "'"; }

// ParamReader reads numbers only: the string parameters are taken out
// here, and unknown names are checked against the full list first, so that
// its message lists them all.
std::string take(ModelParams& params, const std::string& key) {
  auto it = params.find(key);
  if (it == params.end()) return {};
  std::string value = it->second;
  params.erase(it);
  return value;
}

void reject_unknown(const ParamReader& reader, const ModelParams& params) {
  const std::set<std::string> known = {param::image, param::readonly, param::overlay, param::latency_ns,
                                       param::serial};
  for (const auto& [key, value] : params) {
    if (known.count(key)) continue;
    std::string list;
    for (const std::string& name : known) list += (list.empty() ? "" : ", ") + name;
    reader.fail("unknown parameter '" + key + "' (known: " + list + ")");
  }
}

uint64_t offered_features(const Config& config) {
  using virtio::bit;
  uint64_t features = bit(virtio::feature::version_1) | bit(virtio::feature::ring_indirect_desc) |
                      bit(feature::seg_max) | bit(feature::blk_size) | bit(feature::flush);
  if (config.readonly) features |= bit(feature::ro);
  return features;
}

virtio::TransportConfig make_transport_config(const std::string& name, const Config& config) {
  virtio::TransportConfig transport;
  transport.device = device_label(name);
  transport.size = config.size;
  transport.device_id = virtio::device_id_block;
  transport.features = offered_features(config);
  transport.num_queues = 1;
  transport.queue_size_max = queue_size_max;
  return transport;
}

}  // namespace

Config parse_config(const std::string& name, uint64_t size, const ModelParams& params) {
  ModelParams numbers = params;
  Config config;
  config.size = size;
  config.image = take(numbers, param::image);
  const bool serial_given = numbers.count(param::serial) != 0;
  config.serial = take(numbers, param::serial);
  ParamReader reader(device_label(name), numbers);
  reject_unknown(reader, params);
  config.readonly = reader.get_uint(param::readonly, 0, 1) != 0;
  config.overlay = reader.get_uint(param::overlay, 0, 1) != 0;
  config.latency = time_from_ns(reader.get_uint(param::latency_ns, param::default_latency_ns, max_time_ns()));
  reader.reject_unknown();

  if (params.count(param::image) == 0) reader.fail("parameter 'image' (the raw disk image file) is required");
  if (config.image.empty()) reader.fail("parameter 'image' is empty");
  if (!serial_given) config.serial = name.substr(0, id_bytes);
  if (config.serial.size() > id_bytes) {
    reader.fail("parameter 'serial' is " + std::to_string(config.serial.size()) + " bytes, at most " +
                std::to_string(id_bytes));
  }
  if (size < virtio::mmio::min_size) {
    reader.fail("size " + hex(size) + " is smaller than the register map (" +
                hex(virtio::mmio::min_size) + ")");
  }
  return config;
}

std::unique_ptr<Model> make_virtio_blk(const std::string& name, uint64_t size, const ModelParams& params,
                                       HostServices* services) {
  (void)services;  // a disk needs no host services
  // Parameters and the image are checked before the module exists, so a bad
  // one leaves no half-built module in the hierarchy.
  const Config config = parse_config(name, size, params);
  DiskImage image = DiskImage::open(device_label(name), config.image, config.readonly, config.overlay);
  return std::make_unique<VirtioBlk>(name.c_str(), config, std::move(image));
}

VirtioBlk::VirtioBlk(sc_core::sc_module_name name, const Config& config, DiskImage image)
    : MmioTransport(name, make_transport_config(static_cast<const char*>(name), config)),
      config_(config),
      image_(std::move(image)),
      capacity_sectors_(image_.size_bytes() / sector_bytes),
      config_space_(config::bytes, 0),
      transfer_buffer_(virtio::max_transaction_bytes) {
  virtio::store_le(&config_space_[config::capacity], 8, capacity_sectors_);
  virtio::store_le(&config_space_[config::seg_max], 4, seg_max);
  virtio::store_le(&config_space_[config::blk_size], 4, block_size);
  virtio::store_le(&config_space_[config::num_queues], 2, 1);
}

void VirtioBlk::read_config(uint64_t offset, uint8_t* data, unsigned length) const {
  for (unsigned i = 0; i < length; ++i) {
    data[i] = offset + i < config_space_.size() ? config_space_[offset + i] : 0;
  }
}

}  // namespace loom::tlm_devices::virtio_blk
