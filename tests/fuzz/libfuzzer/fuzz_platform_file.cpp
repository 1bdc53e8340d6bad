// The platform-file loader and validator, as `loom run` and `loom dtb` read
// a file (cli/platform_file.cpp: load_platform, then resolve, which checks
// the boot images and their layout), given arbitrary YAML text. A bad file
// must give platforms::PlatformError, one line naming the file; nothing
// else may escape.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "platform_file.h"
#include "platform_input.h"

namespace {

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "fuzz_platform_file: %s\n", what.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  loom::fuzz::PlatformInput& input = loom::fuzz::PlatformInput::instance();
  const std::string& path = input.write(data, size);
  try {
    const loom::platforms::PlatformDescription platform = loom::cli::read_platform_file(path, {});
    if (platform.memory.empty()) fail("accepted a platform without memory");
  } catch (const loom::platforms::PlatformError& e) {
    const std::string message = e.what();
    if (message.find('\n') != std::string::npos) fail("error is not one line: " + message);
    // Every message names where it comes from: the file, or a boot image
    // the file names (which lies in its directory or is absolute).
    if (message.rfind(path, 0) != 0 && message.find(input.directory()) == std::string::npos &&
        message.rfind('/', 0) != 0) {
      fail("error names neither the file nor an image: " + message);
    }
  } catch (const std::exception& e) {
    fail(std::string("escaped as another exception than PlatformError: ") + e.what());
  }
  return 0;
}
