#pragma once
// GDB's remote serial protocol at the byte level: packets `$payload#cs`
// with a modulo-256 checksum, the acknowledgements `+` and `-`, the
// interrupt byte 0x03 sent outside packets, the binary escape `}` (the
// byte XOR 0x20), and the hex encodings packets carry numbers and data in.
// Nothing here knows what a packet means (session.h does).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace loom::debug::rsp {

// Sum of the bytes modulo 256.
uint8_t checksum(std::string_view payload);

// `$payload#cs`, with `$`, `#`, `}` and `*` in the payload escaped (a `*`
// would read as run-length encoding).
std::string frame(std::string_view payload);

// Binary data as an X packet or a qXfer reply carries it.
std::string escape_binary(std::string_view data);
std::string unescape_binary(std::string_view data);

// What arrives from GDB, in order.
struct Event {
  enum class Kind { Packet, BadPacket, Interrupt, Ack, Nack };
  Kind kind = Kind::Packet;
  std::string payload;  // Packet: the bytes between `$` and `#`
};

// Splits a byte stream into events. Bytes outside packets other than
// `+`, `-` and 0x03 are ignored; a packet whose checksum does not match is
// a BadPacket (the sender should get `-` and send it again).
class PacketReader {
 public:
  void feed(std::string_view bytes, std::vector<Event>& out);

 private:
  enum class State { Idle, Payload, Checksum1, Checksum2 };
  State state_ = State::Idle;
  std::string payload_;
  char checksum_high_ = 0;
};

// Hex: two lower-case digits per byte, in memory order.
std::string to_hex(const uint8_t* data, size_t size);
std::string to_hex(std::string_view text);
// False on an odd length or a non-hex digit.
bool from_hex(std::string_view hex, std::vector<uint8_t>& out);
// A number in hex as packets write addresses and lengths (no 0x); nullopt
// when empty, not hex or wider than 64 bits.
std::optional<uint64_t> parse_hex_number(std::string_view text);
// A little-endian register value of `bytes` bytes, in hex.
std::string le_hex(uint64_t value, unsigned bytes);

}  // namespace loom::debug::rsp
