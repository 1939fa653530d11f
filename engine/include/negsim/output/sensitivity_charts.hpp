#pragma once
// Charts as standalone SVG files: the tornado and the Sobol indices of a
// sensitivity analysis, and the convergence of a run's estimates. A small
// self-contained writer for now, kept in one file so that it can give way to
// a chart module with the HTML report.

#include <string>
#include <vector>

#include "negsim/output/sensitivity_report.hpp"
#include "negsim/run/convergence.hpp"

namespace negsim {

// Horizontal bars from the base to the chance with each input held low and
// high, largest swing on top; a thin line marks each end's 95% interval.
std::string tornado_svg(const SensitivityReport& report);

// First-order and total index of each factor, with their 95% intervals.
std::string indices_svg(const SensitivityReport& report);

// Each outcome's running estimate and 95% interval against the branches run
// (logarithmic axis).
std::string convergence_svg(const Convergence& convergence, const std::string& title);

}  // namespace negsim
