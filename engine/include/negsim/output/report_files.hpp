#pragma once
// The files a command leaves in its --out directory, replaced as one set
// (output_set.hpp): never half a file, never files of two runs mixed. The
// slide figures in the figures/ folder beside them are each replaced
// atomically but not as a set (figure_files.hpp).

#include <filesystem>
#include <string>
#include <vector>

#include "negsim/output/assumptions.hpp"
#include "negsim/output/figure_files.hpp"
#include "negsim/output/output_set.hpp"
#include "negsim/run/summary.hpp"

namespace negsim {

// What a command wrote, for the note that names it.
struct WrittenFiles {
  std::vector<std::string> files;  // in `dir`
  FiguresWritten figures;          // in `dir`/figures
  // "summary.json, summary.md, outcomes.csv, summary.html and 5 figures (SVG, PNG)".
  std::string describe() const;
};

// The folder of slide-ready figures inside an --out directory.
inline constexpr const char* kFiguresFolder = "figures";

// summary.json, summary.md, outcomes.csv and summary.html of one run in `dir`
// (created), replaced as one set (output_set.hpp) with the `extra` files (a
// run's convergence), and each chart of the briefing in dir/figures.
// `assumptions` fill the assumptions tables (assumptions.hpp). Throws
// OutputError.
WrittenFiles write_run_outputs(const std::filesystem::path& dir, const Summary& summary,
                               const std::vector<Assumption>& assumptions = {},
                               const std::vector<OutputFile>& extra = {});

// The report of a batch, sweep, comparison or sensitivity analysis: STEM.md,
// STEM.csv and STEM.json in `dir` (created) with the `extra` files in the same
// set; with `html`, STEM.html too and the charts in dir/figures.
WrittenFiles write_report_files(const std::filesystem::path& dir, const std::string& stem,
                                const std::string& markdown, const std::string& csv,
                                const std::string& json, const std::string& html = {},
                                const std::vector<Chart>& charts = {},
                                const std::vector<OutputFile>& extra = {});

}  // namespace negsim
