// libFuzzer target: any bytes read as a batch file either give a BatchFile or
// are refused with an InputError; nothing else may happen.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "negsim/input/batch_file.hpp"
#include "negsim/model/diagnostic.hpp"

namespace {

const std::filesystem::path* scratch_dir = nullptr;

// The batch reader reads a path (entries are relative to its directory), so
// each input is written to one file of a private directory first.
const std::filesystem::path& batch_path() {
  static const std::filesystem::path path = [] {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("negsim-fuzz-batch-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    // Leaked on purpose: it must outlive the statics destroyed at exit.
    scratch_dir = new std::filesystem::path(dir);
    std::atexit([] {
      std::error_code ignored;
      std::filesystem::remove_all(*scratch_dir, ignored);
    });
    return dir / "batch.yaml";
  }();
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  {
    std::FILE* f = std::fopen(batch_path().c_str(), "wb");
    if (!f) __builtin_trap();
    if (size && std::fwrite(data, 1, size, f) != size) __builtin_trap();
    std::fclose(f);
  }
  try {
    (void)negsim::read_batch_file(batch_path().string());
  } catch (const negsim::InputError&) {
  }
  return 0;
}
