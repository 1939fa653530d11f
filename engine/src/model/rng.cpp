#include "negsim/model/rng.hpp"

namespace negsim {

std::uint64_t purpose_id(std::string_view purpose) {
  std::uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a: stable across compilers and runs
  for (unsigned char c : purpose) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return h;
}

}  // namespace negsim
