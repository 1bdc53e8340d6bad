#pragma once
// A device that lives in a device server: a cpu::Device on the CPU bus that
// forwards every access over its server's link.

#include <string>

#include "cpu/server_link.h"
#include "loom/cpu/bus.h"
#include "loom/cpu/snapshot.h"

namespace loom::bridge {

class RemoteDevice final : public cpu::Device {
 public:
  // `bar_window`: a PCIe function's BAR, mapped where the guest assigned it.
  RemoteDevice(std::string name, uint64_t base, ServerLink& link, bool bar_window = false)
      : name_(std::move(name)), base_(base), link_(link), bar_window_(bar_window) {}
  const std::string& name() const override { return name_; }
  // Its state lives in the device server and is saved with it (the
  // server's section); a BAR window is mapped again from the restored BAR.
  void save(cpu::StateWriter&) const override {}
  void restore(cpu::StateReader&) override {}
  bool in_snapshot_layout() const override { return !bar_window_; }
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
  bool bar_window_;
};

}  // namespace loom::bridge
