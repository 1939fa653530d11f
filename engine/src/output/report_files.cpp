#include "negsim/output/report_files.hpp"

#include <nlohmann/json.hpp>

#include "negsim/output/atomic_file.hpp"
#include "negsim/output/report.hpp"
#include "negsim/output/summary_json.hpp"

namespace negsim {

void write_run_outputs(const std::filesystem::path& dir, const Summary& summary) {
  std::filesystem::create_directories(dir);
  write_file_atomically(dir / "summary.json", to_json(summary).dump(2) + "\n");
  write_file_atomically(dir / "summary.md", markdown_report(summary));
  write_file_atomically(dir / "outcomes.csv", csv_report(summary));
}

void write_report_files(const std::filesystem::path& dir, const std::string& stem,
                        const std::string& markdown, const std::string& csv,
                        const std::string& json) {
  std::filesystem::create_directories(dir);
  write_file_atomically(dir / (stem + ".md"), markdown);
  write_file_atomically(dir / (stem + ".csv"), csv);
  write_file_atomically(dir / (stem + ".json"), json);
}

}  // namespace negsim
