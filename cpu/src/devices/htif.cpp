#include "devices/htif.h"

#include <fmt/format.h>

#include <stdexcept>

namespace loom::cpu {

namespace {

void require_ram(Bus& bus, uint64_t address, const char* what) {
  if (bus.ram_pointer(address, 8) == nullptr) {
    throw std::invalid_argument(
        fmt::format("HTIF {} at {:#x} is not 8 bytes of RAM (found {})", what, address, bus.describe(address)));
  }
}

}  // namespace

Htif::Htif(Bus& bus, uint64_t tohost_address, std::optional<uint64_t> fromhost_address, std::ostream& console)
    : bus_(bus), tohost_address_(tohost_address), fromhost_address_(fromhost_address), console_(console) {
  require_ram(bus_, tohost_address_, "tohost");
  if (fromhost_address_) require_ram(bus_, *fromhost_address_, "fromhost");
  // The whole word is examined after every store into it, as Spike's host
  // polls it: a non-zero tohost is a command. RV64 guests write it with one
  // 64-bit store; riscv-tests' low-half store of an exit code also works.
  bus_.add_write_watch(tohost_address_, 8, [this](const AccessContext&, uint64_t) { on_tohost_store(); });
}

void Htif::on_tohost_store() {
  if (exit_requested_) return;  // the first exit stands
  uint64_t command = 0;
  bus_.read_bytes(tohost_address_, &command, sizeof command);
  if (command != 0) handle_command(command);
}

void Htif::handle_command(uint64_t command) {
  using namespace htif_protocol;
  const auto device = static_cast<uint8_t>(command >> device_shift);
  const auto cmd = static_cast<uint8_t>(command >> command_shift);
  const uint64_t payload = command & payload_mask;

  if (device == device_system && cmd == system_command_syscall) {
    if (payload & 1) {
      // As QEMU: the code is payload >> 1 truncated to int, tohost is left
      // as written.
      exit_requested_ = true;
      exit_code_ = static_cast<int>(payload >> 1);
      return;
    }
    fail(command, fmt::format("syscall proxying (pk) is not supported; the request block is at {:#x}", payload));
    return;
  }
  if (device == device_console && cmd == console_command_putchar) {
    put_console_byte(command);
    return;
  }
  if (device == device_console && cmd == console_command_getchar) {
    // No console input is modelled. Spike and QEMU answer a read only once
    // a character arrives, so the request is taken (tohost := 0) and
    // fromhost stays untouched: the guest sees "no character" (OpenSBI's
    // htif_getc returns -1).
    clear_tohost();
    return;
  }
  fail(command, fmt::format("device {} command {} is not supported", device, cmd));
}

void Htif::put_console_byte(uint64_t command) {
  const auto byte = static_cast<uint8_t>(command);
  console_.put(static_cast<char>(byte));
  // Whole lines reach the terminal promptly without a flush per byte.
  if (byte == '\n') console_.flush();
  respond(command, htif_protocol::console_response_valid | byte);
}

void Htif::respond(uint64_t command, uint64_t response) {
  if (fromhost_address_) {
    const uint64_t device_and_command = command & ~htif_protocol::payload_mask;
    const uint64_t fromhost = device_and_command | (response & htif_protocol::payload_mask);
    bus_.write_bytes(*fromhost_address_, &fromhost, sizeof fromhost);
  }
  clear_tohost();
}

void Htif::clear_tohost() {
  const uint64_t zero = 0;
  bus_.write_bytes(tohost_address_, &zero, sizeof zero);
}

void Htif::fail(uint64_t command, const std::string& why) {
  exit_requested_ = true;
  exit_code_ = unsupported_command_exit_code;
  error_ = fmt::format("HTIF: unsupported command tohost={:#018x}: {}", command, why);
}

}  // namespace loom::cpu
