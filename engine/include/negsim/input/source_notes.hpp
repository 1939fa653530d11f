#pragma once
// The comments that document a scenario's values. Authors cite sources and
// mark judgement in YAML comments beside a value or in the lines just above
// it; the YAML reader drops comments, so the briefing's assumptions table
// (assumptions.hpp in the output layer) reads them here, by line.

#include <map>
#include <string>
#include <string_view>

namespace negsim {

// For each line holding YAML content (1-based): the full-line comments
// directly above it (no blank line between) and its trailing comment, joined
// into one text without the '#'. A key that opens a block ("batna:") passes
// its note to the first line of the block when that line has none of its
// own. A '#' inside a quoted string is not a comment.
std::map<int, std::string> source_notes(std::string_view text);

// The notes of the file at `path`; empty when it cannot be read, or when it
// `extends:` another file (the values' lines may then be the other file's).
std::map<int, std::string> source_notes_of_file(const std::string& path);

}  // namespace negsim
