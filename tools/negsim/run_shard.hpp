#pragma once
// `negsim run FILE --shard K/N --part FILE`: one slice of a run for a batch
// scheduler (a Slurm job array), written as a part that `negsim merge`
// combines with the others into exactly the result of one process.

#include "run_results.hpp"

namespace negsim::cli {

// Runs shard K/N of `options` and writes its part; the exit code.
int run_shard(const RunCommandOptions& options);

}  // namespace negsim::cli
