#include "negsim/output/report_files.hpp"

#include <nlohmann/json.hpp>

#include "negsim/output/briefing_charts.hpp"
#include "negsim/output/html_report.hpp"
#include "negsim/output/output_set.hpp"
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

namespace {

// The report files as one set (output_set.hpp), then the figures into their
// own folder, each file replaced atomically.
WrittenFiles write_set_and_figures(const std::filesystem::path& dir,
                                   const std::vector<OutputFile>& files,
                                   const std::vector<Chart>& charts) {
  write_output_set(dir, files);
  WrittenFiles written;
  for (const OutputFile& f : files) written.files.push_back(f.name);
  // The set is in place by now: a failure here must not be reported as if
  // nothing had been written, so it becomes the note beside the file list.
  try {
    written.figures = write_figures(dir / kFiguresFolder, charts);
  } catch (const std::exception& e) {
    written.figures = {};
    written.figures.png_note = std::string("the figures could not be written: ") + e.what();
  }
  return written;
}

}  // namespace

WrittenFiles write_run_outputs(const std::filesystem::path& dir, const Summary& summary,
                               const std::vector<Assumption>& assumptions,
                               const std::vector<OutputFile>& extra) {
  std::vector<OutputFile> files = {{"summary.json", to_json(summary).dump(2) + "\n"},
                                   {"summary.md", markdown_report(summary, assumptions)},
                                   {"outcomes.csv", csv_report(summary)},
                                   {"summary.html", html_report(summary, assumptions)}};
  files.insert(files.end(), extra.begin(), extra.end());
  return write_set_and_figures(dir, files, summary_charts(summary));
}

WrittenFiles write_report_files(const std::filesystem::path& dir, const std::string& stem,
                                const std::string& markdown, const std::string& csv,
                                const std::string& json, const std::string& html,
                                const std::vector<Chart>& charts,
                                const std::vector<OutputFile>& extra) {
  std::vector<OutputFile> files = {
      {stem + ".md", markdown}, {stem + ".csv", csv}, {stem + ".json", json}};
  files.insert(files.end(), extra.begin(), extra.end());
  if (html.empty()) return write_set_and_figures(dir, files, {});
  files.push_back({stem + ".html", html});
  return write_set_and_figures(dir, files, charts);
}

}  // namespace negsim
