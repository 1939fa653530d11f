#include "negsim/run/process_team.hpp"

namespace negsim {

RunShare share_in(const ProcessTeam& team) {
  RunShare share;
  share.part = team.member();
  share.parts = team.members();
  share.sum_across = [&team](std::vector<std::uint64_t>& counts) { team.sum(counts); };
  return share;
}

int total_threads(const ProcessTeam& team, int mine) {
  std::vector<std::uint64_t> threads{static_cast<std::uint64_t>(mine)};
  team.sum(threads);
  return static_cast<int>(threads.front());
}

std::int64_t first_disagreeing(const ProcessTeam& team, const std::string& value) {
  std::vector<std::uint64_t> differs(team.members(), 0);
  differs[team.member()] = team.from_lead(value) == value ? 0 : 1;
  team.sum(differs);
  for (std::size_t m = 0; m < differs.size(); ++m)
    if (differs[m] != 0) return static_cast<std::int64_t>(m);
  return -1;
}

}  // namespace negsim
