"""negsim under mpirun (issue 11), against one process: the same figures to
the bit, rank 0 alone writing; a rank that dies fails the job cleanly.

  NEGSIM=build/default/tools/negsim NEGSIM_MPI=ON cluster_test.py [--list | Class.test_name]

Each test exits 77 (CTest's skip) where mpirun is not installed or negsim was
built without MPI (NEGSIM_MPI is not ON).
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "reliability"))
from support import ENV, NEGSIM, SOURCE, Scratch, main, negsim, rows  # noqa: E402

BUSY = os.path.join(SOURCE, "tests", "data", "runner", "busy_talks.yaml")
COIN = os.path.join(SOURCE, "tests", "data", "runner", "coin.yaml")
MPIRUN = shutil.which("mpirun")
SKIP = 77


def mpirun_command(ranks, *program):
    command = [MPIRUN, "--oversubscribe", "-np", str(ranks)]
    if os.geteuid() == 0:
        command.append("--allow-run-as-root")  # CI containers run as root
    return command + [*map(str, program)]


class Result:
    def __init__(self, code, out, err):
        self.code, self.out, self.err = code, out, err

    def __repr__(self):
        return f"exit {self.code}\n--- stdout\n{self.out[-2000:]}\n--- stderr\n{self.err[-3000:]}"


def mpirun(ranks, *args, program=None, timeout=600):
    p = subprocess.run(mpirun_command(ranks, *(program or [NEGSIM]), *args), env=ENV,
                       stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout)
    return Result(p.returncode, p.stdout.decode("utf-8", "replace"),
                  p.stderr.decode("utf-8", "replace"))


TIMING = re.compile(r'\n *"(threads|wall_seconds|date)": [^\n]*')


def figures(folder):
    """summary.json without the lines that describe the machine and the time."""
    with open(os.path.join(folder, "summary.json")) as f:
        return TIMING.sub("", f.read())


class Cluster(Scratch):
    def run_both(self, *args, ranks=3):
        """`negsim run ARGS` as one process and under mpirun; their --out folders."""
        one, many = self.path("one"), self.path("many")
        r = negsim("run", *args, "--out", one, "--no-db", "-q")
        self.assertEqual(r.code, 0, r)
        r = mpirun(ranks, "run", *args, "--out", many, "--no-db", "-q")
        self.assertEqual(r.code, 0, r)
        return one, many, r

    def test_run_on_three_ranks_gives_the_figures_of_one_process(self):
        one, many, r = self.run_both(BUSY, "--branches", 30000, "--seed", 7)
        self.assertEqual(figures(many), figures(one))
        with open(os.path.join(one, "summary.json")) as f:
            self.assertNotEqual(figures(one), f.read())  # the timing lines were there
        # Rank 0 alone printed the briefing.
        self.assertEqual(r.out.count("Most likely: "), 1, r)
        with open(os.path.join(many, "summary.json")) as f:
            self.assertEqual(json.load(f)["branches"], 30000)

    def test_uneven_split_and_more_ranks_than_chunks(self):
        # 3 chunks and a short one over 3 ranks, then 2 chunks over 3 (one rank idle).
        one, many, _ = self.run_both(BUSY, "--branches", 3 * 1024 + 17, "--seed", 3)
        self.assertEqual(figures(many), figures(one))
        shutil.rmtree(one)
        shutil.rmtree(many)
        one, many, _ = self.run_both(COIN, "--branches", 2000, "--seed", 3)
        self.assertEqual(figures(many), figures(one))

    def test_precision_stops_at_the_branch_count_of_one_process(self):
        one, many, _ = self.run_both(COIN, "--precision", 0.003, "--seed", 5)
        self.assertEqual(figures(many), figures(one))
        with open(os.path.join(many, "summary.json")) as f:
            j = json.load(f)
        self.assertTrue(j["precision_met"])
        self.assertEqual(j["branches"] % 65536, 0)

    def test_rank_zero_alone_records_the_result_once(self):
        db = self.path("r.db")
        r = mpirun(3, "run", COIN, "--branches", 5000, "--db", db)
        self.assertEqual(r.code, 0, r)
        self.assertEqual(rows(db, "SELECT count(*) FROM runs")[0][0], 1)
        again = mpirun(3, "run", COIN, "--branches", 5000, "--db", db)
        self.assertEqual(again.code, 0, again)
        self.assertIn("showing stored result 1", again.err)
        self.assertEqual(rows(db, "SELECT count(*) FROM runs")[0][0], 1)

    def test_a_command_that_does_not_share_its_work_is_refused(self):
        r = mpirun(2, "graph", COIN)
        self.assertNotEqual(r.code, 0, r)
        self.assertEqual(r.err.count("negsim graph does not share its work among MPI ranks"), 1, r)

    def test_branches_out_is_refused_by_rank_zero_alone(self):
        out = self.path("b.csv")
        r = mpirun(2, "run", COIN, "--branches", 5000, "--no-db", "--branches-out", out)
        self.assertEqual(r.code, 2, r)
        self.assertEqual(r.err.count("--branches-out does not share its work among MPI ranks yet; "
                                     "run it without mpirun"), 1, r)
        self.assertFalse(os.path.exists(out), r)

    def test_a_killed_rank_fails_the_job_naming_it_and_writes_nothing(self):
        out, db = self.path("out"), self.path("r.db")
        r = negsim("run", COIN, "--branches", 1000, "--db", db, "-q")
        self.assertEqual(r.code, 0, r)
        # Rank 1 is killed a moment after it starts a run long enough to be
        # still running then.
        killer = ('if [ "$OMPI_COMM_WORLD_RANK" = 1 ]; then (sleep 1.5; kill -KILL $$) & fi; '
                  'exec "$0" "$@"')
        start = time.monotonic()
        r = mpirun(3, "run", BUSY, "--branches", 3000000, "--out", out, "--db", db, "-q",
                   program=["sh", "-c", killer, NEGSIM])
        self.assertNotEqual(r.code, 0, r)
        self.assertLess(time.monotonic() - start, 120, r)
        self.assertRegex(r.err, r"process rank 1 .*(signal 9|Killed)", r)
        self.assertFalse(os.path.exists(os.path.join(out, "summary.json")), r)
        self.assertEqual(rows(db, "SELECT count(*) FROM runs")[0][0], 1)
        self.assertSound(db)
        self.assertNoTemporaries()


TIMING_KEYS = {"threads", "wall_seconds", "date"}


def json_figures(path):
    """A JSON report without the fields that describe the machine and the time."""
    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in TIMING_KEYS}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value
    with open(path) as f:
        return strip(json.load(f))


# In the printed reports: time taken, threads, date. The reports wrap long
# lines, so a different thread count can move a line break: whitespace runs
# are made one space before comparing.
SECONDS = re.compile(r" in [0-9.]+ s\b|[0-9,]+ threads · [0-9.]+ s|[0-9-]{10}T[0-9:]{8}Z")


def without_timing(report):
    return SECONDS.sub("", re.sub(r"\s+", " ", report))


class WhatIf(Scratch):
    """batch, sweep, compare, sensitivity and backtest on three ranks against one process."""

    def both(self, command, *args, reports, ranks=3):
        """`negsim COMMAND ARGS` alone and under mpirun; the JSON `reports` in each --out."""
        one, many = self.path("one"), self.path("many")
        alone = negsim(command, *args, "--out", one, "--no-db", "-q")
        self.assertEqual(alone.code, 0, alone)
        shared = mpirun(ranks, command, *args, "--out", many, "--no-db", "-q")
        self.assertEqual(shared.code, 0, shared)
        for report in reports:
            self.assertEqual(json_figures(os.path.join(many, report)),
                             json_figures(os.path.join(one, report)), report)
        # Rank 0 alone printed the report, the same one.
        self.assertEqual(without_timing(shared.out), without_timing(alone.out))
        self.assertEqual(shared.err, "", shared)
        return one, many

    def batch(self, folder="."):
        coin, busy = self.path(folder, "coin.yaml"), self.path(folder, "busy.yaml")
        os.makedirs(self.path(folder), exist_ok=True)
        shutil.copy(COIN, coin)
        shutil.copy(BUSY, busy)
        return self.write(os.path.join(folder, "batch.yaml"),
                          "seed: 11\nentries:\n  - {name: coin, scenario: coin.yaml}\n"
                          "  - {name: busy, scenario: busy.yaml, branches: 2500}\n"
                          "  - {name: costly, scenario: busy.yaml, branches: 4000,\n"
                          "     set: [\"process.deadline=6\"]}\n")

    def test_batch(self):
        # 5,000 branches for coin, 3 chunks of busy (the last short), 4 for costly.
        one, many = self.both("batch", self.batch(), "--branches", 5000,
                              reports=["comparison.json"])
        for entry in ("coin", "busy", "costly"):
            self.assertEqual(figures(os.path.join(many, entry)), figures(os.path.join(one, entry)))

    def test_batch_recorded_by_rank_zero_alone_and_reused(self):
        db, batch = self.path("r.db"), self.batch()
        r = mpirun(3, "batch", batch, "--db", db, "-q")
        self.assertEqual(r.code, 0, r)
        # The group and its three runs, once each.
        self.assertEqual(rows(db, "SELECT count(*) FROM runs"), [(4,)])
        again = mpirun(3, "batch", batch, "--db", db)
        self.assertEqual(again.code, 0, again)
        self.assertEqual(again.err.count("reused; --force runs again"), 3, again)
        self.assertEqual(rows(db, "SELECT count(*) FROM runs"), [(5,)])
        # One process takes the same stored results.
        alone = negsim("batch", batch, "--db", db)
        self.assertEqual(alone.code, 0, alone)
        self.assertEqual(alone.err.count("reused; --force runs again"), 3, alone)
        self.assertSound(db)

    def test_sweep(self):
        self.both("sweep", BUSY, "--vary", "process.deadline=4:8:3", "--branches", 3000,
                  reports=["sweep.json"])

    def test_compare(self):
        self.both("compare", BUSY, "--set", "process.deadline=5", "--branches", 3 * 1024 + 5,
                  reports=["comparison.json"])

    def test_sensitivity(self):
        # 700 base branches x 6 runs: 5 chunks of units over 3 ranks.
        self.both("sensitivity", os.path.join(SOURCE, "scenarios", "examples", "split_the_pie.yaml"),
                  "--branches", 700, reports=["sensitivity.json"])

    def test_backtest(self):
        history = os.path.join(SOURCE, "scenarios", "history")
        cases = [os.path.join(history, c + ".yaml") for c in ("annan_plan_2004", "dayton_1995")]
        self.both("backtest", *cases, "--branches", 2500, reports=["backtest.json"])

    def test_a_rank_that_reads_another_scenario_stops_the_job(self):
        # Rank 0 reads one folder, ranks 1 and 2 another whose busy.yaml differs
        # (as when nodes see different copies of the files).
        ours, theirs = self.batch("ours"), self.batch("theirs")
        with open(self.path("theirs", "busy.yaml"), "a") as f:
            f.write("# edited on another node\n")
        out = self.path("out")
        command = mpirun_command(1, NEGSIM, "batch", ours, "--no-db", "-q", "--out", out)
        command += [":", "-np", "2", NEGSIM, "batch", theirs, "--no-db", "-q", "--out", out]
        p = subprocess.run(command, env=ENV, stdin=subprocess.DEVNULL, capture_output=True,
                           timeout=300)
        err = p.stderr.decode()
        self.assertEqual(p.returncode, 2, err)
        self.assertEqual(err.count(f"negsim: error: rank 1 did not read '{self.path('ours', 'busy.yaml')}' as "
                                   "rank 0 did (another text, or none at all): do all nodes see "
                                   "the same files?"), 1, err)
        self.assertFalse(os.path.exists(os.path.join(out, "comparison.json")))
        self.assertNoTemporaries()

    def killed(self, command, *args, out, db, after=1.5):
        """`negsim COMMAND ARGS` on three ranks, rank 2 killed `after` seconds in."""
        killer = (f'if [ "$OMPI_COMM_WORLD_RANK" = 2 ]; then (sleep {after}; kill -KILL $$) & fi; '
                  'exec "$0" "$@"')
        r = mpirun(3, command, *args, "--out", out, "--db", db, "-q",
                   program=["sh", "-c", killer, NEGSIM])
        self.assertNotEqual(r.code, 0, r)
        self.assertRegex(r.err, r"process rank 2 .*(signal 9|Killed)", r)
        return r

    def earlier_result(self, db):
        r = negsim("run", COIN, "--branches", 1000, "--db", db, "--out", self.path("first"), "-q")
        self.assertEqual(r.code, 0, r)
        return rows(db, "SELECT id, kind, status FROM runs")

    def long_batch(self):
        """A batch whose first entry finishes (and is stored, uncommitted) long
        before its second, of 3,000,000 branches; the store holds one earlier
        run. Returns the batch file, --out, --db and the store's runs."""
        shutil.copy(COIN, self.path("coin.yaml"))
        shutil.copy(BUSY, self.path("busy.yaml"))
        batch = self.write("batch.yaml",
                           "seed: 11\nentries:\n  - {name: coin, scenario: coin.yaml, branches: 2000}\n"
                           "  - {name: busy, scenario: busy.yaml, branches: 3000000}\n")
        db = self.path("r.db")
        return batch, self.path("out"), db, self.earlier_result(db)

    def assertStoreAsBefore(self, db, before):
        self.assertEqual(rows(db, "SELECT id, kind, status FROM runs"), before)
        self.assertSound(db)
        self.assertNoTemporaries()

    def test_a_killed_rank_fails_a_sweep_naming_it_and_writes_nothing(self):
        out, db = self.path("out"), self.path("r.db")
        before = self.earlier_result(db)
        r = self.killed("sweep", BUSY, "--vary", "process.deadline=4:8:2", "--branches", 3000000,
                        out=out, db=db)
        self.assertFalse(os.path.exists(os.path.join(out, "sweep.json")), r)
        # The store is as it was: no group row left 'running'.
        self.assertStoreAsBefore(db, before)

    def test_a_killed_rank_leaves_no_entry_of_a_batch_recorded(self):
        batch, out, db, before = self.long_batch()
        self.killed("batch", batch, out=out, db=db, after=2.5)
        self.assertFalse(os.path.exists(os.path.join(out, "comparison.json")))
        self.assertStoreAsBefore(db, before)

    def test_ctrl_c_on_mpirun_stops_a_batch_and_records_nothing(self):
        batch, out, db, before = self.long_batch()
        p = subprocess.Popen(mpirun_command(3, NEGSIM, "batch", batch, "--out", out, "--db", db),
                             env=ENV, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
        time.sleep(2.5)
        start = time.monotonic()
        p.send_signal(signal.SIGINT)
        _, err = p.communicate(timeout=120)
        # Every rank stops at once (docs/cluster.md, "Ctrl-C"); rank 0's line
        # saying so is not asserted: mpirun may close its output first.
        self.assertNotEqual(p.returncode, 0, err)
        self.assertLess(time.monotonic() - start, 30, err)
        self.assertFalse(os.path.exists(os.path.join(out, "comparison.json")))
        self.assertStoreAsBefore(db, before)


def skip_reason():
    if MPIRUN is None:
        return "mpirun is not installed (tools/setup installs openmpi-bin)"
    if os.environ.get("NEGSIM_MPI") != "ON":
        return "negsim was built without MPI (NEGSIM_MPI is not ON)"
    return None


if __name__ == "__main__":
    if sys.argv[1:] != ["--list"] and skip_reason():
        print("skipped:", skip_reason())
        sys.exit(SKIP)
    main()
