// negsim graph FILE [--format dot|svg|png|pdf] [--out PATH] [--weights]: draw
// the phases of the talks, optionally with the share of branches on each edge.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cctype>
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
#include "negsim/model/simulator.hpp"
#include "negsim/output/atomic_file.hpp"
#include "negsim/output/process_dot.hpp"
#include "negsim/run/edge_shares.hpp"
#include "negsim/run/runner.hpp"

extern char** environ;

namespace negsim::cli {
namespace {

// Enough branches for each share to within about ±1 point, in seconds.
constexpr std::uint64_t kDefaultGraphBranches = 10000;
// A 16:9 slide shown full screen is about 1920 pixels wide.
constexpr int kPngDpi = 150;

struct GraphOptions {
  std::string file;
  std::string format;  // empty: from --out's extension, else dot
  std::string out;
  bool weights = false;
  std::uint64_t branches = kDefaultGraphBranches;
  std::uint64_t seed = kDefaultSeed;
  int threads = 0;
};

// A format Graphviz writes, what it is called and the extensions that ask for it.
struct Format {
  const char* name;
  const char* what;
  std::vector<const char*> extensions;
};

const std::vector<Format>& formats() {
  static const std::vector<Format> all = {{"dot", "Graphviz text", {".dot", ".gv"}},
                                          {"svg", "an SVG picture", {".svg"}},
                                          {"png", "a PNG picture", {".png"}},
                                          {"pdf", "a PDF document", {".pdf"}}};
  return all;
}

// "svg (an SVG picture)".
std::string format_what(const std::string& name) {
  for (const Format& f : formats())
    if (name == f.name) return name + " (" + f.what + ")";
  return name;
}

// The format --out's extension asks for; says why not and throws Exit 2 when
// the extension names none.
std::string format_of_out(const std::string& out) {
  std::string ext = std::filesystem::path(out).extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const Format& f : formats())
    for (const char* e : f.extensions)
      if (ext == e) return f.name;
  say(Severity::error,
      fmt::format("--out {}: {}; name the file .dot or .gv (Graphviz text), .svg, .png or .pdf",
                  out,
                  ext.empty() ? std::string("the file has no extension to tell the format by")
                              : "the extension '" + ext + "' is not a format negsim graph writes"));
  throw Exit{kExitBadInput};
}

// The format to write: --format, which must agree with --out's extension,
// else the extension's, else DOT.
std::string chosen_format(const GraphOptions& options, bool to_file) {
  if (!to_file) return options.format.empty() ? "dot" : options.format;
  const std::string by_name = format_of_out(options.out);
  if (!options.format.empty() && options.format != by_name) {
    say(Severity::error,
        fmt::format("--format {} contradicts --out {}, whose extension asks for {}; leave "
                    "--format out, or give the file the extension of the format you want",
                    format_what(options.format), options.out, format_what(by_name)));
    throw Exit{kExitBadInput};
  }
  return by_name;
}

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

// Runs Graphviz `dot -T<format>` on `dot_text` and returns what it writes
// (binary for PNG and PDF). The DOT goes through a temporary file rather than
// a pipe, so a `dot` that stops early can neither block nor kill this process;
// dot's own messages reach stderr.
std::string render(const std::string& dot_program, const std::string& format,
                   const std::string& dot_text) {
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
  std::vector<std::string> args{dot_program, "-T" + format, input.path};
  // Pixels for a sharp picture on a full-screen slide.
  if (format == "png") args.insert(args.begin() + 1, "-Gdpi=" + std::to_string(kPngDpi));
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
  std::string picture;
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(out_pipe[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    picture.append(buffer, static_cast<std::size_t>(n));
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
  return picture;
}

// `--weights`: the share of branches that took each transition, from the same
// branches `negsim run` counts with this seed. Ctrl-C stops it (Exit 130).
EdgeShares edge_weights(const Scenario& scenario, const GraphOptions& options) {
  const Simulator simulator(scenario);
  install_stop_handler();
  RunOptions run;
  run.branches = options.branches;
  run.seed = options.seed;
  run.threads = options.threads;
  run.cancel = &stop_requested();
  ProgressDisplay display;
  const bool show_progress = progress_wanted(false);
  if (show_progress) {
    display.start("weights");
    run.progress = [&display](const RunProgress& p) { display.draw(p); };
  }
  EdgeShares shares = count_edge_shares(simulator, run);
  if (show_progress) display.clear();
  if (shares.partial) {
    say(Severity::error,
        fmt::format("interrupted after {} branches; nothing was drawn", shares.branches));
    throw Exit{kExitInterrupted};
  }
  return shares;
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
  const std::string format = chosen_format(options, to_file);
  if (to_file) check_out_file("--out", options.out, scenario_files(options.file));
  if (!to_file && (format == "png" || format == "pdf") && ::isatty(STDOUT_FILENO)) {
    say(Severity::error, "--format " + format +
                             " is not for a terminal; write it to a file with --out FILE." +
                             format);
    return kExitBadInput;
  }
  std::optional<std::string> dot_program;
  if (format != "dot") {
    dot_program = find_on_path("dot");
    if (!dot_program) {
      std::cerr << "negsim graph: " << format_what(format)
                << " needs the `dot` program of Graphviz, which is not installed or not on "
                   "PATH.\nInstall Graphviz (Debian/Ubuntu: apt-get install graphviz), or write "
                   "DOT (--format dot, or --out FILE.dot) and open it in any Graphviz viewer.\n";
      return kExitFailure;
    }
  }

  DotOptions drawing;
  EdgeShares shares;
  if (options.weights) {
    shares = edge_weights(scenario, options);
    drawing.weights = &shares;
    drawing.seed = options.seed;
  }
  std::ostringstream dot;
  write_dot(scenario, dot, drawing);
  std::string text = dot.str();
  if (dot_program) text = render(*dot_program, format, text);

  if (!to_file) {
    std::cout << text;  // a failure is reported by main (finish_standard_output)
  } else {
    const InterruptsHeld held;
    write_file_atomically(options.out, text);  // throws with the file name and reason
  }
  return kExitOk;
}

const RegisterCommand graph_registration{
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
                      "dot (Graphviz text), svg, png or pdf (pictures; need Graphviz's `dot` "
                      "program). Default: from the extension of --out, else dot")
          ->check(CLI::IsMember({"dot", "svg", "png", "pdf"}));
      add_path_option(cmd, "--out", options->out,
                      "write to this file instead of the screen, in the format its extension "
                      "names: .dot or .gv, .svg, .png, .pdf (replaced in one step, so a reader "
                      "never sees half a file)")
          ->type_name("PATH");
      CLI::Option* weights =
          cmd->add_flag("--weights", options->weights,
                        "run the scenario and label each arrow with the share of branches that "
                        "took it (thicker when more did; never taken: dotted)");
      add_count_option(
          cmd, "--branches", options->branches, 1, kMaxBranches,
          "with --weights: branches to run (default " + std::to_string(kDefaultGraphBranches) + ")")
          ->needs(weights);
      add_count_option(cmd, "--seed", options->seed, 0, kMaxSeed,
                       "with --weights: random seed, as for `negsim run` (default " +
                           std::to_string(kDefaultSeed) + ")")
          ->needs(weights);
      add_count_option(cmd, "--threads", options->threads, 0, 1024,
                       "with --weights: threads to use; 0 = every core. Does not change the "
                       "figures")
          ->needs(weights);
      cmd->footer(
          "Examples:\n"
          "  negsim graph scenarios/abu_dhabi_2026.yaml --out talks.svg\n"
          "  negsim graph scenarios/abu_dhabi_2026.yaml --weights --out talks.png\n"
          "  negsim graph my_talks.yaml > my_talks.dot");
      return [options] { return run_graph(*options); };
    }};

}  // namespace
}  // namespace negsim::cli
