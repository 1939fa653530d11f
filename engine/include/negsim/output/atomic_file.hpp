#pragma once
// Writing output files so that a reader (or an interrupted run) never sees a
// half-written file: the content goes to a temporary file in the same
// directory, is flushed to disk, and is renamed over the target in one step.

#include <filesystem>
#include <string_view>

namespace negsim {

// Replaces `path` with `content` atomically. The directory must exist. On any
// failure the temporary file is removed, an existing `path` is left as it was,
// and std::runtime_error names the file and the reason.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

}  // namespace negsim
