#pragma once
// --record FILE / --replay FILE: console input with the simulated time at
// which it reached the board, so that an interactive session that found a
// bug can be run again exactly. Input reaches a console device only at a
// quantum boundary (Bridge::sync), so a recording is a list of boundaries
// and the bytes delivered there; a replay delivers the same bytes at the
// same boundaries, and the run is the same run (docs/debugging.md).
//
// The file is text, one line each, after a header naming the version and
// the quantum (a replay with another quantum could not hit the same
// boundaries and is refused):
//
//   loom-console-record 1 quantum_ps=10000000
//   1234560000000 uart0 6c730a          (time in ps, device, bytes in hex)

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace loom::bridge {

struct ConsoleEvent {
  uint64_t time_ps = 0;
  std::string device;
  std::string bytes;
};

class ConsoleRecorder {
 public:
  // Creates (truncates) `path`. Throws std::runtime_error with one line.
  ConsoleRecorder(const std::string& path, uint64_t quantum_ps);
  ~ConsoleRecorder();
  ConsoleRecorder(const ConsoleRecorder&) = delete;
  ConsoleRecorder& operator=(const ConsoleRecorder&) = delete;

  void record(const ConsoleEvent& event);
  uint64_t recorded() const { return recorded_; }
  // "" while every event was written; else one line saying why not.
  const std::string& failure() const { return failure_; }
  // Flushes and closes; the failure, if any. Idempotent.
  std::string finish();

 private:
  std::string path_;
  std::FILE* file_ = nullptr;
  std::string failure_;
  uint64_t recorded_ = 0;
};

class ConsoleReplay {
 public:
  // Reads `path`. Throws std::runtime_error "FILE:LINE: what" for a file
  // that is not a recording, another version or quantum, a malformed line,
  // or times that go backwards.
  ConsoleReplay(const std::string& path, uint64_t quantum_ps);

  // The time of the next event (UINT64_MAX: none left).
  uint64_t next_ps() const { return next_ < events_.size() ? events_[next_].time_ps : UINT64_MAX; }
  // The events due at the boundary `time_ps`. Throws std::runtime_error if
  // one was due earlier: the run is no longer the recorded one.
  std::vector<ConsoleEvent> take_due(uint64_t time_ps);

  // Snapshots: how many events have been delivered (of events()), and
  // going back (or on) to a point where that many had; at most events().
  uint64_t delivered() const { return next_; }
  uint64_t events() const { return events_.size(); }
  void rewind(uint64_t delivered) { next_ = static_cast<size_t>(std::min<uint64_t>(delivered, events_.size())); }

 private:
  std::string path_;
  std::vector<ConsoleEvent> events_;
  size_t next_ = 0;  // the first not delivered yet
};

}  // namespace loom::bridge
