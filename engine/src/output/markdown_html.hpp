#pragma once
// The Markdown the reports write, as HTML (internal to the output layer), so
// that summary.html says exactly what summary.md says, section by section.
// Only what the reports use: headings, paragraphs with hard breaks ("  \n"),
// block quotes, pipe tables with alignment, **bold** and `code`. Every text is
// escaped; nothing in a report can become markup.

#include <string>
#include <string_view>
#include <vector>

namespace negsim::report {

// A "## " section of a report: its heading (empty before the first) and its body.
struct MarkdownSection {
  std::string heading;
  std::string body;
};

std::vector<MarkdownSection> markdown_sections(std::string_view markdown);

// The HTML of Markdown blocks (no headings of level 1 or 2 expected; a "# "
// line becomes an <h2>, a "### " line an <h3>). Tables sit in a <div
// class="table-wrap"> that scrolls sideways on a narrow screen instead of
// widening the page.
std::string markdown_to_html(std::string_view markdown);

// Inline Markdown (bold, code, escaped pipes) as HTML.
std::string inline_html(std::string_view text);

}  // namespace negsim::report
