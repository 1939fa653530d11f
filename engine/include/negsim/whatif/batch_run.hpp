#pragma once
// `negsim batch`: every entry of a batch run on one seed, each recorded in the
// results store (or its stored result reused), and their outcome
// probabilities side by side.

#include <cstdint>
#include <optional>
#include <string>

#include "negsim/input/batch_file.hpp"
#include "negsim/output/batch_report.hpp"
#include "negsim/whatif/context.hpp"

namespace negsim {

struct BatchOptions {
  std::string file;  // the batch file or directory as the analyst named it
  std::optional<std::uint64_t> branches, seed;  // for every entry, over the batch's own
  int threads = 0;
  std::string out_dir;  // when given: NAME/summary.* of every entry that ran
};

// Runs the entries in order. An entry that cannot be loaded is reported
// (could_not_run) and the others still run; Ctrl-C stops after the entry
// running, and the report is partial. A file that cannot be written throws.
BatchReport run_batch(const BatchFile& batch, const BatchOptions& options,
                      const WhatIfContext& context);

}  // namespace negsim
