// create_model / model_types: known types, and one-line errors naming the
// device and parameter for everything a platform file can get wrong. Only
// CreatedModel elaborates; the others run many to a process.

#include <algorithm>

#include "test-device/registers.h"
#include "test-device/test_device.h"
#include "testbench.h"

namespace loom::tlm_devices::testing {
namespace {

using CreatedModel = TlmTest;

std::string creation_error(const std::string& type, const ModelParams& params, uint64_t size = 0x1000) {
  try {
    create_model(type, "dev0", size, params);
  } catch (const ModelError& error) {
    const std::string message = error.what();
    EXPECT_EQ(message.find('\n'), std::string::npos) << "not one line: " << message;
    return message;
  }
  ADD_FAILURE() << "no ModelError for " << type;
  return {};
}

TEST(Registry, ListsTheTestDevice) {
  const auto types = model_types();
  EXPECT_NE(std::find(types.begin(), types.end(), "loom,test-device"), types.end());
}

TEST(Registry, UnknownTypeNamesItAndTheKnownOnes) {
  const std::string error = creation_error("acme,frobnicator", {});
  EXPECT_EQ(error.rfind("unknown device type 'acme,frobnicator' (known: loom,test-device, ", 0), 0u) << error;
  for (const std::string& type : model_types()) EXPECT_NE(error.find(type), std::string::npos) << type;
}

TEST(Registry, UnknownParameterIsNamed) {
  EXPECT_EQ(creation_error("loom,test-device", {{"dma_delay_ns", "5"}, {"irq_count", "4"}}),
            "loom,test-device 'dev0': unknown parameter 'irq_count' (known: access_delay_ns, dma_delay_ns)");
}

TEST(Registry, NonNumericParameterIsNamed) {
  EXPECT_EQ(creation_error("loom,test-device", {{"dma_delay_ns", "1us"}}),
            "loom,test-device 'dev0': parameter 'dma_delay_ns' must be an unsigned integer, got '1us'");
  for (const char* bad : {"", "-5", "+5", " 5", "5 ", "0x", "0xg", "1e3", "99999999999999999999999"}) {
    const std::string message = creation_error("loom,test-device", {{"access_delay_ns", bad}});
    EXPECT_NE(message.find("parameter 'access_delay_ns'"), std::string::npos) << message;
  }
}

TEST(Registry, ParameterBeyondSimulatedTimeIsRejected) {
  const std::string message = creation_error("loom,test-device", {{"dma_delay_ns", "0xffffffffffffffff"}});
  EXPECT_NE(message.find("parameter 'dma_delay_ns' = 0xffffffffffffffff exceeds the maximum"), std::string::npos)
      << message;
}

TEST(Registry, ApertureTooSmallForTheRegisterMap) {
  EXPECT_EQ(creation_error("loom,test-device", {}, 0x100),
            "loom,test-device 'dev0': size 0x100 is smaller than the register map (0x200)");
}

TEST(Registry, ParsesDecimalAndHexParameters) {
  const auto config = test_device::parse_config("dev0", 0x1000, {{"dma_delay_ns", "0x10"}, {"access_delay_ns", "0"}});
  EXPECT_EQ(config.dma_delay, ns(16));
  EXPECT_EQ(config.access_delay, SC_ZERO_TIME);
  const auto defaults = test_device::parse_config("dev0", 0x1000, {});
  EXPECT_EQ(defaults.dma_delay, ns(1000));
  EXPECT_EQ(defaults.access_delay, ns(10));
}

// The CPU process checks platform files against model_type_infos(): its
// parameter lists and register-map sizes must be the factories' own.
TEST(Registry, TypeInfosSayWhatTheFactoriesCheck) {
  const auto infos = model_type_infos();
  ASSERT_EQ(infos.size(), model_types().size());
  for (const ModelTypeInfo& info : infos) {
    std::string known;
    for (const std::string& p : info.parameters) known += (known.empty() ? "" : ", ") + p;
    EXPECT_EQ(creation_error(info.type, {{"no-such-parameter", "1"}}),
              info.type + " 'dev0': unknown parameter 'no-such-parameter' (known: " + (known.empty() ? "none" : known) +
                  ")");
    if (info.min_size > 0) {
      ModelParams required;
      for (const std::string& p : info.parameters)
        if (p == "image") required[p] = "/dev/null";
      EXPECT_NE(creation_error(info.type, required, info.min_size - 1).find("smaller than the register map"),
                std::string::npos)
          << info.type;
    }
  }
}

TEST_F(CreatedModel, HasItsPortsAndAnswers) {
  Testbench tb;
  EXPECT_STREQ(tb.device->module().name(), "tb.dut");
  EXPECT_EQ(tb.device->interrupts().size(), test_device::num_interrupts);
  EXPECT_NE(tb.device->dma(), nullptr);
  tb.run([&] { EXPECT_EQ(tb.read64(test_device::regs::id), test_device::id_value); });
}

}  // namespace
}  // namespace loom::tlm_devices::testing
