#pragma once
// Berkeley HTIF (host-target interface) as Spike and QEMU's spike machine
// provide it: two 64-bit words in guest RAM, `tohost` (guest -> host
// commands) and `fromhost` (host -> guest responses). Supported: the exit
// command riscv-tests and bare-metal programs use, and console output.
// Syscall proxying (pk) is not supported.
//
// Command word: device in bits 63:56, command in bits 55:48, payload in
// bits 47:0. Zero means "no command".

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

#include "loom/cpu/bus.h"

namespace loom::cpu {

namespace htif_protocol {
constexpr unsigned device_shift = 56;
constexpr unsigned command_shift = 48;
constexpr uint64_t payload_mask = (1ull << command_shift) - 1;

constexpr uint8_t device_system = 0;
constexpr uint8_t system_command_syscall = 0;  // payload bit 0 set: exit with code payload >> 1

constexpr uint8_t device_console = 1;
constexpr uint8_t console_command_getchar = 0;
constexpr uint8_t console_command_putchar = 1;
constexpr uint64_t console_response_valid = 0x100;  // ORed with the byte in a console response
}  // namespace htif_protocol

class Htif {
 public:
  // Exit code reported when the guest issues a command Loom does not
  // support; error() then says which.
  static constexpr int unsupported_command_exit_code = 1;

  // Installs a write watch on tohost. Both words must lie in RAM mapped on
  // `bus` (std::invalid_argument otherwise). Without a fromhost address the
  // console responses are not written. `console` receives the guest's output.
  Htif(Bus& bus, uint64_t tohost_address, std::optional<uint64_t> fromhost_address, std::ostream& console);
  // The write watch captures `this`.
  Htif(const Htif&) = delete;
  Htif& operator=(const Htif&) = delete;

  // The guest asked to stop: by the exit command, or by issuing a command
  // Loom does not support (then error() is non-empty).
  bool exit_requested() const { return exit_requested_; }
  int exit_code() const { return exit_code_; }
  // Empty unless the exit was caused by an unsupported command.
  std::string error() const { return error_; }

 private:
  void on_tohost_store();
  void handle_command(uint64_t command);
  void put_console_byte(uint64_t command);
  // Acknowledges a command the way QEMU does: fromhost := the command's
  // device and command fields with `response` as payload, then tohost := 0.
  void respond(uint64_t command, uint64_t response);
  // Tells the guest the command was taken. Plain RAM write: no watch fires.
  void clear_tohost();
  void fail(uint64_t command, const std::string& why);

  Bus& bus_;
  uint64_t tohost_address_;
  std::optional<uint64_t> fromhost_address_;
  std::ostream& console_;
  bool exit_requested_ = false;
  int exit_code_ = 0;
  std::string error_;
};

}  // namespace loom::cpu
