#!/usr/bin/python3
"""Checks scenario and observation files against the JSON Schemas editors use.

    check_schema.py SCHEMA DIR [DIR...] [--observations OBSERVATION_SCHEMA]

Every *.yaml under each DIR (recursively), except in folders named `batches`
(batch files list scenarios; they are not scenarios themselves), must
  1. start with the modeline `# yaml-language-server: $schema=<path>` whose
     relative path, taken from the file's own directory, is its schema, so that
     editors find the schema; and
  2. validate against that schema.
A scenario's schema is SCHEMA. An observation file (NAME.observed.yaml: what
happened in a historical case, docs/validation.md) is no scenario; its schema
is OBSERVATION_SCHEMA, and without --observations it is a problem.
Prints every problem as `FILE: KEY.PATH: message` and exits 1 if there is any.

YAML is read the way the YAML language server (YAML 1.2) and negsim read it:
dates such as 2026-01-01 stay text, and only true/false are booleans (`yes`
and `no` are text, as in a binary issue's options).
"""

import os
import re
import sys

import jsonschema
import yaml

MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)\s*$")


class Yaml12Loader(yaml.SafeLoader):
    """SafeLoader without YAML 1.1's timestamps and yes/no/on/off booleans."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"))


def key_path(path):
    """['parties', 1, 'demands'] -> 'parties[1].demands' (the loader's form)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += "[%d]" % part
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def check_file(path, schema_path, validator):
    problems = []
    with open(path, encoding="utf-8") as f:
        text = f.read()
    first_line = text.split("\n", 1)[0]
    match = MODELINE.match(first_line)
    if not match:
        problems.append("line 1: expected the modeline '# yaml-language-server: $schema=%s'"
                        % os.path.relpath(schema_path, os.path.dirname(path)))
    else:
        target = os.path.normpath(os.path.join(os.path.dirname(path), match.group(1)))
        if target != os.path.normpath(schema_path):
            problems.append("line 1: the modeline points at %s, not at the schema; use $schema=%s"
                            % (match.group(1), os.path.relpath(schema_path, os.path.dirname(path))))
    try:
        document = yaml.load(text, Loader=Yaml12Loader)
    except yaml.YAMLError as e:
        return problems + ["not readable as YAML: %s" % e]
    for error in sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.path))):
        # For anyOf/oneOf, the most specific sub-error says more than "is not valid under any".
        best = jsonschema.exceptions.best_match([error])
        problems.append("%s: %s" % (key_path(best.absolute_path), best.message))
    return problems


def is_observation(path):
    return path.endswith((".observed.yaml", ".observed.yml"))


def load_validator(path):
    with open(path, encoding="utf-8") as f:
        schema = yaml.safe_load(f)  # JSON is YAML
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def main(argv):
    args = list(argv[1:])
    observation_schema = None
    if "--observations" in args:
        at = args.index("--observations")
        if at + 1 >= len(args):
            print(__doc__.strip(), file=sys.stderr)
            return 2
        observation_schema = os.path.abspath(args[at + 1])
        del args[at:at + 2]
    if len(args) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    schema_path = os.path.abspath(args[0])
    validator = load_validator(schema_path)
    observation_validator = load_validator(observation_schema) if observation_schema else None

    files = []
    for directory in args[1:]:
        for root, dirs, names in os.walk(os.path.abspath(directory)):
            dirs[:] = [d for d in dirs if d != "batches"]
            files += [os.path.join(root, n) for n in names if n.endswith(".yaml")]
    if not files:
        print("no *.yaml files found under %s" % ", ".join(args[1:]), file=sys.stderr)
        return 1

    failed = 0
    counts = {False: 0, True: 0}
    for path in sorted(files):
        observation = is_observation(path)
        counts[observation] += 1
        if observation and observation_validator is None:
            problems = ["an observation file; check it with --observations "
                        "docs/observation.schema.json"]
        elif observation:
            problems = check_file(path, observation_schema, observation_validator)
        else:
            problems = check_file(path, schema_path, validator)
        if problems:
            failed += 1
            for p in problems:
                print("%s: %s" % (os.path.relpath(path), p), file=sys.stderr)
    print("%d of %d files match their schema (%d scenarios: %s; %d observation files%s)"
          % (len(files) - failed, len(files), counts[False], os.path.relpath(schema_path),
             counts[True], ": " + os.path.relpath(observation_schema) if observation_schema else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
