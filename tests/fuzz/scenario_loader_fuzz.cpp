// libFuzzer target: any bytes given to the scenario loader either load into a
// Scenario the simulator accepts or are refused with an InputError. Anything
// else (a crash, a sanitizer report, another exception, a hang) is a finding.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "negsim/input/scenario_loader.hpp"
#include "negsim/model/diagnostic.hpp"
#include "negsim/model/simulator.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const negsim::Scenario scenario = negsim::load_scenario_string(text, "fuzz.yaml");
    // A scenario the loader accepted must compile; playing branches is left
    // to the tests (a valid scenario may legitimately take long to play).
    const negsim::Simulator simulator(scenario);
  } catch (const negsim::InputError&) {
    // Refused with diagnostics: the expected way to fail.
  }
  return 0;
}
