// The byte level of GDB's remote protocol: checksums, framing with
// escapes, a stream split into packets, acknowledgements and Ctrl-C, and
// the hex encodings.
#include <gtest/gtest.h>

#include "rsp_packet.h"

namespace loom::debug::rsp {
namespace {

std::vector<Event> read_all(std::string_view bytes) {
  PacketReader reader;
  std::vector<Event> events;
  reader.feed(bytes, events);
  return events;
}

TEST(RspPacket, FramesWithTheModulo256Checksum) {
  EXPECT_EQ(frame("OK"), "$OK#9a");
  EXPECT_EQ(frame(""), "$#00");
  EXPECT_EQ(checksum("qSupported"), 0x37);
}

TEST(RspPacket, EscapesWhatWouldEndOrEncodeAPacket) {
  EXPECT_EQ(escape_binary("a$b#c}d*e"), "a}\x04" "b}\x03" "c}]d}\x0a" "e");
  EXPECT_EQ(unescape_binary(escape_binary(std::string("\x00$#}*\xff", 6))), std::string("\x00$#}*\xff", 6));
  // The checksum covers the escaped bytes, as they travel.
  const std::string framed = frame("#");
  EXPECT_EQ(framed.substr(0, 4), "$}\x03#");
  EXPECT_EQ(read_all(framed).at(0).payload, "}\x03");
}

TEST(RspPacket, SplitsAStreamIntoPacketsAcksAndInterrupts) {
  PacketReader reader;
  std::vector<Event> events;
  reader.feed("+$g#6", events);
  ASSERT_EQ(events.size(), 1u);  // the packet is not complete yet
  EXPECT_EQ(events[0].kind, Event::Kind::Ack);
  reader.feed("7\x03-$m0,4#fd", events);
  ASSERT_EQ(events.size(), 5u);
  EXPECT_EQ(events[1].kind, Event::Kind::Packet);
  EXPECT_EQ(events[1].payload, "g");
  EXPECT_EQ(events[2].kind, Event::Kind::Interrupt);
  EXPECT_EQ(events[3].kind, Event::Kind::Nack);
  EXPECT_EQ(events[4].kind, Event::Kind::Packet);
  EXPECT_EQ(events[4].payload, "m0,4");
}

TEST(RspPacket, AWrongChecksumIsABadPacket) {
  const auto events = read_all("$g#00$g#67");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].kind, Event::Kind::BadPacket);
  EXPECT_EQ(events[1].kind, Event::Kind::Packet);
  EXPECT_EQ(read_all("$g#zz").at(0).kind, Event::Kind::BadPacket);
}

TEST(RspPacket, HexInAndOut) {
  const uint8_t bytes[] = {0x00, 0x7f, 0xa5, 0xff};
  EXPECT_EQ(to_hex(bytes, 4), "007fa5ff");
  std::vector<uint8_t> back;
  ASSERT_TRUE(from_hex("007FA5ff", back));
  EXPECT_EQ(back, std::vector<uint8_t>(bytes, bytes + 4));
  EXPECT_FALSE(from_hex("abc", back));
  EXPECT_FALSE(from_hex("zz", back));
  EXPECT_EQ(parse_hex_number("80000000"), 0x80000000u);
  EXPECT_EQ(parse_hex_number("ffffffffffffffff"), ~0ull);
  EXPECT_FALSE(parse_hex_number("1ffffffffffffffff"));
  EXPECT_FALSE(parse_hex_number(""));
  EXPECT_FALSE(parse_hex_number("-1"));
  EXPECT_EQ(le_hex(0x80000004, 8), "0400008000000000");
}

}  // namespace
}  // namespace loom::debug::rsp
