#include "negsim/output/output_set.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <atomic>
#include <cerrno>
#include <climits>
#include <cstring>
#include <string_view>
#include <system_error>

namespace negsim {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kStagingPrefix = ".negsim-staging-";
constexpr const char* kCompleteMark = ".complete";

[[noreturn]] void fail_set(const fs::path& where, const std::string& what, int error,
                           bool bad_name = false) {
  throw OutputError(fmt::format("cannot write the results into '{}': {}{}{}", where.string(), what,
                                error ? ": " : "", error ? std::strerror(error) : ""),
                    bad_name);
}

// The name can never be written, whatever the permissions: empty or too long.
void check_name(const fs::path& path) {
  if (path.empty()) throw OutputError("the output path is empty", true);
  if (path.native().size() >= PATH_MAX)
    throw OutputError(fmt::format("the output path is too long ({} characters; the limit is {})",
                                  path.native().size(), PATH_MAX - 1),
                      true);
  for (const auto& part : path)
    if (part.native().size() > NAME_MAX)
      throw OutputError(
          fmt::format("cannot write the results into '{}': the name '{}...' is longer than {} "
                      "characters",
                      path.string(), part.string().substr(0, 24), NAME_MAX),
          true);
}

// flock() on the directory itself: writers of one directory take turns, and
// the lock goes with the process, however it ends.
class DirLock {
 public:
  explicit DirLock(const fs::path& dir) {
    fd_ = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd_ < 0) fail_set(dir, "cannot open the directory", errno);
    while (::flock(fd_, LOCK_EX) != 0) {
      if (errno == EINTR) continue;
      // A file system without locks (some network shares) still gets the
      // staging and the marker; only concurrent writers lose their turns.
      if (errno == ENOLCK || errno == EOPNOTSUPP) break;
      const int error = errno;
      ::close(fd_);
      fail_set(dir, "cannot lock the directory", error);
    }
  }
  ~DirLock() {
    if (fd_ >= 0) ::close(fd_);
  }
  DirLock(const DirLock&) = delete;
  DirLock& operator=(const DirLock&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_ = -1;
};

void sync_dir(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

bool process_gone(const std::string& pid_text) {
  if (pid_text.empty() || pid_text.find_first_not_of("0123456789") != std::string::npos ||
      pid_text.size() > 9)
    return false;
  const pid_t pid = static_cast<pid_t>(std::stoi(pid_text));
  return pid > 0 && ::kill(pid, 0) != 0 && errno == ESRCH;
}

// ".NAME.tmp-PID-N" of write_file_atomically: the PID, or "".
std::string temporary_file_pid(const std::string& name) {
  if (name.empty() || name[0] != '.') return "";
  const auto tmp = name.rfind(".tmp-");
  if (tmp == std::string::npos) return "";
  const auto dash = name.find('-', tmp + 5);
  if (dash == std::string::npos) return "";
  return name.substr(tmp + 5, dash - tmp - 5);
}

// Under the directory's lock: no other writer is between staging and
// renaming, so every staging directory here is a dead writer's.
void recover(const fs::path& dir) {
  std::error_code ec;
  std::vector<fs::path> stagings, temporaries;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.rfind(kStagingPrefix, 0) == 0)
      stagings.push_back(it->path());
    else if (process_gone(temporary_file_pid(name)))
      temporaries.push_back(it->path());
  }
  for (const auto& staging : stagings) {
    if (fs::exists(staging / kCompleteMark, ec)) {
      // Killed while moving a complete set in: finish the move.
      for (auto it = fs::directory_iterator(staging, ec); !ec && it != fs::directory_iterator();
           it.increment(ec))
        if (it->path().filename() != kCompleteMark)
          ::rename(it->path().c_str(), (dir / it->path().filename()).c_str());
    }
    fs::remove_all(staging, ec);
  }
  for (const auto& file : temporaries) fs::remove(file, ec);
  if (!stagings.empty() || !temporaries.empty()) sync_dir(dir);
}

void write_whole(int fd, std::string_view content, const fs::path& file) {
  while (!content.empty()) {
    const ssize_t n = ::write(fd, content.data(), content.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      ::close(fd);
      fail_set(file, "write failed", error);
    }
    content.remove_prefix(static_cast<std::size_t>(n));
  }
}

void write_new_file(const fs::path& file, std::string_view content) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) fail_set(file, "cannot create the file", errno);
  write_whole(fd, content, file);
  if (::fsync(fd) != 0) {
    const int error = errno;
    ::close(fd);
    fail_set(file, "cannot flush it to disk", error);
  }
  if (::close(fd) != 0) fail_set(file, "cannot close it", errno);
}

// A fresh, empty staging directory in `dir`.
fs::path make_staging(const fs::path& dir) {
  static std::atomic<unsigned> counter{0};
  for (int attempt = 0; attempt < 100; ++attempt) {
    const fs::path staging = dir / fmt::format("{}{}-{}", kStagingPrefix, ::getpid(), counter++);
    if (::mkdir(staging.c_str(), 0777) == 0) return staging;
    if (errno != EEXIST) fail_set(dir, "cannot create a file there", errno);
  }
  fail_set(dir, "cannot create a staging directory", EEXIST);
}

void create_dir(const fs::path& dir) {
  check_name(dir);
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
    throw OutputError(
        fmt::format("cannot write the results into '{}': it is a file, not a directory",
                    dir.string()),
        true);
  fs::create_directories(dir, ec);
  if (ec)
    fail_set(dir, "cannot create the directory", ec.value(),
             ec.value() == ENOTDIR || ec.value() == ENAMETOOLONG);
}

}  // namespace

void check_output_dir(const fs::path& dir) {
  create_dir(dir);
  {
    // The probe is a staging directory like a writer's: made under the lock,
    // so that another writer's recover() never takes it for a dead one's.
    const DirLock lock(dir);
    recover(dir);
    const fs::path staging = make_staging(dir);
    std::error_code ec;
    try {
      write_new_file(staging / "probe", "");
    } catch (...) {
      fs::remove_all(staging, ec);
      throw;
    }
    fs::remove_all(staging, ec);
  }
  // A batch writes a set per entry in a folder of its own: a writer killed
  // there is cleaned up by the next command that writes to `dir`.
  std::error_code ec;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator();
       it.increment(ec))
    if (it->is_directory(ec) && it->path().filename().string().rfind('.', 0) != 0)
      clean_output_dir(it->path());
}

void check_output_file(const fs::path& path) {
  check_name(path);
  std::error_code ec;
  if (path.filename().empty() || fs::is_directory(path, ec))
    throw OutputError(
        fmt::format("cannot write '{}': it names a directory, not a file", path.string()), true);
  // A device, a pipe or a socket would be replaced by the rename, not written
  // (and so would /dev/stdout, a link to one, even where it leads to a file).
  if (fs::exists(path, ec) &&
      (!fs::is_regular_file(path, ec) || path.lexically_normal().string().rfind("/dev/", 0) == 0 ||
       path.lexically_normal().string().rfind("/proc/", 0) == 0))
    throw OutputError(fmt::format("cannot write '{}': it is not a regular file (leave --out "
                                  "out to write to standard output)",
                                  path.string()),
                      true);
  const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
  if (!fs::is_directory(dir, ec))
    throw OutputError(fmt::format("cannot write '{}': the directory '{}' does not exist",
                                  path.string(), dir.string()),
                      true);
  const fs::path probe =
      dir / fmt::format(".{}.tmp-{}-probe", path.filename().string(), ::getpid());
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) {
    const int error = errno;
    throw OutputError(fmt::format("cannot write '{}': {}", path.string(), std::strerror(error)),
                      error == ENAMETOOLONG);
  }
  ::close(fd);
  ::unlink(probe.c_str());
}

void write_output_set(const fs::path& dir, const std::vector<OutputFile>& files) {
  create_dir(dir);
  const DirLock lock(dir);
  recover(dir);
  const fs::path staging = make_staging(dir);
  std::error_code ec;
  try {
    for (const auto& file : files) write_new_file(staging / file.name, file.content);
    write_new_file(staging / kCompleteMark, "");
    sync_dir(staging);
  } catch (...) {
    fs::remove_all(staging, ec);
    throw;
  }
  // From here the set is complete on disk: moving it in cannot run out of
  // space, and a writer killed meanwhile has it finished by the next.
  for (const auto& file : files)
    if (::rename((staging / file.name).c_str(), (dir / file.name).c_str()) != 0)
      fail_set(dir / file.name, "cannot move it into place", errno);
  ::unlink((staging / kCompleteMark).c_str());
  ::rmdir(staging.c_str());
  sync_dir(dir);
}

void clean_output_dir(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return;
  const DirLock lock(dir);
  recover(dir);
}

bool same_file(const fs::path& a, const fs::path& b) {
  std::error_code ec;
  if (fs::exists(a, ec) && fs::exists(b, ec)) return fs::equivalent(a, b, ec);
  const auto ca = fs::weakly_canonical(fs::absolute(a, ec), ec);
  const auto cb = fs::weakly_canonical(fs::absolute(b, ec), ec);
  return ca == cb;
}

}  // namespace negsim
