#include "negsim/output/figure_files.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sstream>

#include "negsim/output/atomic_file.hpp"

extern char** environ;

namespace negsim {

namespace {

// Runs `program args...` with no shell, its output discarded; true when it exits 0.
bool run_quietly(const std::vector<std::string>& args) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  std::vector<std::string> copy = args;
  std::vector<char*> argv;
  for (auto& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = ::posix_spawn(&pid, copy[0].c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) return false;
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace

namespace {

// NEGSIM_NO_PNG (tests, quick runs) turns the slow conversion off.
bool png_turned_off() {
  const char* off = std::getenv("NEGSIM_NO_PNG");
  return off && *off && std::string(off) != "0";
}

}  // namespace

std::string png_converter() {
  if (png_turned_off()) return {};
  const char* path = std::getenv("PATH");
  if (!path) return {};
  std::stringstream dirs(path);
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    const std::string candidate = (dir.empty() ? std::string(".") : dir) + "/rsvg-convert";
    if (::access(candidate.c_str(), X_OK) == 0 && !std::filesystem::is_directory(candidate))
      return candidate;
  }
  return {};
}

FiguresWritten write_figures(const std::filesystem::path& dir, const std::vector<Chart>& charts) {
  FiguresWritten written;
  if (charts.empty()) return written;
  std::filesystem::create_directories(dir);
  const std::string converter = png_converter();
  if (converter.empty())
    written.png_note = png_turned_off()
                           ? "no PNG figures: NEGSIM_NO_PNG is set"
                           : "no PNG figures: rsvg-convert is not installed (Debian: librsvg2-bin)";
  for (const Chart& chart : charts) {
    const std::string svg = chart.name + ".svg";
    write_file_atomically(dir / svg, render_svg(chart, SvgMode::standalone));
    written.svg.push_back(svg);
    if (converter.empty()) continue;
    // Converted to a temporary name and renamed, so a reader never sees half a PNG.
    const std::string png = chart.name + ".png";
    const auto temporary = dir / ("." + png + ".tmp");
    if (run_quietly({converter, "--width", "1920", "--background-color", "white", "--output",
                     temporary.string(), (dir / svg).string()})) {
      std::error_code error;
      std::filesystem::rename(temporary, dir / png, error);
      if (!error) {
        written.png.push_back(png);
        continue;
      }
    }
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    written.png_note = "some PNG figures could not be made by " + converter;
  }
  return written;
}

}  // namespace negsim
