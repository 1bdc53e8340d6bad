#pragma once
// The other end of a bridge session, played from a script: everything it
// will ever say is known before the session starts (the fuzz input), and it
// listens to nothing. Once the script is spent it has hung up. Single
// threaded and a pure function of the input, unlike a peer on a thread.
#include <deque>
#include <string>
#include <utility>
#include <vector>

#include "transport/transport.h"

namespace loom::fuzz {

// What the server says, to a ServerLink (CPU side).
class ScriptedServer final : public bridge::ClientTransport {
 public:
  explicit ScriptedServer(std::deque<bridge::pb::ServerMessage> script) : script_(std::move(script)) {}
  bool send(const bridge::pb::CpuMessage&) override { return !hung_up_; }
  bool receive(bridge::pb::ServerMessage& message) override {
    if (script_.empty()) hung_up_ = true;
    if (hung_up_) return false;
    message = std::move(script_.front());
    script_.pop_front();
    return true;
  }
  void cancel() override { hung_up_ = true; }
  void finish() override {}
  std::string failure() override { return "the server closed the session"; }

 private:
  std::deque<bridge::pb::ServerMessage> script_;
  bool hung_up_ = false;
};

// What the CPU says, to a Session (server side). What the session answers
// is kept, for the target to check.
class ScriptedCpu final : public bridge::ServerTransport {
 public:
  explicit ScriptedCpu(std::deque<bridge::pb::CpuMessage> script) : script_(std::move(script)) {}
  bool send(const bridge::pb::ServerMessage& message) override {
    answers_.push_back(message);
    return true;
  }
  const std::vector<bridge::pb::ServerMessage>& answers() const { return answers_; }
  bool receive(bridge::pb::CpuMessage& message) override {
    if (script_.empty()) return false;
    message = std::move(script_.front());
    script_.pop_front();
    return true;
  }

 private:
  std::deque<bridge::pb::CpuMessage> script_;
  std::vector<bridge::pb::ServerMessage> answers_;
};

}  // namespace loom::fuzz
