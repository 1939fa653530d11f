#pragma once
// Writing output files so that a reader (or an interrupted run) never sees a
// half-written file: the content goes to a temporary file in the same
// directory, is flushed to disk, and is renamed over the target in one step.

#include <filesystem>
#include <memory>
#include <string_view>

namespace negsim {

// The same for content that comes in pieces (a file too large to hold in
// memory): the pieces go to the temporary file as they come, and commit()
// renames it into place. Destroyed without commit() (an error, a run that
// wrote nothing), it removes the temporary file and leaves `path` as it was.
// Every member throws std::runtime_error naming the file and the reason.
class AtomicFileWriter {
 public:
  explicit AtomicFileWriter(const std::filesystem::path& path);
  ~AtomicFileWriter();
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  void write(std::string_view content);
  void commit();

 private:
  class TempFile;
  std::unique_ptr<TempFile> temp_;
};

// Replaces `path` with `content` atomically. The directory must exist. On any
// failure the temporary file is removed, an existing `path` is left as it was,
// and std::runtime_error names the file and the reason.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

}  // namespace negsim
