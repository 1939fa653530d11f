#pragma once
// Slide-ready figures: every chart of a briefing as a standalone SVG (960 ×
// 540, 16:9, with its title and labels), and as a PNG twice that size when a
// converter is installed (rsvg-convert, Debian's librsvg2-bin). Without one
// no PNG is written and nothing fails; the result says so.

#include <filesystem>
#include <string>
#include <vector>

#include "negsim/output/svg_chart.hpp"

namespace negsim {

struct FiguresWritten {
  std::vector<std::string> svg, png;  // file names, in the order of the charts
  std::string png_note;               // why no PNG was written, when none was
};

// Writes NAME.svg (and NAME.png) for each chart into `dir` (created), each
// file replaced in one step. Throws std::runtime_error when an SVG cannot be
// written; a PNG that cannot be made is only noted.
FiguresWritten write_figures(const std::filesystem::path& dir, const std::vector<Chart>& charts);

// The PNG converter found on PATH (rsvg-convert), or empty. NEGSIM_NO_PNG=1
// in the environment turns PNGs off (tests, or a machine where they are not wanted).
std::string png_converter();

}  // namespace negsim
