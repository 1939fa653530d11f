#pragma once
// Tables and cells shared by the reports (internal to the output layer): CSV
// fields, Markdown tables and plain-text tables that line up on a terminal.

#include <cstddef>
#include <string>
#include <vector>

namespace negsim::report {

// RFC 4180: the field quoted when it holds a comma, quote or line break.
std::string csv_field(const std::string& text);
// A Markdown table cell: pipes escaped, line breaks (which would end the row) as spaces.
std::string markdown_cell(const std::string& text);

// `items` with `separator` between them.
std::string joined(const std::vector<std::string>& items, const std::string& separator);
// Characters as a terminal shows them (fmt pads by the same count): UTF-8
// continuation bytes take no room.
std::size_t display_width(const std::string& text);
// Breaks `text` into lines of at most `width` characters at spaces.
std::string wrapped(const std::string& text, std::size_t width = 96);

// A plain-text table: first column left-aligned, the others right-aligned.
std::string text_table(const std::vector<std::vector<std::string>>& rows);
// A Markdown table: the first row is the header, the first column left-aligned.
std::string markdown_table(const std::vector<std::vector<std::string>>& rows);

}  // namespace negsim::report
