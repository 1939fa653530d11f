#include "negsim/output/report_files.hpp"

#include <nlohmann/json.hpp>

#include "negsim/output/atomic_file.hpp"
#include "negsim/output/briefing_charts.hpp"
#include "negsim/output/html_report.hpp"
#include "negsim/output/report.hpp"
#include "negsim/output/summary_json.hpp"

namespace negsim {

std::string WrittenFiles::describe() const {
  std::vector<std::string> parts = files;
  if (!figures.svg.empty()) {
    std::string f = std::to_string(figures.svg.size()) + " figure" +
                    (figures.svg.size() == 1 ? "" : "s") + " in " + kFiguresFolder + "/ (SVG";
    f += figures.png.empty() ? ")" : ", PNG)";
    parts.push_back(f);
  }
  std::string text;
  for (std::size_t i = 0; i < parts.size(); ++i)
    text += (i == 0 ? "" : i + 1 == parts.size() ? " and " : ", ") + parts[i];
  return text;
}

WrittenFiles write_run_outputs(const std::filesystem::path& dir, const Summary& summary,
                               const std::vector<Assumption>& assumptions) {
  std::filesystem::create_directories(dir);
  WrittenFiles written;
  const auto write = [&](const std::string& name, const std::string& content) {
    write_file_atomically(dir / name, content);
    written.files.push_back(name);
  };
  write("summary.json", to_json(summary).dump(2) + "\n");
  write("summary.md", markdown_report(summary, assumptions));
  write("outcomes.csv", csv_report(summary));
  write("summary.html", html_report(summary, assumptions));
  written.figures = write_figures(dir / kFiguresFolder, summary_charts(summary));
  return written;
}

WrittenFiles write_report_files(const std::filesystem::path& dir, const std::string& stem,
                                const std::string& markdown, const std::string& csv,
                                const std::string& json, const std::string& html,
                                const std::vector<Chart>& charts) {
  std::filesystem::create_directories(dir);
  WrittenFiles written;
  const auto write = [&](const std::string& name, const std::string& content) {
    write_file_atomically(dir / name, content);
    written.files.push_back(name);
  };
  write(stem + ".md", markdown);
  write(stem + ".csv", csv);
  write(stem + ".json", json);
  if (!html.empty()) {
    write(stem + ".html", html);
    written.figures = write_figures(dir / kFiguresFolder, charts);
  }
  return written;
}

}  // namespace negsim
