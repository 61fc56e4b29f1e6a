"""Timings of backup, restore and data-key rotation on the 1,000,000-worker PostgreSQL demo
(issue 18 §3 "Show"). Never writes to the source database:

    .venv/bin/python bench/operations/run.py [--source gj_bench] [--dir /tmp/gj_ops_bench]
        [--steps pg_dump,backup,restore,rotate] [--server postgres://postgres@127.0.0.1:5432]

Each step runs as its own process under `flock /tmp/gj-bench.lock /usr/bin/time -v …` (one heavy
run at a time on the shared machine), and reports wall seconds, peak RSS of the command and the
1-minute load average before and after:
1. pg_dump: bare `pg_dump --format=custom` of the source (the baseline the backup is compared with);
2. backup: `gongjiang backup` of the source (pg_dump + content hash of every table from the same
   snapshot + uploaded files + income snapshots, one tar) — archive size reported;
3. restore: `gongjiang restore` of that archive into a scratch empty database, verified against
   the manifest; the scratch database is dropped afterwards;
4. rotate: `gongjiang keys rotate` on a copy (CREATE DATABASE … TEMPLATE source) from the demo's
   development key to a fresh one, then `gongjiang keys verify` with the old key removed; the copy
   is dropped afterwards.
Results go to stdout as a Markdown table and to <dir>/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GONGJIANG = str(ROOT / ".venv" / "bin" / "gongjiang")
LOCK = "/tmp/gj-bench.lock"
DEMO_KEY = "00" * 32  # the development key the demo database was sealed with


def _psql(server: str, sql: str) -> None:
    done = subprocess.run(["psql", f"{server}/postgres", "-qc", sql], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{sql}: {done.stderr.strip()}")


def _timed(argv: list[str], env: dict[str, str], label: str, lock: str = LOCK) -> dict:
    """Run `argv` under the bench lock and /usr/bin/time -v; wall seconds, peak RSS, load."""
    started = time.monotonic()
    # The load average is read once the lock is held (not while queueing behind other runs).
    done = subprocess.run(["flock", lock, "sh", "-c", 'echo "load $(cut -d" " -f1 /proc/loadavg)" >&2; exec "$@"',
                           "sh", "/usr/bin/time", "-v", *argv], env=env, capture_output=True, text=True)
    load = re.search(r"^load ([\d.]+)", done.stderr, re.MULTILINE)
    load_before = float(load.group(1)) if load else os.getloadavg()[0]
    seconds = time.monotonic() - started
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"{label} failed (exit {done.returncode})")
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    elapsed = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", done.stderr)
    parts = [float(p) for p in elapsed.group(1).split(":")] if elapsed else [seconds]
    wall = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    result = {"step": label, "seconds": round(wall, 1), "peak_rss_mib": round(int(rss.group(1)) / 1024) if rss else None,
              "load_before": round(load_before, 2), "load_after": round(os.getloadavg()[0], 2),
              "output": done.stdout.strip().splitlines()[-1:]}
    print(json.dumps(result, ensure_ascii=False), flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", default="gj_bench", help="database to back up (read only; default gj_bench)")
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432", help="PostgreSQL server URL")
    parser.add_argument("--dir", default="/tmp/gj_ops_bench", help="scratch folder for the archive and restores")
    parser.add_argument("--lock", default=LOCK, help=f"lock file held during each step (default {LOCK})")
    parser.add_argument("--steps", default="pg_dump,backup,restore,rotate", help="comma-separated steps")
    args = parser.parse_args()
    steps = [s.strip() for s in args.steps.split(",") if s.strip()]
    work = Path(args.dir)
    work.mkdir(parents=True, exist_ok=True)
    base = {k: v for k, v in os.environ.items() if not k.startswith("GONGJIANG_")}
    base.update(GONGJIANG_DATA_KEY=DEMO_KEY, GONGJIANG_MEDIA_ROOT=str(work / "media-src"),
                GONGJIANG_INCOME_DATA_DIR=str(ROOT / "var" / "income" / args.source),
                DATABASE_URL=f"{args.server}/{args.source}")
    archive = work / "backup.tar"
    results = []
    if "pg_dump" in steps:
        dump = work / "bare.pgdump"
        dump.unlink(missing_ok=True)
        pg_env = {**base, "PGDATABASE": args.source}
        results.append(_timed(["pg_dump", "--format=custom", "--dbname", f"{args.server}/{args.source}",
                               "--file", str(dump)], pg_env, "pg_dump (baseline)", args.lock))
        results[-1]["archive_mib"] = round(dump.stat().st_size / 2**20, 1)
        dump.unlink()
    if "backup" in steps:
        archive.unlink(missing_ok=True)
        results.append(_timed([GONGJIANG, "backup", str(archive), "--quiet"], base, "gongjiang backup", args.lock))
        results[-1]["archive_mib"] = round(archive.stat().st_size / 2**20, 1)
    if "restore" in steps:
        scratch = f"gj_restore_{os.getpid()}"
        _psql(args.server, f"CREATE DATABASE {scratch}")
        env = {**base, "DATABASE_URL": f"{args.server}/{scratch}", "GONGJIANG_MEDIA_ROOT": str(work / "media-dst"),
               "GONGJIANG_INCOME_DATA_DIR": str(work / "income-dst")}
        try:
            results.append(_timed([GONGJIANG, "restore", str(archive), "--quiet"], env, "gongjiang restore", args.lock))
        finally:
            _psql(args.server, f"DROP DATABASE IF EXISTS {scratch} WITH (FORCE)")
            subprocess.run(["rm", "-rf", str(work / "media-dst"), str(work / "income-dst")], check=False)
    if "rotate" in steps:
        copy = f"gj_rotate_{os.getpid()}"
        # A copy needs nobody connected to the source: taken under the bench lock.
        subprocess.run(["flock", args.lock, "psql", f"{args.server}/postgres", "-qc",
                        f"CREATE DATABASE {copy} TEMPLATE {args.source}"], check=True)
        new_key = os.urandom(32).hex()
        env = {**base, "DATABASE_URL": f"{args.server}/{copy}", "GONGJIANG_DATA_KEY": new_key,
               "GONGJIANG_DATA_KEY_PREVIOUS": DEMO_KEY}
        try:
            # The demo may have been built by a checkout without the operations app (untimed).
            subprocess.run([GONGJIANG, "migrate", "--noinput", "-v0"], env=env, check=True)
            results.append(_timed([GONGJIANG, "keys", "rotate"], env, "gongjiang keys rotate", args.lock))
            env.pop("GONGJIANG_DATA_KEY_PREVIOUS")
            results.append(_timed([GONGJIANG, "keys", "verify"], env, "gongjiang keys verify (new key alone)", args.lock))
        finally:
            _psql(args.server, f"DROP DATABASE IF EXISTS {copy} WITH (FORCE)")
    (work / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1))
    print("\n| step | seconds | peak RSS (MiB) | archive (MiB) | load before → after |\n|---|---:|---:|---:|---|")
    for r in results:
        print(f"| {r['step']} | {r['seconds']} | {r['peak_rss_mib']} | {r.get('archive_mib', '')} | "
              f"{r['load_before']} → {r['load_after']} |")


if __name__ == "__main__":
    main()
