#include "negsim/whatif/context.hpp"

namespace negsim {

WhatIfListener& WhatIfContext::tell() const {
  static WhatIfListener silent;
  return listener ? *listener : silent;
}

}  // namespace negsim
