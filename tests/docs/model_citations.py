#!/usr/bin/env python3
"""Checks that the code and the other documents cite docs/model.md by section
number, and only numbers it has.

A comment such as `docs/model.md 4.5` or `(docs/model.md, section 5.3)` lets a
reader go from the code to its equation; a citation by name ("Sampling") broke
when the sections were renumbered and renamed. Every mention of model.md in
engine/, tools/, tests/, docs/ (but model.md itself) and the README is read:
one followed by a quoted name is a problem, and one followed by a number must
name a heading of model.md (`## 4.` or `### 4.5`). A bare mention (`see
docs/model.md`) is fine.

Usage: model_citations.py SOURCE_DIR   (exit status 1 and one line per problem)
       model_citations.py --self-test  (checks that the checker catches each kind)
"""

import os
import re
import sys
import tempfile

# What may stand between "model.md" and the number: a closing backquote,
# a comma or colon, "section(s)" or "§", spaces, and a line break that carries
# on a comment (//, #, *).
GAP = r"(?:\n\s*(?://|#|\*)|[\s,:`]|sections?\b|§)*"
CITATION = re.compile(r"model\.md" + GAP + r"(?P<cite>\"|\d+(?:\.\d+)?)?")
HEADING = re.compile(r"^#{2,3} (\d+(?:\.\d+)?)[. ]", re.MULTILINE)
SUFFIXES = (".cpp", ".hpp", ".h", ".py", ".md", ".txt", ".cmake", ".sh", "")
SKIP_DIRS = {"build", ".git", "node_modules", "data"}


def sections(model_text):
    return set(HEADING.findall(model_text))


def files(root):
    for top in ("engine", "tools", "tests", "docs"):
        for folder, dirs, names in os.walk(os.path.join(root, top)):
            dirs[:] = [d for d in dirs if d not in SKIP_DIRS]
            for name in sorted(names):
                if os.path.splitext(name)[1] in SUFFIXES:
                    yield os.path.join(folder, name)
    yield os.path.join(root, "README.md")


def check(root):
    model = os.path.join(root, "docs", "model.md")
    with open(model, encoding="utf-8") as f:
        known = sections(f.read())
    problems = []
    for path in files(root):
        if os.path.abspath(path) in (os.path.abspath(model), os.path.abspath(__file__)):
            continue
        try:
            with open(path, encoding="utf-8") as f:
                text = f.read()
        except (UnicodeDecodeError, FileNotFoundError):
            continue
        relative = os.path.relpath(path, root).replace(os.sep, "/")
        for match in CITATION.finditer(text):
            cite = match.group("cite")
            if cite is None:
                continue
            line = text.count("\n", 0, match.start()) + 1
            where = f"{relative}:{line}"
            if cite == '"':
                end = text.find('"', match.end())
                name = text[match.end():end] if 0 <= end - match.end() < 60 else "..."
                name = re.sub(r"\s*\n\s*(?://|#|\*)?\s*", " ", name)
                problems.append(f'{where}: cites docs/model.md by the name "{name}"; '
                                f"cite its section number")
            elif cite not in known:
                problems.append(f"{where}: cites docs/model.md {cite}, which has no such section")
    return problems


def self_test():
    model = "# Model\n## 1. One\n### 1.1 Sub\n## 2. Two\n"
    cases = {
        "engine/a.cpp": ('// docs/model.md 1.1: fine\n// (docs/model.md, section 2) fine\n'
                         '// see docs/model.md.\n', 0),
        "engine/b.cpp": ('// docs/model.md "Sampling": by name\n', 1),
        "engine/c.hpp": ("// docs/model.md 3.2: no such section\n", 1),
        "engine/d.hpp": ("// docs/model.md 1.4: no such subsection\n", 1),
        "tools/e.py": ('# (docs/model.md,\n# section "Proposals")\n', 1),
        "docs/f.md": ("`model.md` 2 and `model.md` 1.1\n", 0),
    }
    failures = []
    with tempfile.TemporaryDirectory() as root:
        os.makedirs(os.path.join(root, "docs"))
        with open(os.path.join(root, "docs", "model.md"), "w", encoding="utf-8") as f:
            f.write(model)
        with open(os.path.join(root, "README.md"), "w", encoding="utf-8") as f:
            f.write("See docs/model.md 2.\n")
        for name, (text, _) in cases.items():
            os.makedirs(os.path.dirname(os.path.join(root, name)), exist_ok=True)
            with open(os.path.join(root, name), "w", encoding="utf-8") as f:
                f.write(text)
        problems = check(root)
        for name, (_, expected) in cases.items():
            found = [p for p in problems if p.startswith(name + ":")]
            if len(found) != expected:
                failures.append(f"{name}: expected {expected} problem(s), got {found}")
    for failure in failures:
        print(failure)
    return 1 if failures else 0


def main(argv):
    if argv[1:] == ["--self-test"]:
        return self_test()
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-2].strip(), file=sys.stderr)
        return 2
    problems = check(argv[1])
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
