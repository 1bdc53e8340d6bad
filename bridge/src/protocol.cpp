#include "protocol.h"

namespace loom::bridge {

const char* status_name(v1::Status status) {
  switch (status) {
    case v1::STATUS_OK: return "ok";
    case v1::STATUS_ADDRESS_ERROR: return "address error";
    case v1::STATUS_COMMAND_ERROR: return "command error";
    case v1::STATUS_BURST_ERROR: return "burst error";
    case v1::STATUS_BYTE_ENABLE_ERROR: return "byte-enable error";
    case v1::STATUS_GENERIC_ERROR: return "generic error";
    case v1::STATUS_INCOMPLETE: return "incomplete response";
    default: return "unknown status";
  }
}

}  // namespace loom::bridge
