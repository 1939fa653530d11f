#pragma once
// The files a command leaves in its --out directory, replaced as one set
// (output_set.hpp): never half a file, never files of two runs mixed.

#include <filesystem>
#include <string>
#include <vector>

#include "negsim/output/output_set.hpp"
#include "negsim/run/summary.hpp"

namespace negsim {

// summary.json, summary.md and outcomes.csv of one run in `dir` (created).
// Throws OutputError. `extra` files (a run's convergence) join the same set.
void write_run_outputs(const std::filesystem::path& dir, const Summary& summary,
                       const std::vector<OutputFile>& extra = {});

// The report of a batch, sweep or comparison: STEM.md, STEM.csv and STEM.json
// in `dir` (created).
void write_report_files(const std::filesystem::path& dir, const std::string& stem,
                        const std::string& markdown, const std::string& csv,
                        const std::string& json, const std::vector<OutputFile>& extra = {});

}  // namespace negsim
