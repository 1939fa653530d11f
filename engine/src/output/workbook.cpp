#include "negsim/output/workbook.hpp"

#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "negsim/model/calendar.hpp"
#include "report_format.hpp"
#include "table_format.hpp"

namespace negsim {

namespace {

constexpr const char* kOutcomes = "Outcomes";
constexpr const char* kTerms = "Terms";
constexpr const char* kDrivers = "Drivers";
constexpr const char* kAssumptions = "Assumptions";
constexpr const char* kProvenance = "Provenance";

// The formats every sheet uses, owned by the workbook.
struct Formats {
  lxw_format* header = nullptr;   // bold, on a light band
  lxw_format* title = nullptr;    // bold, a size larger
  lxw_format* percent = nullptr;  // 0.0%
  lxw_format* wrap = nullptr;     // long text
};

// One sheet written row by row; each column's width follows its longest
// text (within limits), since Excel does not size columns on opening.
class Sheet {
 public:
  Sheet(lxw_workbook* book, const char* name, const Formats& formats)
      : sheet_(workbook_add_worksheet(book, name)), f_(formats) {
    if (!sheet_) throw std::runtime_error(std::string("cannot add the sheet ") + name);
  }

  void title(const std::string& text) {
    worksheet_write_string(sheet_, row_, 0, text.c_str(), f_.title);
    row_ += 2;
  }
  void note(const std::string& text) {
    worksheet_write_string(sheet_, row_++, 0, text.c_str(), nullptr);
  }
  void header(const std::vector<std::string>& names) {
    for (std::size_t c = 0; c < names.size(); ++c) {
      worksheet_write_string(sheet_, row_, col(c), names[c].c_str(), f_.header);
      fit(c, names[c].size());
    }
    ++row_;
  }
  void text(std::size_t c, const std::string& value) {
    if (value.empty()) return;
    worksheet_write_string(sheet_, row_, col(c), value.c_str(),
                           value.size() > kWidest ? f_.wrap : nullptr);
    fit(c, report::display_width(value));
  }
  void number(std::size_t c, double value) {
    worksheet_write_number(sheet_, row_, col(c), value, nullptr);  // General: as many digits as fit
    fit(c, 10);
  }
  void count(std::size_t c, std::uint64_t value) {
    worksheet_write_number(sheet_, row_, col(c), static_cast<double>(value), nullptr);
    fit(c, 10);
  }
  void percent(std::size_t c, double share) {
    worksheet_write_number(sheet_, row_, col(c), share, f_.percent);
    fit(c, 8);
  }
  void end_row() { ++row_; }
  void skip() { ++row_; }

  // Sets the widths; call when the sheet is written.
  void finish() {
    for (std::size_t c = 0; c < width_.size(); ++c)
      worksheet_set_column(sheet_, col(c), col(c),
                           static_cast<double>(std::min(width_[c], kWidest) + 2), nullptr);
  }

 private:
  static constexpr std::size_t kWidest = 60;  // wider text wraps
  static lxw_col_t col(std::size_t c) { return static_cast<lxw_col_t>(c); }
  void fit(std::size_t c, std::size_t width) {
    if (width_.size() <= c) width_.resize(c + 1, 8);
    width_[c] = std::max(width_[c], width);
  }

  lxw_worksheet* sheet_;
  const Formats& f_;
  lxw_row_t row_ = 0;
  std::vector<std::size_t> width_;
};

std::string days_phrase(const Provenance& p) {
  return report::exact_number(p.round_days) + " days";
}

void write_reach(Sheet& s, const std::vector<ReachSummary>& rows) {
  for (const ReachSummary& r : rows) {
    s.text(0, r.label);
    s.text(1, r.id);
    s.percent(2, r.probability);
    s.percent(3, r.ci95.low);
    s.percent(4, r.ci95.high);
    s.count(5, r.count);
    s.end_row();
  }
}

void outcomes_sheet(Sheet& s, const Summary& summary) {
  const Provenance& p = summary.provenance;
  s.title(p.scenario_title + ": outcomes by the horizon (" + std::to_string(p.horizon) + " " +
          p.round_label + "s)");
  s.header({"Outcome", "Id", "Probability", "95% interval: low", "95% interval: high", "Branches",
            "Std error", "With agreed terms", "Median rounds", "Median end date"});
  for (const OutcomeSummary& o : summary.outcomes) {
    s.text(0, o.label);
    s.text(1, o.id);
    s.percent(2, o.probability);
    s.percent(3, o.ci95.low);
    s.percent(4, o.ci95.high);
    s.count(5, o.count);
    s.percent(6, o.std_error);
    s.count(7, o.agreed_count);
    if (o.rounds && !o.unresolved) {
      s.number(8, o.rounds->p50);
      const std::string date =
          round_date(p.as_of, p.round_days, static_cast<int>(std::lround(o.rounds->p50)));
      s.text(9, date);
    }
    s.end_row();
  }
  s.skip();
  s.note("The intervals measure simulation noise only, not whether the assumptions are right.");
  if (!summary.groups.empty() || !summary.milestones.empty()) {
    s.skip();
    s.header({"Outcome group or milestone", "Id", "Probability", "95% interval: low",
              "95% interval: high", "Branches"});
    write_reach(s, summary.groups);
    write_reach(s, summary.milestones);
  }
  s.finish();
}

void terms_sheet(Sheet& s, const Summary& summary) {
  s.title("Agreed terms by outcome (of the branches that ended there with an agreement)");
  s.header({"Outcome", "Issue", "Unit", "Option", "Agreements", "Share", "Mean", "5th percentile",
            "10th percentile", "25th percentile", "Median", "75th percentile", "90th percentile",
            "95th percentile"});
  bool any = false;
  for (const OutcomeSummary& o : summary.outcomes) {
    for (const IssueTerms& t : o.terms) {
      any = true;
      if (!t.options.empty()) {
        for (const OptionShare& option : t.options) {
          s.text(0, o.label);
          s.text(1, t.label.empty() ? t.issue : t.label);
          s.text(2, t.unit);
          s.text(3, option.option);
          s.count(4, option.count);
          s.percent(5, option.share);
          s.end_row();
        }
        continue;
      }
      s.text(0, o.label);
      s.text(1, t.label.empty() ? t.issue : t.label);
      s.text(2, t.unit);
      s.count(4, t.count);
      const Spread& v = t.value;
      std::size_t c = 6;
      for (const double x : {v.mean, v.p5, v.p10, v.p25, v.p50, v.p75, v.p90, v.p95})
        s.number(c++, x);
      s.end_row();
    }
  }
  if (!any) s.note("No branch ended with agreed terms.");
  s.finish();
}

void drivers_sheet(Sheet& s, const Summary& summary) {
  s.title("Key drivers: the effect of each shock being possible");
  if (!summary.drivers) {
    s.note("Not measured for this run (negsim run --drivers measures it).");
  } else {
    s.header({"Shock", "Id", "Outcome", "Probability as written", "Without the shock", "Difference",
              "95% interval: low", "95% interval: high", "Branches compared",
              "Branches that ended differently"});
    for (const ShockDriver& d : *summary.drivers)
      for (const DriverEffect& e : d.outcomes) {
        s.text(0, d.label);
        s.text(1, d.id);
        s.text(2, e.outcome);
        s.percent(3, e.probability);
        s.percent(4, e.probability_without);
        s.percent(5, e.difference);
        s.percent(6, e.ci95.low);
        s.percent(7, e.ci95.high);
        s.count(8, d.branches);
        s.count(9, d.changed_branches);
        s.end_row();
      }
  }
  s.skip();
  s.skip();
  s.note(
      "Shocks and outcomes: association, not effect (branches that last longer see more "
      "shocks).");
  s.skip();
  s.header({"Shock", "Id", "Fired in branches", "Share of branches", "Firings", "Outcome",
            "Probability when fired", "When not fired", "Difference", "95% interval: low",
            "95% interval: high"});
  for (const ShockSummary& shock : summary.shocks) {
    const auto first = [&] {
      s.text(0, shock.label);
      s.text(1, shock.id);
      s.count(2, shock.fired_branches);
      s.percent(3, shock.fired_share);
      s.count(4, shock.firings);
    };
    if (shock.effects.empty()) {
      first();
      s.end_row();
    }
    for (const ShockEffect& e : shock.effects) {
      first();
      s.text(5, e.outcome);
      s.percent(6, e.fired);
      s.percent(7, e.not_fired);
      s.percent(8, e.difference);
      s.percent(9, e.ci95.low);
      s.percent(10, e.ci95.high);
      s.end_row();
    }
  }
  s.finish();
}

void assumptions_sheet(Sheet& s, const std::vector<Assumption>& assumptions) {
  s.title("Key assumptions: the uncertain inputs and the values set on the command line");
  if (assumptions.empty()) {
    s.note("The scenario has no uncertain inputs.");
    s.finish();
    return;
  }
  s.header({"Assumption", "Key path", "Value", "Note", "Sources", "Set on the command line"});
  for (const Assumption& a : assumptions) {
    s.text(0, a.what);
    s.text(1, a.path);
    s.text(2, a.value);
    s.text(3, a.note);
    s.text(4, report::joined(a.sources, "; "));
    s.text(5, a.overridden ? "yes" : "");
    s.end_row();
  }
  s.finish();
}

void provenance_sheet(Sheet& s, const Summary& summary) {
  const Provenance& p = summary.provenance;
  s.title("Provenance: quote these with any figure you forward");
  s.header({"Item", "Value"});
  const auto row = [&](const std::string& item, const std::string& value) {
    s.text(0, item);
    s.text(1, value);
    s.end_row();
  };
  const auto count_row = [&](const std::string& item, std::uint64_t value) {
    s.text(0, item);
    s.count(1, value);
    s.end_row();
  };
  row("Scenario", p.scenario_title);
  row("Scenario id", p.scenario_id);
  row("Scenario file", p.scenario_file);
  row(p.overrides.empty() ? "SHA-256 of the file" : "SHA-256 of the scenario as run",
      p.scenario_sha256);
  if (!p.overrides.empty()) {
    row("SHA-256 of the file", p.scenario_file_sha256);
    row("Overrides (--set)", report::joined(p.overrides, "; "));
  } else {
    row("Overrides (--set)", "none");
  }
  row("Assumptions as of", p.as_of);
  row("One round", p.round_label + " (" + days_phrase(p) + ")");
  count_row("Horizon (rounds)", static_cast<std::uint64_t>(p.horizon));
  count_row("Seed", p.seed);
  count_row("Branches", p.branches);
  if (p.partial) row("Partial", "yes: interrupted, only the first branches ran");
  if (p.precision > 0) {
    s.text(0, "Precision target (95% half-width)");
    s.percent(1, p.precision);
    s.end_row();
    row("Precision target met", p.precision_met ? "yes" : "no");
  }
  count_row("Threads", static_cast<std::uint64_t>(p.threads));
  row("negsim version", p.engine_version);
  row("Run finished (UTC)", p.date);
  s.finish();
}

// libxlsxwriter writes to a named file; the bytes are read back so that the
// caller writes the target atomically like every other output.
class ScratchFile {
 public:
  ScratchFile() {
    std::string name = (std::filesystem::temp_directory_path() / "negsim-xlsx-XXXXXX").string();
    const int fd = ::mkstemp(name.data());
    if (fd < 0) throw std::runtime_error("cannot create a temporary file for the workbook");
    ::close(fd);
    path_ = name;
  }
  ~ScratchFile() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace

std::vector<std::string> workbook_sheets() {
  return {kOutcomes, kTerms, kDrivers, kAssumptions, kProvenance};
}

std::string summary_workbook(const Summary& summary, const std::vector<Assumption>& assumptions) {
  const ScratchFile scratch;
  lxw_workbook* book = workbook_new(scratch.path().c_str());
  if (!book) throw std::runtime_error("cannot start the workbook");
  {
    Formats f;
    f.header = workbook_add_format(book);
    format_set_bold(f.header);
    format_set_bg_color(f.header, 0xE8EEF4);
    format_set_bottom(f.header, LXW_BORDER_THIN);
    format_set_text_wrap(f.header);
    f.title = workbook_add_format(book);
    format_set_bold(f.title);
    format_set_font_size(f.title, 13);
    f.percent = workbook_add_format(book);
    format_set_num_format(f.percent, "0.0%");
    f.wrap = workbook_add_format(book);
    format_set_text_wrap(f.wrap);
    format_set_align(f.wrap, LXW_ALIGN_VERTICAL_TOP);

    lxw_doc_properties properties{};
    const std::string title = summary.provenance.scenario_title;
    properties.title = const_cast<char*>(title.c_str());
    properties.comments = const_cast<char*>("Written by negsim");
    workbook_set_properties(book, &properties);

    Sheet outcomes(book, kOutcomes, f);
    outcomes_sheet(outcomes, summary);
    Sheet terms(book, kTerms, f);
    terms_sheet(terms, summary);
    Sheet drivers(book, kDrivers, f);
    drivers_sheet(drivers, summary);
    Sheet inputs(book, kAssumptions, f);
    assumptions_sheet(inputs, assumptions);
    Sheet provenance(book, kProvenance, f);
    provenance_sheet(provenance, summary);
  }
  const lxw_error error = workbook_close(book);
  if (error != LXW_NO_ERROR)
    throw std::runtime_error(std::string("cannot write the workbook: ") + lxw_strerror(error));
  std::ifstream in(scratch.path(), std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in) throw std::runtime_error("cannot read the workbook back from its temporary file");
  return bytes.str();
}

}  // namespace negsim
