#pragma once
// The files a command leaves in its --out directory, replaced as one set
// (output_set.hpp): never half a file, never files of two runs mixed.

#include <filesystem>
#include <string>

#include "negsim/run/summary.hpp"

namespace negsim {

// summary.json, summary.md and outcomes.csv of one run in `dir` (created).
// Throws OutputError.
void write_run_outputs(const std::filesystem::path& dir, const Summary& summary);

// The report of a batch, sweep or comparison: STEM.md, STEM.csv and STEM.json
// in `dir` (created).
void write_report_files(const std::filesystem::path& dir, const std::string& stem,
                        const std::string& markdown, const std::string& csv,
                        const std::string& json);

}  // namespace negsim
