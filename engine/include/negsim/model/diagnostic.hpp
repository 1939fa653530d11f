#pragma once
// A problem found in a user's input, located precisely enough to fix it.

#include <stdexcept>
#include <string>
#include <vector>

namespace negsim {

struct Diagnostic {
  std::string file;      // as the user named it
  int line = 0;          // 1-based; 0 when unknown
  int column = 0;        // 1-based; 0 when unknown
  std::string path;      // key path, e.g. parties[1].demands.donetsk.red_line
  std::string message;   // what is wrong and what was expected

  // "file:line:column: error: path: message" (parts that are unknown are left out).
  std::string to_string() const;
};

// Thrown when an input cannot be used; carries every problem found, not just the first.
class InputError : public std::runtime_error {
 public:
  explicit InputError(std::vector<Diagnostic> diagnostics);
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

// Every problem of `error`, one Diagnostic::to_string() per line (no final line break).
std::string diagnostics_text(const InputError& error);

}  // namespace negsim
