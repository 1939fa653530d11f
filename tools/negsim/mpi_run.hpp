#pragma once
// `mpirun -np N negsim run FILE ...`: the branches shared among the ranks
// (each running whole chunks on its own cores with oneTBB), their tallies
// merged exactly on rank 0, which alone writes the files, records the result
// and prints the briefing. The figures are bit-identical to one process.

#include "mpi_job.hpp"
#include "run_results.hpp"

namespace negsim::cli {

// The exit code; every rank calls it with the same options.
int run_on_ranks(const RunCommandOptions& options, const MpiJob& job);

}  // namespace negsim::cli
