// Runs the negsim program the way an analyst does, for the command-line
// tests: its own process, standard output and error going to files in a
// scratch folder, and its exit code (or 128 + the signal that ended it).
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace negsim::test_support {

inline std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Finished {
  int code = -1;  // exit code, or 128 + signal
  std::string out, err;
};

// Where and with what a test runs negsim besides its arguments.
struct Launch {
  // The working folder; empty: the scratch folder `dir` itself, so that the
  // project's results store (found from the working folder upward) is the
  // test's own and never one shared with other tests.
  std::filesystem::path cwd;
  std::vector<std::string> env;  // NAME=VALUE entries added to the environment
};

// Starts `negsim ARGS...` with stdout and stderr going to `dir`/stdout and
// `dir`/stderr.
inline pid_t start_negsim(const std::vector<std::string>& args, const std::filesystem::path& dir,
                          const Launch& launch = {}) {
  std::vector<std::string> all{NEGSIM_BINARY};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_text(launch.env);
  std::vector<char*> envp;
  for (auto& e : env_text) envp.push_back(e.data());
  for (char** e = environ; *e; ++e) envp.push_back(*e);
  envp.push_back(nullptr);
  const std::filesystem::path cwd = launch.cwd.empty() ? dir : launch.cwd;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, (dir / "stdout").c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, (dir / "stderr").c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, NEGSIM_BINARY, &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  EXPECT_EQ(rc, 0) << "cannot start " << NEGSIM_BINARY;
  return pid;
}

// Waits for the process started by start_negsim(), killing it if it takes
// unreasonably long, and collects what it wrote.
inline Finished finish_negsim(pid_t pid, const std::filesystem::path& dir) {
  Finished f;
  if (pid <= 0) return f;
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      ADD_FAILURE() << "negsim did not finish within five minutes";
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  f.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  f.out = read(dir / "stdout");
  f.err = read(dir / "stderr");
  return f;
}

}  // namespace negsim::test_support
