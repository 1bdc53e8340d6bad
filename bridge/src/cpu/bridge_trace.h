#pragma once
// --trace-bridge FILE: every bridge transaction as a Chrome trace event
// (JSON, opened by Perfetto and chrome://tracing). The timeline is
// simulated time, so two runs of one program give the same picture; each
// server is a track; the host round trip of every answered request is in
// its arguments. Written as the run goes; a write error is kept and ends
// the run (nothing a user asked for is silently incomplete).

#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>

namespace loom::bridge {

class BridgeTrace {
 public:
  // Creates (truncates) `path`. Throws std::runtime_error with one line.
  explicit BridgeTrace(const std::string& path);
  ~BridgeTrace();
  BridgeTrace(const BridgeTrace&) = delete;
  BridgeTrace& operator=(const BridgeTrace&) = delete;

  // Names track `track` (one per server) in the viewer.
  void name_track(unsigned track, const std::string& name);

  struct Transaction {
    unsigned track = 0;
    const char* kind = "";  // "read", "write", "posted write", "config read", "dma write", "sync", ...
    const std::string* device = nullptr;
    uint64_t time_ps = 0;
    uint64_t address = 0;
    uint64_t size = 0;
    const void* data = nullptr;  // size bytes (at most the first 64 are written), or null
    uint64_t delay_ps = 0;       // the model's annotated delay: the event's length
    double latency_us = -1;      // host round trip; < 0: none (posted, mirrored, local)
    const char* status = "ok";
  };
  void transaction(const Transaction& t);
  void interrupt(unsigned track, uint32_t irq, bool level, uint64_t time_ps);

  // Closes the JSON and the file. Empty if every event was written, else
  // one line saying why the file is incomplete. Idempotent.
  std::string finish();
  // The first write error so far ("" if none); thread-safe.
  std::string failure() const;

 private:
  void event(const std::string& json);

  mutable std::mutex mutex_;
  std::string path_;
  std::FILE* file_ = nullptr;
  bool first_ = true;
  std::string failure_;
};

}  // namespace loom::bridge
