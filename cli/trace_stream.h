#pragma once
// The stream --trace-insn writes to: stderr, through a 1 MiB buffer.
// std::cerr is unbuffered (one write(2) per insertion), which made a full
// trace some hundred times slower than the untraced interpreter; with a
// buffer, a trace costs its formatting. Flushed when the run ends (and
// before Loom's own last lines, which the caller prints after finish()).

#include <unistd.h>

#include <cerrno>
#include <ostream>
#include <streambuf>
#include <vector>

namespace loom::cli {

class TraceStream final : public std::ostream {
 public:
  TraceStream() : std::ostream(&buffer_) {}
  ~TraceStream() override { finish(); }
  // Writes out what is buffered; false if stderr refused some of it.
  bool finish() { return buffer_.pubsync() == 0; }

 private:
  class Buffer final : public std::streambuf {
   public:
    Buffer() : data_(1 << 20) { setp(data_.data(), data_.data() + data_.size()); }

   protected:
    int_type overflow(int_type c) override {
      if (sync() != 0) return traits_type::eof();
      if (!traits_type::eq_int_type(c, traits_type::eof())) sputc(traits_type::to_char_type(c));
      return traits_type::not_eof(c);
    }
    int sync() override {
      const char* p = pbase();
      while (p < pptr()) {
        const ssize_t n = ::write(STDERR_FILENO, p, static_cast<size_t>(pptr() - p));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
          setp(data_.data(), data_.data() + data_.size());
          return -1;
        }
        p += n;
      }
      setp(data_.data(), data_.data() + data_.size());
      return 0;
    }

   private:
    std::vector<char> data_;
  };
  Buffer buffer_;
};

}  // namespace loom::cli
