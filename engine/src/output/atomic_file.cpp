#include "negsim/output/atomic_file.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace negsim {

namespace {

[[noreturn]] void fail(const std::filesystem::path& path, const std::string& what, int error) {
  throw std::runtime_error("cannot write " + path.string() + ": " + what + ": " +
                           std::strerror(error));
}

}  // namespace

// Owns the temporary file until it has been renamed into place.
class AtomicFileWriter::TempFile {
 public:
  explicit TempFile(const std::filesystem::path& target) : target_(target) {
    static std::atomic<unsigned> counter{0};
    const std::filesystem::path dir =
        target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
    // Hidden, unique per process and call; O_EXCL never reuses an existing file.
    for (int attempt = 0; attempt < 100; ++attempt) {
      // Appended piecewise: GCC 12 warns falsely (-Wrestrict) on "." + std::string.
      std::string name = target.filename().string();
      name.insert(name.begin(), '.');
      name += ".tmp-";
      name += std::to_string(::getpid());
      name += '-';
      name += std::to_string(counter++);
      path_ = dir / name;
      fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
      if (fd_ >= 0 || errno != EEXIST) break;
    }
    if (fd_ < 0) fail(target_, "cannot create a temporary file in " + dir.string(), errno);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_) ::unlink(path_.c_str());
  }

  void write(std::string_view content) {
    while (!content.empty()) {
      const ssize_t n = ::write(fd_, content.data(), content.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        fail(target_, "write failed", errno);
      }
      content.remove_prefix(static_cast<std::size_t>(n));
    }
  }

  void commit() {
    if (::fsync(fd_) != 0) fail(target_, "cannot flush to disk", errno);
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) fail(target_, "cannot close", errno);
    if (::rename(path_.c_str(), target_.c_str()) != 0)
      fail(target_, "cannot rename into place", errno);
    committed_ = true;
    // Make the rename itself durable; a failure here cannot undo it, so it is not reported.
    const std::filesystem::path dir =
        target_.has_parent_path() ? target_.parent_path() : std::filesystem::path(".");
    const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd >= 0) {
      ::fsync(dir_fd);
      ::close(dir_fd);
    }
  }

 private:
  std::filesystem::path target_, path_;
  int fd_ = -1;
  bool committed_ = false;
};

namespace {

// Temporary files of this target left by writers that were killed (SIGKILL,
// power loss): their process is gone, so nobody else will remove them.
void remove_stale_temporaries(const std::filesystem::path& target) {
  const std::filesystem::path dir =
      target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
  std::string prefix = target.filename().string();  // piecewise: see TempFile
  prefix.insert(prefix.begin(), '.');
  prefix += ".tmp-";
  std::error_code ec;
  for (auto it = std::filesystem::directory_iterator(dir, ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    const std::string rest = name.substr(prefix.size());
    const std::string pid = rest.substr(0, rest.find('-'));
    if (pid.empty() || pid.size() > 9 || pid.find_first_not_of("0123456789") != std::string::npos)
      continue;
    if (::kill(static_cast<pid_t>(std::stoi(pid)), 0) != 0 && errno == ESRCH) {
      std::error_code ignored;
      std::filesystem::remove(it->path(), ignored);
    }
  }
}

}  // namespace

AtomicFileWriter::AtomicFileWriter(const std::filesystem::path& given) {
  if (given.filename().empty()) fail(given, "not a file name", EINVAL);
  // Through a symbolic link the file it points to is replaced, not the link;
  // anything but a regular file (a device, a pipe: /dev/stdout) is refused,
  // since renaming over it would replace it rather than write to it.
  std::error_code ec;
  std::filesystem::path path = given;
  for (int hops = 0; std::filesystem::is_symlink(path, ec); ++hops) {
    if (hops == 40) fail(given, "too many levels of symbolic links", ELOOP);
    const std::filesystem::path to = std::filesystem::read_symlink(path, ec);
    if (ec) fail(given, "cannot follow the symbolic link", ec.value());
    path = to.is_absolute() ? to : path.parent_path() / to;
  }
  if (std::filesystem::exists(path, ec) && !std::filesystem::is_regular_file(path, ec))
    fail(given, "not a regular file", EINVAL);
  remove_stale_temporaries(path);
  temp_ = std::make_unique<TempFile>(path);
}

AtomicFileWriter::~AtomicFileWriter() = default;

void AtomicFileWriter::write(std::string_view content) {
  temp_->write(content);
}

void AtomicFileWriter::commit() {
  temp_->commit();
}

void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  AtomicFileWriter file(path);
  file.write(content);
  file.commit();
}

}  // namespace negsim
