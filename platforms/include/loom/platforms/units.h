#pragma once
// Numbers with units as platform files and the command line write them.
// All results are integers: sizes and addresses in bytes, frequencies in Hz,
// durations in picoseconds.

#include <cstdint>
#include <stdexcept>
#include <string>

namespace loom::platforms {

struct UnitError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

// Every number is decimal or 0x hex: "010" is ten, not octal; no sign.
// "4096", "0x1000".
uint64_t parse_number(const std::string& text);
// "4096", "0x1000", "64KiB", "512MiB", "2GiB".
uint64_t parse_size(const std::string& text);
// "10000000", "10MHz", "1GHz", "32768Hz", "100kHz".
uint64_t parse_frequency(const std::string& text);
// "10us", "1ms", "500ns", "1000ps" (no bare numbers: the unit matters).
uint64_t parse_duration_ps(const std::string& text);

// A device server's address: "unix:/path", or "HOST:PORT", ":PORT",
// "[V6]:PORT" with PORT 1..65535 (0 too if `any_port`: a listener picks a
// free one). Throws UnitError naming what is wrong.
void check_server_address(const std::string& address, bool any_port);

}  // namespace loom::platforms
