// negsim graph FILE [--format dot|svg] [--out PATH]: draw the phases of the talks.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cli_options.hpp"
#include "cli_support.hpp"
#include "command.hpp"
#include "negsim/input/scenario_loader.hpp"
#include "negsim/model/diagnostic.hpp"
#include "negsim/model/process_graph.hpp"
#include "negsim/output/atomic_file.hpp"
#include "negsim/output/process_dot.hpp"

extern char** environ;

namespace negsim::cli {
namespace {

struct GraphOptions {
  std::string file;
  std::string format = "dot";
  std::string out;
};

std::optional<std::string> find_on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  if (!path) return std::nullopt;
  std::stringstream dirs(path);
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    const std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + program;
    if (::access(candidate.c_str(), X_OK) == 0 && !std::filesystem::is_directory(candidate))
      return candidate;
  }
  return std::nullopt;
}

// Removes the file it names when it goes out of scope.
struct TempInput {
  std::string path;
  ~TempInput() {
    if (!path.empty()) ::unlink(path.c_str());
  }
};

// Runs Graphviz `dot -Tsvg` on `dot_text` and returns the SVG. The DOT goes
// through a temporary file rather than a pipe, so a `dot` that stops early can
// neither block nor kill this process; dot's own messages reach stderr.
std::string render_svg(const std::string& dot_program, const std::string& dot_text) {
  TempInput input;
  std::string name = (std::filesystem::temp_directory_path() / "negsim-graph-XXXXXX").string();
  const int fd = ::mkstemp(name.data());
  if (fd < 0)
    throw std::runtime_error(std::string("cannot create a temporary file for Graphviz: ") +
                             std::strerror(errno));
  input.path = name;
  for (std::size_t done = 0; done < dot_text.size();) {
    const ssize_t n = ::write(fd, dot_text.data() + done, dot_text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int error = errno;
      ::close(fd);
      throw std::runtime_error(std::string("cannot write the temporary file for Graphviz: ") +
                               std::strerror(error));
    }
    done += static_cast<std::size_t>(n);
  }
  ::close(fd);

  int out_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0)
    throw std::runtime_error(std::string("cannot start Graphviz: ") + std::strerror(errno));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
  std::vector<std::string> args{dot_program, "-Tsvg", input.path};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int spawned =
      ::posix_spawn(&pid, dot_program.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(out_pipe[1]);
  if (spawned != 0) {
    ::close(out_pipe[0]);
    throw std::runtime_error("cannot start Graphviz (" + dot_program +
                             "): " + std::strerror(spawned));
  }
  std::string svg;
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(out_pipe[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    svg.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(out_pipe[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error(
        "Graphviz `dot` could not draw the graph (" +
        (WIFEXITED(status) ? "exit status " + std::to_string(WEXITSTATUS(status))
                           : std::string("it was stopped by a signal")) +
        "); its own messages, if any, are above. `--format dot` writes the graph without "
        "Graphviz");
  return svg;
}

int run_graph(const GraphOptions& options) {
  Scenario scenario;
  try {
    scenario = load_scenario_file(options.file);
  } catch (const InputError& e) {
    print_diagnostics(e);
    return kExitBadInput;
  }
  // The loader runs these checks too; repeated here so that nothing the
  // simulator would refuse is ever drawn as if it were fine.
  if (const auto problems = check_process(scenario); !problems.empty()) {
    print_diagnostics(problems);
    return kExitBadInput;
  }

  const bool to_file = !options.out.empty() && options.out != "-";
  if (to_file) check_out_file("--out", options.out, scenario_files(options.file));

  std::ostringstream dot;
  write_dot(scenario, dot);
  std::string text = dot.str();
  if (options.format == "svg") {
    const auto dot_program = find_on_path("dot");
    if (!dot_program) {
      std::cerr << "negsim graph: --format svg needs the `dot` program of Graphviz, which is not "
                   "installed or not on PATH.\nInstall Graphviz (Debian/Ubuntu: apt-get install "
                   "graphviz), or write DOT with --format dot and open it in any Graphviz "
                   "viewer.\n";
      return kExitFailure;
    }
    text = render_svg(*dot_program, text);
  }

  if (!to_file) {
    std::cout << text;  // a failure is reported by main (finish_standard_output)
  } else {
    const InterruptsHeld held;
    write_file_atomically(options.out, text);  // throws with the file name and reason
  }
  return kExitOk;
}

const RegisterCommand registered{
    40, [](CLI::App& app) {
      auto options = std::make_shared<GraphOptions>();
      CLI::App* cmd = app.add_subcommand(
          "graph",
          "Draw the phases of the talks (the scenario's `process`) as a Graphviz graph.\n"
          "Bargaining states are boxes, pauses dashed ellipses, chance states diamonds and\n"
          "endings double octagons filled with one colour per outcome; a small dot points at\n"
          "the state where the talks begin, and every arrow says what moves the talks along\n"
          "it (accepted, walkout, a round limit, the deadline, a shock, or a probability).\n"
          "The scenario is checked first: a process with a state that can never be reached,\n"
          "or that can never lead to an ending, is reported instead of drawn.");
      cmd->add_option("FILE", options->file, "scenario file (YAML)")->required();
      cmd->add_option("--format", options->format,
                      "dot (Graphviz text, the default) or svg (a picture; needs Graphviz's "
                      "`dot` program)")
          ->check(CLI::IsMember({"dot", "svg"}));
      add_path_option(cmd, "--out", options->out,
                      "write to this file instead of the screen (replaced in one step, so a "
                      "reader never sees half a file)")
          ->type_name("PATH");
      cmd->footer(
          "Examples:\n"
          "  negsim graph scenarios/examples/all_state_kinds.yaml --format svg --out talks.svg\n"
          "  negsim graph my_talks.yaml | dot -Tpng -o my_talks.png");
      return [options] { return run_graph(*options); };
    }};

}  // namespace
}  // namespace negsim::cli
