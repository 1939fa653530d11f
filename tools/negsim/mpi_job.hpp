#pragma once
// negsim under mpirun: the ranks of one job share a command's work and agree
// on its end. Only the command line knows of MPI; the engine sees a RunShare
// (runner.hpp) or a ProcessTeam (process_team.hpp), and tallies as bytes
// (Tally::encode).
//
// Without mpirun (or in a build without MPI) the job is one process, rank 0
// of 1, and nothing here talks to anyone.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "negsim/run/process_team.hpp"
#include "negsim/run/tally.hpp"

namespace negsim::cli {

class MpiJob final : public ProcessTeam {
 public:
  // The job this process belongs to: joined on first use when mpirun (or
  // another MPI launcher) started it, else a job of one. A build without MPI
  // started by a launcher with more than one process refuses to run: every
  // process would do the whole work and write the same files.
  static MpiJob& get();
  // True when a launcher started this process (whatever the build).
  static bool launched();
  // The job when this command's work is shared among several ranks (a
  // launcher started more than one process), else null.
  static const MpiJob* shared();

  int rank() const { return rank_; }
  int size() const { return size_; }
  bool root() const { return rank_ == 0; }
  bool spread() const { return size_ > 1; }

  // Adds `counts` element by element over every rank, in place (all-reduce).
  void sum(std::vector<std::uint64_t>& counts) const override;
  // Rank 0's `code` on every rank.
  int broadcast(int code) const;
  // The lowest rank for which `ok` is false, on every rank; nullopt when all are.
  std::optional<int> first_failing(bool ok) const;
  // Rank 0's `text` on every rank.
  std::string broadcast(const std::string& text) const;
  // Every rank's tally merged, on rank 0 (nullopt on the others): pairs of
  // ranks merge along a binary tree, so rank 0 receives log2(ranks) tallies.
  // Tallies merge exactly, so the order changes nothing.
  std::optional<Tally> merge_to_root(Tally mine) const;

  // ProcessTeam: the ranks as the engine's what-if commands see them.
  std::uint64_t member() const override { return static_cast<std::uint64_t>(rank_); }
  std::uint64_t members() const override { return static_cast<std::uint64_t>(size_); }
  // merge_to_root(), then rank 0's result sent to every rank.
  Tally merged(Tally mine) const override;
  std::string from_lead(const std::string& text) const override { return broadcast(text); }
  std::string joined(const std::string& mine) const override;
  // Ends every rank of the job with `code` at once: for a rank that fails
  // where the others wait for it (an internal error), which would otherwise
  // leave them waiting for ever.
  [[noreturn]] void abort(int code) const;

  MpiJob(const MpiJob&) = delete;
  MpiJob& operator=(const MpiJob&) = delete;
  ~MpiJob() override;

 private:
  MpiJob();
  int rank_ = 0, size_ = 1;
  bool joined_ = false;
};

}  // namespace negsim::cli
