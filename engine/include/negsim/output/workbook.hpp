#pragma once
// A run's result as an Excel workbook (`negsim results export ID --xlsx`),
// for analysts who carry figures into their own spreadsheets. Sheets:
// Outcomes (probability, 95% interval, counts; then the outcome groups and
// milestones), Terms (each outcome's agreed terms, issue by issue, as in
// summary.json), Drivers (the effect of each shock when the run measured it,
// and the shock associations), Assumptions (the uncertain inputs, their
// distributions and sources) and Provenance. Numbers are numbers, shares are
// formatted as percentages, headers are bold and columns are sized to read.
// Written with libxlsxwriter.

#include <filesystem>
#include <string>
#include <vector>

#include "negsim/output/assumptions.hpp"
#include "negsim/run/summary.hpp"

namespace negsim {

// The sheet names, in order.
std::vector<std::string> workbook_sheets();

// The workbook's bytes (an .xlsx file, a zip archive). Throws
// std::runtime_error when libxlsxwriter fails.
std::string summary_workbook(const Summary& summary, const std::vector<Assumption>& assumptions);

}  // namespace negsim
