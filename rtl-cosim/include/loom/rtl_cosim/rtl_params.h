#pragma once
// The parameters of an RTL device (rtl_device.h), read with one-line errors.

#include <systemc>

#include <cstdint>
#include <string>

#include "loom/tlm_devices/model.h"

namespace loom::rtl_cosim {

// `clock` ("100MHz", "1.5GHz", "250kHz") as a period; throws ModelError.
sc_core::sc_time clock_period(const std::string& device, const std::string& clock);
// `timeout-cycles` (default 10000); throws ModelError.
uint64_t timeout_cycles(const std::string& device, const tlm_devices::ModelParams& params);
// An unsigned parameter (decimal or 0x hex) up to `max`, or `default_value`
// when absent; throws ModelError.
uint64_t uint_param(const std::string& device, const tlm_devices::ModelParams& params, const std::string& key,
                    uint64_t default_value, uint64_t max);

}  // namespace loom::rtl_cosim
