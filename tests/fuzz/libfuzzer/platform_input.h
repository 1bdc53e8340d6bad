#pragma once
// The platform-file targets read a platform file the way `loom run` and
// `loom dtb` do: from a path. Each input becomes platform.yaml in one
// private directory (made once per process, removed at exit), beside a
// small firmware image fw.bin, which relative paths in the file find.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace loom::fuzz {

class PlatformInput {
 public:
  // Never destroyed: the exit handler that removes the directory needs it.
  static PlatformInput& instance() {
    static PlatformInput* input = new PlatformInput;
    return *input;
  }
  // Writes the input as the platform file; returns its path.
  const std::string& write(const uint8_t* data, size_t size) {
    std::ofstream out(file_, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    if (!out.flush()) fatal("cannot write " + file_);
    return file_;
  }
  const std::string& directory() const { return directory_; }
  std::string firmware() const { return directory_ + "/fw.bin"; }

 private:
  PlatformInput() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/loom-fuzz-platform.XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) fatal("cannot make a temporary directory");
    directory_ = pattern;
    file_ = directory_ + "/platform.yaml";
    std::ofstream(firmware(), std::ios::binary) << "firmware";  // 8 bytes, not an ELF
    std::atexit([] { std::filesystem::remove_all(instance().directory_); });
  }
  [[noreturn]] static void fatal(const std::string& what) {
    std::fprintf(stderr, "fuzz: %s\n", what.c_str());
    std::abort();
  }

  std::string directory_, file_;
};

}  // namespace loom::fuzz
