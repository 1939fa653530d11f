#include "markdown_html.hpp"

#include "negsim/output/svg_chart.hpp"

namespace negsim::report {

namespace {

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// The cells of a table row "| a | b |", with "\|" kept as a pipe.
std::vector<std::string> cells(std::string_view row) {
  std::vector<std::string> out;
  std::string cell;
  std::size_t i = row.find('|');
  if (i == std::string_view::npos) return out;
  for (++i; i < row.size(); ++i) {
    if (row[i] == '\\' && i + 1 < row.size() && row[i + 1] == '|') {
      cell += "\\|";
      ++i;
    } else if (row[i] == '|') {
      const auto first = cell.find_first_not_of(' ');
      const auto last = cell.find_last_not_of(' ');
      out.push_back(first == std::string::npos ? "" : cell.substr(first, last - first + 1));
      cell.clear();
    } else {
      cell += row[i];
    }
  }
  return out;
}

std::string table_html(const std::vector<std::string_view>& rows) {
  const auto header = cells(rows[0]);
  std::vector<bool> right;
  if (rows.size() > 1)
    for (const std::string& spec : cells(rows[1]))
      right.push_back(!spec.empty() && spec.back() == ':');
  const auto cls = [&](std::size_t i) {
    return i < right.size() && right[i] ? std::string(" class=\"num\"") : std::string();
  };
  std::string out = "<div class=\"table-wrap\"><table>\n<thead><tr>";
  for (std::size_t i = 0; i < header.size(); ++i)
    out += "<th" + cls(i) + ">" + inline_html(header[i]) + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (std::size_t r = 2; r < rows.size(); ++r) {
    const auto row = cells(rows[r]);
    out += "<tr>";
    for (std::size_t i = 0; i < row.size(); ++i)
      out += "<td" + cls(i) + ">" + inline_html(row[i]) + "</td>";
    out += "</tr>\n";
  }
  return out + "</tbody></table></div>\n";
}

}  // namespace

std::string inline_html(std::string_view text) {
  std::string out;
  bool bold = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\\' && i + 1 < text.size() && text[i + 1] == '|') {
      out += '|';
      ++i;
    } else if (c == '`') {
      const std::size_t end = text.find('`', i + 1);
      if (end == std::string_view::npos) {
        out += xml_escape(text.substr(i));
        break;
      }
      // Inside code a pipe is still escaped in a table cell.
      std::string code(text.substr(i + 1, end - i - 1));
      for (std::size_t at; (at = code.find("\\|")) != std::string::npos;) code.replace(at, 2, "|");
      out += "<code>" + xml_escape(code) + "</code>";
      i = end;
    } else if (c == '*' && i + 1 < text.size() && text[i + 1] == '*') {
      out += bold ? "</strong>" : "<strong>";
      bold = !bold;
      ++i;
    } else {
      out += xml_escape(std::string_view(&text[i], 1));
    }
  }
  if (bold) out += "</strong>";
  return out;
}

std::vector<MarkdownSection> markdown_sections(std::string_view markdown) {
  std::vector<MarkdownSection> sections(1);
  for (std::string_view line : split_lines(markdown)) {
    if (starts_with(line, "## ")) {
      sections.push_back({std::string(line.substr(3)), ""});
      continue;
    }
    sections.back().body += std::string(line) + "\n";
  }
  return sections;
}

std::string markdown_to_html(std::string_view markdown) {
  const auto lines = split_lines(markdown);
  std::string out;
  std::string paragraph;
  bool in_list = false;
  const auto end_paragraph = [&] {
    if (!paragraph.empty())
      out += (in_list ? "<li>" : "<p>") + paragraph + (in_list ? "</li>\n" : "</p>\n");
    paragraph.clear();
  };
  const auto end_list = [&] {
    end_paragraph();
    if (in_list) out += "</ul>\n";
    in_list = false;
  };
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    if (line.empty()) {
      end_list();
      continue;
    }
    // A fenced block (the reports put error messages in one) is shown as
    // written, escaped, wrapping rather than widening the page.
    if (starts_with(line, "```")) {
      end_list();
      std::string code;
      while (++i < lines.size() && !starts_with(lines[i], "```"))
        code += xml_escape(lines[i]) + "\n";
      out += "<pre><code>" + code + "</code></pre>\n";
      continue;
    }
    if (starts_with(line, "- ")) {
      end_paragraph();
      if (!in_list) out += "<ul>\n";
      in_list = true;
      line.remove_prefix(2);
    }
    if (starts_with(line, "|")) {
      end_list();
      std::vector<std::string_view> rows;
      while (i < lines.size() && starts_with(lines[i], "|")) rows.push_back(lines[i++]);
      --i;
      out += table_html(rows);
      continue;
    }
    if (starts_with(line, "### ") || starts_with(line, "# ")) {
      end_list();
      const bool third = starts_with(line, "### ");
      out += std::string(third ? "<h3>" : "<h2>") + inline_html(line.substr(third ? 4 : 2)) +
             (third ? "</h3>\n" : "</h2>\n");
      continue;
    }
    if (starts_with(line, "> ")) {
      end_list();
      out += "<blockquote class=\"note\"><p>" + inline_html(line.substr(2)) + "</p></blockquote>\n";
      continue;
    }
    const bool hard_break = line.size() >= 2 && line.substr(line.size() - 2) == "  ";
    if (hard_break) line.remove_suffix(2);
    paragraph += inline_html(line) + (hard_break ? "<br>\n" : "\n");
  }
  end_list();
  return out;
}

}  // namespace negsim::report
