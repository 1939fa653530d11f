#pragma once
// Processes that share one command's work: the ranks of an MPI job, as the
// engine sees them (tools/negsim implements this on MPI; the engine never
// links it).
//
// Every member walks the same work in the same order: it loads the same
// scenarios, and of every run it runs its share of the branches (whole chunks,
// share_of() in runner.hpp). The tallies then merge exactly, so each member
// holds the figures one process would have, bit for bit, and takes the same
// next step. Member 0 leads: it alone reads and writes the results store,
// writes files and tells the analyst what happens.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "negsim/run/runner.hpp"
#include "negsim/run/tally.hpp"

namespace negsim {

class ProcessTeam {
 public:
  virtual ~ProcessTeam() = default;

  virtual std::uint64_t member() const = 0;   // 0-based; 0 leads
  virtual std::uint64_t members() const = 0;  // at least 1
  bool leads() const { return member() == 0; }

  // Adds `counts` element by element over every member, in place, giving
  // every member the totals (an all-reduce).
  virtual void sum(std::vector<std::uint64_t>& counts) const = 0;
  // Every member's tally merged, on every member.
  virtual Tally merged(Tally mine) const = 0;
  // The lead's `text` on every member.
  virtual std::string from_lead(const std::string& text) const = 0;
  // Every member's `mine` joined in member order, on every member (for
  // results placed by branch: shares are consecutive in member order).
  virtual std::string joined(const std::string& mine) const = 0;
};

// Thrown by every member at once when they find they read different inputs
// (first_disagreeing): none is left waiting, and the lead tells why.
class TeamDisagreement : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// This member's share of a run (RunOptions::share).
RunShare share_in(const ProcessTeam& team);

// The threads every member used, added up: a shared run's provenance.
int total_threads(const ProcessTeam& team, int mine);

// The lowest member whose `value` differs from the lead's, on every member;
// -1 when all agree. For checks that every member read the same input, so
// that none goes on to work the others skip and waits for them for ever.
std::int64_t first_disagreeing(const ProcessTeam& team, const std::string& value);

}  // namespace negsim
