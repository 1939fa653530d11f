#include "negsim/rng.hpp"

#include <Random123/philox.h>

namespace negsim {

std::uint64_t purpose_id(std::string_view purpose) {
  std::uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a: stable across compilers and runs
  for (unsigned char c : purpose) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return h;
}

void Stream::bits(std::uint64_t index, std::uint64_t out[4]) const {
  r123::Philox4x64 philox;
  r123::Philox4x64::ctr_type ctr = {{branch_, index, 0, 0}};
  r123::Philox4x64::key_type key = {{seed_, purpose_}};
  const auto r = philox(ctr, key);
  for (int i = 0; i < 4; ++i) out[i] = r.v[i];
}

double Stream::uniform(std::uint64_t index) const {
  std::uint64_t w[4];
  bits(index, w);
  return static_cast<double>(w[0] >> 11) * 0x1.0p-53;  // 53 bits: exact in [0, 1)
}

}  // namespace negsim
