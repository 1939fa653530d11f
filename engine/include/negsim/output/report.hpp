#pragma once
// The briefing outputs of a run, all rendered from a Summary alone (so a
// stored summary re-renders without re-running): a plain-text briefing for the
// terminal, a Markdown briefing, and a CSV table of outcomes. summary.json is
// to_json (summary.hpp).

#include <iosfwd>
#include <string>
#include <vector>

#include "negsim/output/assumptions.hpp"
#include "negsim/run/summary.hpp"

namespace negsim {

// One sentence: the most likely outcome with its interval and typical timing,
// and the share still unresolved at the horizon.
std::string bottom_line(const Summary& summary);

// Compact plain-text briefing: bottom line, outcomes with intervals, agreed
// terms, timing, key drivers, frequent paths, provenance.
void write_text_report(const Summary& summary, std::ostream& out);
std::string text_report(const Summary& summary);

// The same content as briefing-ready Markdown with tables, with the
// noise caveat under the bottom line and, when `assumptions` are given (the
// scenario file is at hand, assumptions.hpp), their table before the
// provenance.
std::string markdown_report(const Summary& summary,
                            const std::vector<Assumption>& assumptions = {});

// One row per outcome, with the provenance repeated on every row so that a row
// pasted elsewhere still says where it came from.
std::string csv_report(const Summary& summary);

}  // namespace negsim
