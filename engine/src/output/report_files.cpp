#include "negsim/output/report_files.hpp"

#include <nlohmann/json.hpp>

#include "negsim/output/output_set.hpp"
#include "negsim/output/report.hpp"
#include "negsim/output/summary_json.hpp"

namespace negsim {

void write_run_outputs(const std::filesystem::path& dir, const Summary& summary,
                       const std::vector<OutputFile>& extra) {
  std::vector<OutputFile> files = {{"summary.json", to_json(summary).dump(2) + "\n"},
                                   {"summary.md", markdown_report(summary)},
                                   {"outcomes.csv", csv_report(summary)}};
  files.insert(files.end(), extra.begin(), extra.end());
  write_output_set(dir, files);
}

void write_report_files(const std::filesystem::path& dir, const std::string& stem,
                        const std::string& markdown, const std::string& csv,
                        const std::string& json, const std::vector<OutputFile>& extra) {
  std::vector<OutputFile> files = {
      {stem + ".md", markdown}, {stem + ".csv", csv}, {stem + ".json", json}};
  files.insert(files.end(), extra.begin(), extra.end());
  write_output_set(dir, files);
}

}  // namespace negsim
