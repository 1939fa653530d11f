#pragma once
// Counter-based random numbers (Random123 Philox4x64-10).
//
// Every draw is a pure function of (seed, purpose, branch, index): the key is
// {seed, purpose} and the counter is {branch, index}. A branch's numbers never
// depend on which thread runs it or what ran before, and a variant scenario
// that adds or removes an event still gets the same numbers for every purpose
// they share (common random numbers).

#include <Random123/philox.h>

#include <cstdint>
#include <string_view>

namespace negsim {

// Stable 64-bit name of a purpose (FNV-1a of the text), e.g.
// purpose_id("param:parties.ukraine.batna") or purpose_id("event:energy_strikes").
std::uint64_t purpose_id(std::string_view purpose);

class Stream {
 public:
  Stream(std::uint64_t seed, std::uint64_t purpose, std::uint64_t branch)
      : seed_(seed), purpose_(purpose), branch_(branch) {}
  // Uniform in [0, 1) with 53 random bits, for draw number `index` of this stream.
  double uniform(std::uint64_t index) const {
    std::uint64_t w[4];
    bits(index, w);
    return static_cast<double>(w[0] >> 11) * 0x1.0p-53;  // 53 bits: exact in [0, 1)
  }
  // Four independent 64-bit words for draw number `index`. Defined here so
  // that the simulator's hot loop inlines the generator (a sixth of its time).
  void bits(std::uint64_t index, std::uint64_t out[4]) const {
    r123::Philox4x64 philox;
    const r123::Philox4x64::ctr_type ctr = {{branch_, index, 0, 0}};
    const r123::Philox4x64::key_type key = {{seed_, purpose_}};
    const auto r = philox(ctr, key);
    for (int i = 0; i < 4; ++i) out[i] = r.v[i];
  }

 private:
  std::uint64_t seed_, purpose_, branch_;
};

}  // namespace negsim
