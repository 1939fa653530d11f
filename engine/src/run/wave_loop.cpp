#include "wave_loop.hpp"

#include <tbb/info.h>

#include <stdexcept>

namespace negsim::detail {

int worker_threads(int requested) {
  if (requested < 0) throw std::invalid_argument("threads must be 0 (all cores) or more");
  return requested > 0 ? requested : tbb::info::default_concurrency();
}

}  // namespace negsim::detail
