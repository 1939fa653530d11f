#!/usr/bin/env python3
"""Checks that the engine's #include lines follow its layers (docs/architecture.md).

The CMake targets already keep each layer from linking what it must not, but
Debian installs every library's headers in /usr/include, so a stray
`#include <yaml-cpp/yaml.h>` in the model would still compile. This script
reads the include lines instead: a file of a layer may include headers of its
own layer and of the layers below it, and only the third-party libraries its
layer links. It also checks that public headers (engine/include) and the
negsim command (tools/negsim) include no private header (engine/src), and
that every engine file sits in a layer folder.

Usage: layering.py SOURCE_DIR      (exit status 1 and one line per problem)
       layering.py --self-test     (checks that the checker catches each kind)
"""

import os
import re
import sys
import tempfile

# What each layer may include, besides itself. The negsim command (tools/negsim)
# sits on top and sees only the public headers.
LOWER = {
    "model": set(),
    "run": {"model"},
    "input": {"model"},
    "output": {"model", "run"},
    "whatif": {"model", "run", "input", "output"},
    "tools": {"model", "run", "input", "output", "whatif"},
}

# Third-party headers that belong to some layers only (the rest, such as fmt,
# Boost and Random123, any layer may use). Matched on the start of the path.
LIBRARIES = {
    "yaml-cpp/": {"input"},
    "sqlite3.h": {"output"},
    "nlohmann/": {"output", "whatif", "tools"},
    "openssl/": {"input", "output"},
    "tbb/": {"run"},
    "oneapi/": {"run"},
    "zlib.h": {"output"},
    "xlsxwriter": {"output"},
}

# Files that live in one layer's folder but belong to another, and
# (including file, included file) pairs allowed against the layers: none.
LAYER_OF = {}
ALLOWED = set()

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.MULTILINE)
SOURCE_SUFFIXES = (".hpp", ".cpp", ".h", ".cc")


def layer_of(relative):
    """The layer of an engine file (by its folder), "tools" for the command, or None."""
    if relative in LAYER_OF:
        return LAYER_OF[relative]
    parts = relative.split("/")
    if parts[:2] == ["tools", "negsim"]:
        return "tools"
    if parts[:3] == ["engine", "include", "negsim"] and len(parts) == 5:
        return parts[3]
    if parts[:2] == ["engine", "src"] and len(parts) == 4:
        return parts[2]
    return None


def resolve(root, relative, name):
    """The engine file a quoted include names, as a path relative to `root`."""
    for base in (os.path.dirname(relative), "engine/src", "engine/include"):
        candidate = os.path.normpath(os.path.join(base, name))
        if os.path.isfile(os.path.join(root, candidate)):
            return candidate.replace(os.sep, "/")
    return None


def check(root):
    problems = []
    walked = [os.walk(os.path.join(root, top)) for top in ("engine", "tools/negsim")]
    for folder, _, names in (entry for walk in walked for entry in walk):
        for name in sorted(names):
            if not name.endswith(SOURCE_SUFFIXES):
                continue
            relative = os.path.relpath(os.path.join(folder, name), root).replace(os.sep, "/")
            layer = layer_of(relative)
            if layer not in LOWER:
                problems.append(f"{relative}: not in a layer folder "
                                f"(engine/src/<layer>/ or engine/include/negsim/<layer>/)")
                continue
            with open(os.path.join(root, relative), encoding="utf-8") as f:
                text = f.read()
            public = not relative.startswith("engine/src/")
            for match in INCLUDE.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                kind, name_included = match.groups()
                where = f"{relative}:{line}"
                for prefix, layers in LIBRARIES.items():
                    if name_included.startswith(prefix) and layer not in layers:
                        problems.append(f"{where}: the {layer} layer includes <{name_included}>, "
                                        f"which only {', '.join(sorted(layers))} may use")
                if kind == "<":
                    continue
                target = resolve(root, relative, name_included)
                if target is None or (relative, target) in ALLOWED:
                    continue
                target_layer = layer_of(target)
                if target_layer is None:
                    continue
                if target_layer != layer and target_layer not in LOWER[layer]:
                    problems.append(f"{where}: the {layer} layer includes \"{name_included}\" "
                                    f"of the {target_layer} layer above it")
                if public and target.startswith("engine/src/"):
                    problems.append(f"{where}: {'a public header' if layer != 'tools' else 'the command'} "
                                    f"includes the private \"{name_included}\"")
    return problems


def self_test():
    files = {
        "engine/include/negsim/model/a.hpp": '#include <yaml-cpp/yaml.h>\n',
        "engine/include/negsim/run/b.hpp": '#include "negsim/output/c.hpp"\n',
        "engine/include/negsim/output/c.hpp": '#include "output/private.hpp"\n',
        "engine/src/output/private.hpp": "",
        "engine/src/model/other.cpp": '#include "output/private.hpp"\n',
        "engine/src/input/d.cpp": '#include <yaml-cpp/yaml.h>\n#include "negsim/model/a.hpp"\n',
        "engine/src/loose.cpp": "",
        "tools/negsim/cmd.cpp": '#include <yaml-cpp/yaml.h>\n#include "output/private.hpp"\n'
                                '#include "negsim/model/a.hpp"\n',
    }
    expected = [
        "engine/include/negsim/model/a.hpp:1: the model layer includes <yaml-cpp/yaml.h>",
        "engine/include/negsim/run/b.hpp:1: the run layer includes \"negsim/output/c.hpp\"",
        "engine/include/negsim/output/c.hpp:1: a public header includes the private",
        "engine/src/model/other.cpp:1: the model layer includes \"output/private.hpp\"",
        "engine/src/loose.cpp: not in a layer folder",
        "tools/negsim/cmd.cpp:1: the tools layer includes <yaml-cpp/yaml.h>",
        "tools/negsim/cmd.cpp:2: the command includes the private \"output/private.hpp\"",
    ]
    with tempfile.TemporaryDirectory() as root:
        for relative, text in files.items():
            path = os.path.join(root, relative)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        problems = check(root)
    missing = [e for e in expected if not any(p.startswith(e) for p in problems)]
    extra = [p for p in problems if not any(p.startswith(e) for e in expected)]
    for e in missing:
        print(f"self-test: not caught: {e}")
    for p in extra:
        print(f"self-test: reported wrongly: {p}")
    return 1 if missing or extra else 0


def main(argv):
    if argv[1:] == ["--self-test"]:
        return self_test()
    if len(argv) != 2:
        print("usage: layering.py SOURCE_DIR | --self-test", file=sys.stderr)
        return 2
    problems = check(argv[1])
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
