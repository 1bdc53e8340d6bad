#pragma once
// A device that lives in a device server: a cpu::Device on the CPU bus that
// forwards every access over its server's link.

#include <fmt/format.h>

#include <string>

#include "cpu/server_link.h"
#include "loom/cpu/bus.h"
#include "loom/cpu/snapshot.h"

namespace loom::bridge {

class RemoteDevice final : public cpu::Device {
 public:
  RemoteDevice(std::string name, uint64_t base, ServerLink& link) : name_(std::move(name)), base_(base), link_(link) {}
  const std::string& name() const override { return name_; }
  // Its state lives in the device server, whose models cannot be saved yet.
  void save(cpu::StateWriter&) const override {
    throw cpu::SnapshotError(fmt::format("device {} is a model in device server {}, and device servers cannot be "
                                         "saved in a snapshot yet",
                                         name_, link_.name()));
  }
  bool read(const cpu::AccessContext& ctx, uint64_t offset, unsigned size, uint64_t& value) override {
    return link_.read(ctx, name_, base_ + offset, size, all_bytes(size), value);
  }
  bool write(const cpu::AccessContext& ctx, uint64_t offset, unsigned size, uint64_t value) override {
    return link_.write(ctx, name_, base_ + offset, size, all_bytes(size), value);
  }
  // Byte enables travel to the model (TLM byte-enable array).
  bool read_enabled(const cpu::AccessContext& ctx, uint64_t offset, unsigned size, uint8_t byte_enable,
                    uint64_t& value) override {
    return link_.read(ctx, name_, base_ + offset, size, byte_enable, value);
  }
  bool write_enabled(const cpu::AccessContext& ctx, uint64_t offset, unsigned size, uint8_t byte_enable,
                     uint64_t value) override {
    return link_.write(ctx, name_, base_ + offset, size, byte_enable, value);
  }

 private:
  std::string name_;
  uint64_t base_;
  ServerLink& link_;
};

}  // namespace loom::bridge
