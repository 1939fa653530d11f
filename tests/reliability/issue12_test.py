#!/usr/bin/env python3
"""Issue 12, one reproducer per item: each failed on the code before the fix
and checks the behaviour the issue's principles ask for.
  NEGSIM=build/default/tools/negsim issue12_test.py [--list | TestClass.test_name]"""

import os
import shutil
import signal
import sqlite3
import subprocess
import time
import unittest

from support import (ABU_DHABI, BUSY, MEDIATED, MINIMAL, NEGSIM, Scratch, finish, into_closed_pipe,
                     main, negsim, rows, run_set_seed, slow_scenario, start, wait_for)


def batch_file(scratch, name, entries, extra=""):
    lines = [extra, "entries:"]
    for entry_name, scenario in entries:
        lines.append(f"  - {{name: {entry_name}, scenario: {scenario}}}")
    return scratch.write(name, "\n".join(lines) + "\n")


class DataLoss(Scratch):
    # 1. SIGPIPE: results recorded and written before anything is printed.
    def test_01_closed_pipe_keeps_the_run(self):
        r = into_closed_pipe("run", ABU_DHABI, "--branches", 20000, "--out", "o", "--db", "r.db",
                             cwd=self.dir)
        self.assertEqual(r.code, 1, r)
        self.assertIn("cannot write to standard output", r.err)
        self.assertEqual(run_set_seed(self.path("o")), 20260123)
        self.assertEqual(rows(self.path("r.db"), "SELECT status FROM runs"), [("complete",)])

    def test_01_closed_pipe_keeps_drivers_sweep_compare_batch(self):
        db = self.path("r.db")
        r = into_closed_pipe("run", MEDIATED, "--branches", 2000, "--drivers", "--db", db)
        self.assertEqual(r.code, 1, r)
        r = into_closed_pipe("sweep", ABU_DHABI, "--vary", "parties.russia.costs.per_round=0:0.02:2",
                             "--branches", 1000, "--db", db, "--out", self.path("s"))
        self.assertEqual(r.code, 1, r)
        self.assertTrue(os.path.exists(self.path("s", "sweep.json")))
        r = into_closed_pipe("compare", ABU_DHABI, ABU_DHABI, "--branches", 1000, "--db", db)
        self.assertEqual(r.code, 1, r)
        b = batch_file(self, "b.yaml", [("one", MINIMAL), ("two", MINIMAL)])
        r = into_closed_pipe("batch", b, "--branches", 1000, "--db", db, "--out", self.path("b"))
        self.assertEqual(r.code, 1, r)
        kinds = rows(db, "SELECT kind, status FROM runs WHERE parent_id IS NULL ORDER BY id")
        self.assertEqual(kinds, [("run", "complete"), ("sweep", "complete"),
                                 ("compare", "complete"), ("batch", "complete")])

    # 2. --out may never be one of the command's inputs.
    def test_02_out_is_never_an_input(self):
        db = self.path("r.db")
        self.assertEqual(negsim("run", MINIMAL, "--branches", 100, "--db", db, "-q").code, 0)
        before = open(db, "rb").read()
        r = negsim("results", "export", 1, "--db", db, "--out", db)
        self.assertEqual(r.code, 2, r)
        self.assertIn("one of this command's inputs", r.err)
        self.assertEqual(open(db, "rb").read(), before)
        scenario = self.path("s.yaml")
        shutil.copy(MINIMAL, scenario)
        r = negsim("graph", scenario, "--out", scenario)
        self.assertEqual(r.code, 2, r)
        self.assertEqual(open(scenario).read(), open(MINIMAL).read())
        r = negsim("run", scenario, "--out", self.dir, "--db", self.path("summary.md"))
        self.assertEqual(r.code, 2, r)

    # 3. Concurrent runs into one --out: every set from one run.
    def test_03_concurrent_runs_leave_one_runs_set(self):
        for repetition in range(3):
            procs = [start("run", MINIMAL, "--branches", 3000, "--seed", seed, "--out", "o",
                           "--db", "r.db", "-q", cwd=self.dir) for seed in range(1, 6)]
            for p in procs:
                self.assertEqual(finish(p).code, 0)
            self.assertIn(run_set_seed(self.path("o")), range(1, 6))
            self.assertNoTemporaries()

    # 4. A killed writer's debris is removed (or its complete set finished) by the next.
    def test_04_debris_of_killed_writers_is_cleaned(self):
        out = self.path("o")
        self.assertEqual(negsim("run", MINIMAL, "--branches", 100, "--seed", 1, "--no-db",
                                "--out", out, "-q").code, 0)
        dead = 2 ** 22 + 12345  # above pid_max's default: no such process
        open(os.path.join(out, f".summary.json.tmp-{dead}-0"), "w").write("{")
        os.mkdir(os.path.join(out, f".negsim-staging-{dead}-1"))
        open(os.path.join(out, f".negsim-staging-{dead}-1", "summary.json"), "w").write("{")
        self.assertEqual(negsim("run", MINIMAL, "--branches", 100, "--seed", 2, "--no-db",
                                "--out", out, "-q").code, 0)
        self.assertNoTemporaries()
        self.assertEqual(run_set_seed(out), 2)

    def test_04_a_complete_set_killed_while_moving_in_is_finished(self):
        a, b = self.path("a"), self.path("b")
        for seed, out in ((1, a), (2, b)):
            negsim("run", MINIMAL, "--branches", 100, "--seed", seed, "--no-db", "--out", out, "-q")
        # Seed 2's set, marked complete, had moved summary.json in when killed.
        staging = os.path.join(a, ".negsim-staging-4200000-0")
        os.mkdir(staging)
        for name in ("summary.md", "outcomes.csv"):
            shutil.copy(os.path.join(b, name), staging)
        open(os.path.join(staging, ".complete"), "w").close()
        shutil.copy(os.path.join(b, "summary.json"), a)
        r = negsim("graph", MINIMAL, "--out", os.path.join(a, "g.dot"))  # not a set writer
        self.assertEqual(r.code, 0, r)
        r = negsim("run", MINIMAL, "--branches", 100, "--seed", 1, "--no-db", "--out", a,
                   "--threads", 1, "-q")
        self.assertEqual(r.code, 0, r)
        self.assertEqual(run_set_seed(a), 1)
        self.assertNoTemporaries()

    # 5. A failed write to standard output is an error (exit 1) for every command.
    def test_05_standard_output_on_a_full_device(self):
        db = self.path("r.db")
        negsim("run", MINIMAL, "--branches", 100, "--db", db, "-q")
        with open("/dev/full", "w") as full:
            for args in (["run", MINIMAL, "--branches", 100, "--no-db"],
                         ["validate", MINIMAL],
                         ["results", "list", "--db", db],
                         ["results", "show", 1, "--db", db],
                         ["results", "export", 1, "--db", db],
                         ["trace", MINIMAL, "--branch", 0],
                         ["graph", MINIMAL]):
                r = negsim(*args, stdout=full)
                self.assertEqual(r.code, 1, f"{args}: {r}")
                self.assertIn("cannot write to standard output", r.err, args)

    # 6. An unusable --db is an error before anything runs, even with -q.
    def test_06_read_only_database_is_an_error_before_running(self):
        db = self.path("r.db")
        negsim("run", MINIMAL, "--branches", 100, "--db", db, "-q")
        os.chmod(db, 0o444)
        if os.access(db, os.W_OK):
            self.skipTest("running as a user who can write read-only files (root)")
        r = negsim("run", ABU_DHABI, "--db", db, "-q", "--branches", 100000)
        self.assertEqual(r.code, 1, r)
        self.assertIn("cannot record results", r.err)
        self.assertEqual(r.out, "")

    def test_06_locked_database_is_waited_for_interruptibly(self):
        db = self.path("r.db")
        negsim("run", MINIMAL, "--branches", 100, "--db", db, "-q")
        con = sqlite3.connect(db, isolation_level=None, timeout=1)
        con.execute("BEGIN EXCLUSIVE")
        try:
            p = start("run", MINIMAL, "--branches", 100, "--seed", 3, "--db", db, "-q")
            time.sleep(2.5)
            t = time.monotonic()
            p.send_signal(signal.SIGINT)
            r = finish(p)
            self.assertLess(time.monotonic() - t, 2)
        finally:
            con.close()
        self.assertEqual(r.code, 130, r)
        self.assertIn("waiting for the results database", r.err)
        self.assertIn("interrupted while waiting", r.err)

    # 7. SIGTERM behaves like Ctrl-C: what ran is kept, exit 130.
    def test_07_sigterm_keeps_what_ran(self):
        p = start("run", BUSY, "--branches", 1000000000, "--threads", 2, "--out", "o",
                  "--db", "r.db", cwd=self.dir)
        time.sleep(1.5)
        p.send_signal(signal.SIGTERM)
        r = finish(p)
        self.assertEqual(r.code, 130, r)
        self.assertIn("SIGTERM", r.err)
        self.assertIsNotNone(run_set_seed(self.path("o")))
        self.assertEqual(rows(self.path("r.db"), "SELECT status FROM runs"), [("interrupted",)])

    def test_07_sigterm_ends_a_batch_as_interrupted(self):
        b = batch_file(self, "b.yaml", [("one", BUSY), ("two", BUSY), ("three", BUSY),
                                         ("four", BUSY)])
        p = start("batch", b, "--branches", 1000000000, "--db", "r.db", cwd=self.dir)
        time.sleep(1.5)
        p.send_signal(signal.SIGHUP)
        r = finish(p)
        self.assertEqual(r.code, 130, r)
        self.assertEqual(rows(self.path("r.db"), "SELECT status FROM runs WHERE kind = 'batch'"),
                         [("interrupted",)])

    # 8. x.yaml and x.yml in one directory would be one entry.
    def test_08_directory_batch_with_the_same_name_twice(self):
        os.mkdir(self.path("d"))
        shutil.copy(MINIMAL, self.path("d", "x.yaml"))
        shutil.copy(MINIMAL, self.path("d", "x.yml"))
        r = negsim("batch", self.path("d"), "--no-db", "--branches", 100)
        self.assertEqual(r.code, 2, r)
        self.assertIn("same name as x.yaml", r.err)

    # 9. A store that fails mid-batch does not stop the batch.
    def test_09_a_store_that_fails_mid_batch_does_not_stop_it(self):
        db = self.path("r.db")
        broken = self.write("broken.yaml", "scenario: [\n")
        slow = slow_scenario(self.path("slow.yaml"))
        b = batch_file(self, "b.yaml", [("slow", slow), ("broken", broken), ("last", MINIMAL)])
        negsim("run", MINIMAL, "--branches", 10, "--db", db, "-q")
        p = start("batch", b, "--branches", 60, "--db", db, "--out", self.path("o"), "--threads", 1)
        time.sleep(1)
        con = sqlite3.connect(db, isolation_level=None, timeout=30)
        con.execute("PRAGMA foreign_keys = OFF")
        con.execute("DROP TABLE members")
        con.close()
        r = finish(p)
        self.assertEqual(r.code, 1, r)
        self.assertIn("stopped recording", r.err)
        self.assertEqual(run_set_seed(self.path("o", "last")), 20260123)
        self.assertEqual(rows(db, "SELECT status FROM runs WHERE kind = 'batch'"),
                         [("interrupted",)])

    # 10. An unusable --out is found before the simulation.
    def test_10_unusable_out_is_found_before_running(self):
        db = self.path("r.db")
        self.write("file", "x")
        os.mkdir(self.path("ro"))
        os.chmod(self.path("ro"), 0o555)
        cases = [(self.path("file"), 2), (self.path("n" * 300), 2)]
        if not os.access(self.path("ro"), os.W_OK):
            cases.append((self.path("ro", "o"), 1))
        for out, code in cases:
            r = negsim("run", ABU_DHABI, "--branches", 1000000, "--db", db, "--out", out)
            self.assertEqual(r.code, code, r)
            self.assertLess(r.seconds, 5, r)
            self.assertEqual(r.out, "")
        self.assertFalse(os.path.exists(db) and rows(db, "SELECT * FROM runs"))


class CrashesAndHangs(Scratch):
    def test_beta_with_a_huge_shape_is_refused(self):
        for value in ("{dist: beta, alpha: 2, beta: 1e20}", "{dist: beta, alpha: 2, beta: 1e18}"):
            r = negsim("run", MINIMAL, "--set", f"parties.a.batna={value}", "--no-db", timeout=30)
            self.assertEqual(r.code, 2, r)
            self.assertIn("beta must be between", r.err)
        r = negsim("run", ABU_DHABI, "--set",
                   "events.energy_strike_wave.chance={dist: beta, alpha: 2, beta: 1e20}",
                   "--no-db", timeout=30)
        self.assertEqual(r.code, 2, r)

    def test_sweep_to_a_subnormal_number(self):
        r = negsim("sweep", ABU_DHABI, "--vary", "parties.russia.costs.per_round=0:4.9e-324:2",
                   "--branches", 200, "--no-db")
        self.assertEqual(r.code, 0, r)
        self.assertNotIn("stod", r.err)

    def test_damaged_stored_json_names_the_result_and_database(self):
        db = self.path("r.db")
        for _ in range(3):
            negsim("run", MINIMAL, "--branches", 100, "--force", "--db", db, "-q")
        con = sqlite3.connect(db)
        con.execute("UPDATE runs SET summary_json = ? WHERE id = 3", ("{\"broken\x01\x1b[2J\xff",))
        con.commit()
        con.close()
        r = negsim("results", "show", 3, "--db", db)
        self.assertEqual(r.code, 1, r)
        self.assertIn("result 3 in '" + db + "'", r.err)
        self.assertIn("damaged", r.err)
        self.assertNotIn("\x1b", r.err)  # raw bytes of the database never reach the terminal

    def test_beta_huge_shapes_with_truncation_validate_quickly(self):
        path = self.write("t.yaml", open(MINIMAL).read().replace(
            "share: {ideal: 1}",
            "share: {ideal: 1}\n    batna: {dist: beta, alpha: 1e30, beta: 1e30, min: 0.5, max: 0.6}"))
        r = negsim("validate", path, timeout=20)
        self.assertEqual(r.code, 2, r)
        self.assertLess(r.seconds, 5)

    def test_ctrl_c_is_honoured_within_a_second_on_a_slow_scenario(self):
        slow = slow_scenario(self.path("slow.yaml"))
        p = start("run", slow, "--branches", 1000000, "--threads", 2, "--no-db", "--out", "o",
                  cwd=self.dir)
        time.sleep(2)
        t = time.monotonic()
        p.send_signal(signal.SIGINT)
        # Cancellation is the simulation stopping, which negsim reports with
        # "interrupted:" before it writes the partial results; the writing
        # that follows (figures included) is not timed, so a busy machine
        # converting figures cannot fail the test.
        stopped, err = None, b""
        for line in iter(p.stderr.readline, b""):
            err += line
            if stopped is None and line.startswith(b"interrupted:"):
                stopped = time.monotonic() - t
        r = finish(p)
        r.err = err.decode("utf-8", "replace") + r.err
        self.assertIsNotNone(stopped, r)
        self.assertLess(stopped, 1.5, r)
        self.assertEqual(r.code, 130, r)
        self.assertIsNotNone(run_set_seed(self.path("o")))


class SilentAcceptance(Scratch):
    def set(self, value, *extra):
        return negsim("run", MINIMAL, "--set", value, "--no-db", "--branches", 100, *extra,
                      timeout=30)

    def test_numeric_extremes_of_distributions_and_ranges(self):
        for value in ("parties.a.batna={dist: beta, alpha: 1e300, beta: 1e300}",
                      "parties.a.batna={dist: discrete, values: [0.1, 0.2], weights: [1e308, 1e308]}",
                      "parties.a.batna={dist: normal, mean: 0.5, sd: 1e307}",
                      "parties.a.batna={dist: lognormal, mu: 0, sigma: 1e300}",
                      "issues.share.range={low: -1e308, high: 1e308}"):
            r = self.set(value)
            self.assertEqual(r.code, 2, f"{value}: {r}")

    def test_counts_and_seeds_are_parsed_strictly(self):
        for args in (["--seed", "-1"], ["--seed", str(2 ** 64)], ["--seed", "1e23"],
                     ["--branches", "0x10"], ["--branches", "abc"], ["--precision", "nan"],
                     ["--precision", "inf"], ["--threads", "-1"], ["--max-branches", "1e9"]):
            r = negsim("run", MINIMAL, "--no-db", *args)
            self.assertEqual(r.code, 2, f"{args}: {r}")
            self.assertIn(args[0], r.err)
            self.assertIn(f"got {args[1]}" if args[1].isdigit() else f"got '{args[1]}'", r.err)
        r = negsim("trace", MINIMAL, "--branch", "-1")
        self.assertEqual(r.code, 2, r)
        r = negsim("run", MINIMAL, "--no-db", "--seed", str(2 ** 64 - 1), "--branches", 10)
        self.assertEqual(r.code, 0, r)

    def test_set_of_the_swept_key(self):
        r = negsim("sweep", ABU_DHABI, "--vary", "parties.russia.costs.per_round=0:0.02:3",
                   "--set", "parties.russia.costs.per_round=0.5", "--no-db")
        self.assertEqual(r.code, 2, r)
        self.assertIn("the key that --vary varies", r.err)

    def test_batch_files_are_held_to_the_command_line_limits(self):
        b = batch_file(self, "b.yaml", [("a", MINIMAL)], "branches: 4294967297")
        r = negsim("batch", b, "--no-db")
        self.assertEqual(r.code, 2, r)
        self.assertIn("from 1 to 1000000000", r.err)
        b = batch_file(self, "t.yaml", [("a", MINIMAL)], "title: {a: 1}")
        r = negsim("batch", b, "--no-db", "--branches", 100)
        self.assertEqual(r.code, 2, r)
        b = batch_file(self, "n.yaml", [("a", MINIMAL)], 'title: "two\\nlines"')
        self.assertEqual(negsim("batch", b, "--no-db", "--branches", 100).code, 2)

    def test_titles_are_one_line_and_escaped_in_markdown(self):
        r = self.set('scenario.title="a\\nb"')
        self.assertEqual(r.code, 2, r)
        self.assertIn("one line", r.err)
        r = self.set('scenario.title="<x> & y"', "--out", self.path("o"))
        self.assertEqual(r.code, 0, r)
        md = open(self.path("o", "summary.md")).read()
        self.assertNotIn("<x>", md)
        self.assertIn("&lt;x>", md)

    def test_compare_refuses_an_unrelated_scenario(self):
        r = negsim("compare", ABU_DHABI, MINIMAL, "--no-db", "--branches", 200)
        self.assertEqual(r.code, 2, r)
        self.assertIn("is not a variant of", r.err)

    def test_empty_paths_are_refused(self):
        for option in ("--out", "--db"):
            r = negsim("run", MINIMAL, option, "")
            self.assertEqual(r.code, 2, r)
            self.assertIn("empty", r.err)

    def test_interrupted_drivers_are_stored_as_interrupted(self):
        db = self.path("r.db")
        p = start("run", ABU_DHABI, "--branches", 200000, "--threads", 2, "--drivers", "--db", db)
        time.sleep(6)
        p.send_signal(signal.SIGINT)
        r = finish(p)
        self.assertEqual(r.code, 130, r)
        self.assertEqual(rows(db, "SELECT status, cache_key IS NULL OR cache_key = '' FROM runs"),
                         [("interrupted", 1)])


class UnclearMessages(Scratch):
    def test_unclosed_bracket_says_where_it_opened(self):
        path = self.write("s.yaml", "scenario:\n  id: x\n  list: [1, 2\n  horizon: 3\nissues: 4\n")
        r = negsim("validate", path)
        self.assertEqual(r.code, 2, r)
        self.assertIn("s.yaml:3:9:", r.err)
        self.assertIn("'[' is not closed", r.err)

    def test_interrupted_batch_counts_every_planned_entry(self):
        b = batch_file(self, "b.yaml", [("one", BUSY), ("two", BUSY), ("three", BUSY),
                                         ("four", BUSY)])
        p = start("batch", b, "--branches", 1000000000, "--no-db", stdout=subprocess.PIPE)
        time.sleep(1.5)
        p.send_signal(signal.SIGINT)
        out, _ = p.communicate(timeout=60)
        self.assertEqual(p.returncode, 130)
        self.assertIn("of 4 scenarios ran", out.decode())

    def test_interrupted_sweep_does_not_claim_no_tipping_point(self):
        p = start("sweep", BUSY, "--vary", "scenario.horizon=10:1000:50", "--branches", 1000000000,
                  "--no-db", stdout=subprocess.PIPE)
        time.sleep(1.5)
        p.send_signal(signal.SIGINT)
        out, _ = p.communicate(timeout=60)
        self.assertEqual(p.returncode, 130)
        self.assertNotIn("the same across the grid", out.decode())

    def test_messages_name_the_limits(self):
        r = negsim("run", MINIMAL, "--branches", "abc")
        self.assertIn("expected a whole number from 1 to 1000000000, got 'abc'", r.err)
        r = negsim("run", MINIMAL, "--set", "scenario.horizon=2147483648", "--no-db")
        self.assertEqual(r.code, 2, r)
        self.assertIn("from 1 to 10000", r.err)
        r = negsim("frob")
        self.assertEqual(r.code, 2, r)
        self.assertIn("unknown command 'frob'", r.err)

    def test_cr_only_line_endings(self):
        path = self.path("cr.yaml")
        open(path, "wb").write(open(MINIMAL, "rb").read().replace(b"\n", b"\r"))
        r = negsim("validate", path)
        self.assertEqual(r.code, 2, r)
        self.assertIn("carriage return", r.err)
        self.assertNotIn("empty", r.err)

    def test_corrupted_database_message_is_printable_and_exit_1(self):
        db = self.path("r.db")
        open(db, "wb").write(bytes(range(256)) * 64)
        for args in (["results", "list", "--db", db], ["run", MINIMAL, "--db", db]):
            r = negsim(*args)
            self.assertEqual(r.code, 1, r)
            self.assertTrue(all(c >= " " or c in "\n\t" for c in r.err), repr(r.err))
        r = negsim("results", "show", 99, "--db", self.path("none.db"))
        self.assertEqual(r.code, 2, r)


class Hardening(Scratch):
    """Beyond the issue's list, the same principles on neighbouring inputs."""

    def test_closed_standard_output_never_lands_in_a_file(self):
        p = subprocess.run(["sh", "-c", '"$0" run "$1" --branches 100 --no-db --out "$2" >&-',
                            NEGSIM, MINIMAL, self.path("c")], stderr=subprocess.PIPE)
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertEqual(run_set_seed(self.path("c")), 20260123)

    def test_out_is_never_a_device_and_follows_links(self):
        for device in ("/dev/stdout", "/dev/null"):
            r = negsim("graph", MINIMAL, "--out", device)
            self.assertEqual(r.code, 2, r)
        self.assertTrue(os.path.islink("/dev/stdout"))
        os.symlink("real.dot", self.path("link.dot"))
        self.assertEqual(negsim("graph", MINIMAL, "--out", self.path("link.dot")).code, 0)
        self.assertTrue(os.path.islink(self.path("link.dot")))
        self.assertIn("digraph", open(self.path("real.dot")).read())

    def test_batch_entry_named_like_the_batch_report(self):
        os.mkdir(self.path("d"))
        shutil.copy(MINIMAL, self.path("d", "comparison.md.yaml"))
        r = negsim("batch", self.path("d"), "--no-db", "--branches", 100, "--out", self.path("o"))
        self.assertEqual(r.code, 2, r)
        b = batch_file(self, "b.yaml", [("a", MINIMAL)], "seed: 0")
        self.assertEqual(negsim("batch", b, "--no-db", "--branches", 100).code, 0)

    def test_file_size_limit_is_a_write_error(self):
        out = self.path("o")
        self.assertEqual(negsim("run", MINIMAL, "--branches", 100, "--seed", 1, "--no-db",
                                "--out", out, "-q").code, 0)
        p = subprocess.run(["sh", "-c", 'ulimit -f 1; exec "$0" run "$1" --branches 100 '
                            '--no-db --seed 2 --out "$2" -q', NEGSIM, ABU_DHABI, out],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertEqual(run_set_seed(out), 1)
        self.assertNoTemporaries()

    def test_non_finite_numbers_in_overrides(self):
        for value in (".nan", ".inf", "-.inf", "1e400"):
            r = negsim("run", MINIMAL, "--set", f"parties.a.batna={value}", "--no-db")
            self.assertEqual(r.code, 2, f"{value}: {r}")


if __name__ == "__main__":
    main()
