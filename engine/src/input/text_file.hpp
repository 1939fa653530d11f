#pragma once
// Reading a scenario-like file whole (internal to the input layer): the one
// place a scenario, a file it extends, or a batch file is read from disk, so
// all of them have the same size limit and the same messages.

#include <optional>
#include <string>
#include <string_view>

namespace negsim {

// The bytes of the file at `path`. Reads at most one byte past
// kMaxScenarioFileBytes (scenario_loader.hpp), whatever the file is. On
// failure returns nullopt and sets `problem` to what went wrong, as the
// message of a Diagnostic naming the file: "cannot open the file (No such
// file or directory)", "cannot read the file (is it a directory?)" or "the
// file is larger than 1024 KiB, the limit for a scenario file; ...".
std::optional<std::string> read_text_file(const std::string& path, std::string& problem);

// The SHA-256 of `bytes` in lower-case hex: what a scenario's or observation's
// provenance records of the text that was read.
std::string text_sha256(std::string_view bytes);

}  // namespace negsim
