// The floor for the bridge's round trip: a bare gRPC bidirectional-stream
// ping-pong on the same transport (unix socket, same gRPC build and channel
// settings, the same message types), with no SystemC and no bridge logic.
// A server thread echoes every message; the client times each round trip.
//
//   loom-grpc-pingpong [ROUND_TRIPS]
// prints: raw-grpc round trips N p50 X us p99 Y us
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>
#include <vector>

#include <unistd.h>

#include "transport/transport.h"

using namespace loom::bridge;

int main(int argc, char** argv) {
  const int round_trips = argc > 1 ? std::atoi(argv[1]) : 20000;
  const std::string socket =
      (std::filesystem::temp_directory_path() / fmt::format("loom-pingpong-{}.sock", getpid())).string();
  const std::string address = "unix:" + socket;
  auto listener = listen_grpc(address, nullptr);

  std::thread server([&] {
    auto transport = listener->accept(std::chrono::seconds(10));
    if (!transport) return;
    pb::CpuMessage in;
    pb::ServerMessage out;
    while (transport->receive(in)) {
      if (in.has_shutdown()) break;
      out.mutable_sync_ack()->set_id(in.sync().id());
      out.mutable_sync_ack()->set_time_ps(in.sync().time_ps());
      if (!transport->send(out)) break;
    }
  });

  auto client = connect_grpc(address, nullptr, std::chrono::seconds(10));
  pb::CpuMessage ping;
  pb::ServerMessage pong;
  std::vector<double> rtt_us;
  rtt_us.reserve(round_trips);
  for (int i = 0; i < round_trips + 1000; ++i) {  // the first 1000 warm up
    ping.mutable_sync()->set_id(i);
    ping.mutable_sync()->set_time_ps(static_cast<uint64_t>(i) * 1000);
    const auto start = std::chrono::steady_clock::now();
    if (!client->send(ping) || !client->receive(pong)) {
      fmt::print(stderr, "ping-pong failed: {}\n", client->failure());
      return 1;
    }
    if (i >= 1000) {
      rtt_us.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count());
    }
  }
  pb::CpuMessage bye;
  bye.mutable_shutdown()->set_reason("done");
  client->send(bye);
  client->finish();
  server.join();
  listener->shutdown();
  std::filesystem::remove(socket);

  std::sort(rtt_us.begin(), rtt_us.end());
  auto pct = [&](double p) { return rtt_us[static_cast<size_t>(p / 100.0 * (rtt_us.size() - 1))]; };
  fmt::print("raw-grpc round trips {} p50 {:.1f} us p99 {:.1f} us\n", rtt_us.size(), pct(50), pct(99));
  return 0;
}
