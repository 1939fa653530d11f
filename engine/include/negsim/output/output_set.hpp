#pragma once
// The files one command writes into an output directory (--out), replaced as
// a unit: a reader or a later run finds either the earlier set or the new one,
// never files of two runs mixed.
//
// The set is written into a fresh hidden staging directory inside the output
// directory, flushed to disk, marked complete, and only then moved into
// place, with the output directory locked (flock) so that concurrent writers
// take turns. A writer killed before the mark leaves its staging directory to
// be removed; one killed while moving the files in leaves it marked, and the
// next writer finishes moving it before doing anything else. Either way the
// next writer of that directory cleans up, so no debris outlives it.

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace negsim {

// Why an output directory or file cannot be used. `bad_name` tells a path
// that can never work (empty, too long, names a file) from one that might
// with other permissions or more space.
class OutputError : public std::runtime_error {
 public:
  OutputError(const std::string& what, bool bad_name)
      : std::runtime_error(what), bad_name_(bad_name) {}
  bool bad_name() const { return bad_name_; }

 private:
  bool bad_name_;
};

struct OutputFile {
  std::string name;  // a plain file name inside the directory
  std::string content;
};

// Checks before any work that `dir` can take an output set: the name is
// usable, it is (or can be made) a directory, and a file can be created in
// it. Creates it when missing, and cleans up after killed writers in it and
// in its subfolders (clean_output_dir). Throws OutputError.
void check_output_dir(const std::filesystem::path& dir);

// Checks before any work that the file `path` can be written (its directory
// exists and takes a new file, it is not a directory). Throws OutputError.
void check_output_file(const std::filesystem::path& path);

// Replaces `files` in `dir` (created when missing) as one set, as described
// above. On failure nothing of the earlier set has changed and OutputError
// says why.
void write_output_set(const std::filesystem::path& dir, const std::vector<OutputFile>& files);

// Finishes or removes what killed writers left in `dir` (staging directories,
// temporary files of write_file_atomically whose process is gone). Takes the
// directory's lock. Does nothing when `dir` does not exist.
void clean_output_dir(const std::filesystem::path& dir);

// True when `a` and `b` name the same file (the same inode when both exist,
// otherwise the same normalised absolute path).
bool same_file(const std::filesystem::path& a, const std::filesystem::path& b);

}  // namespace negsim
