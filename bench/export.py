"""How fast, and in how much memory, is `trellis export` on a large workspace? Printed next to a baseline
that writes the same sheets, rows and cells with bare openpyxl write-only mode, measured in the same run
(interleaved rounds), as a ratio; `trellis audit verify` over the same trail is timed too. The export writes
its rows' XML itself (bot.qms.export.rowxml, the bytes openpyxl would write), so it is also timed against
the same bare rows through that writer: what reading, formatting and verifying cost beyond the writing.

Full scale (--scale 1): 100k NCs, 10k approvals, 50k thread replies, 1M audit events.
Targets: time ratio <= 1.3, peak RSS < 300 MB, `audit verify` < 10 s (SQLite).

    python bench/export.py [--scale 0.01] [--rounds 2] [--database-url URL]
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.export_seed import seed  # noqa: E402

TRELLIS = [sys.executable, "-c", "from bot.cli import main; main()"]


def timed(command: list[str], env: dict) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak RSS in MB) of one child process (CPU and RSS include the second
    process the export verifies the chain in). The target is on wall time, the time a person waits; the
    CPU ratio is printed too (on a shared machine wall time also measures the neighbours)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(command[-4:])} failed: {process.stderr.read().decode()[-500:]}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def baseline_command(out: Path, *options: str) -> list[str]:
    return [sys.executable, str(Path(__file__).with_name("export_baseline.py")), str(out), *options]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.01, help="1 = 100k NCs, 10k approvals, 50k replies, 1M events")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--database-url", help="an empty database (default: a SQLite file in a temp folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="trellis-bench-export-") as folder:
        folder = Path(folder)
        url = args.database_url or f"sqlite:///{folder / 'bench.db'}"
        started = time.perf_counter()
        sizes = seed(url, args.scale)
        print(f"seeded {sizes} in {time.perf_counter() - started:.1f} s")
        env = {**os.environ, "DATABASE_URL": url}
        export = [*TRELLIS, "export", "--out", str(folder / "trellis.xlsx")]
        commands = {"trellis export": export, "bare openpyxl": baseline_command(folder / "bare.xlsx"),
                    "bare row XML": baseline_command(folder / "bare-rows.xlsx", "--row-xml")}
        runs: dict[str, list[tuple[float, float, float]]] = {name: [] for name in commands}
        for _ in range(args.rounds):  # interleaved: all see the same machine load
            for name, command in commands.items():
                runs[name].append(timed(command, env))
        verify = [timed([*TRELLIS, "audit", "verify"], env) for _ in range(args.rounds)]
        best = {name: tuple(min(run[i] for run in found) for i in range(2)) + (max(run[2] for run in found),)
                for name, found in runs.items()}
        for name, (wall, cpu, memory) in best.items():
            print(f"{name:16} wall {wall:8.2f} s  CPU {cpu:8.2f} s  peak RSS {memory:7.1f} MB")
        (_, mine, my_memory), (_, bare, bare_memory) = best["trellis export"], best["bare openpyxl"]
        wall_ratio = best["trellis export"][0] / best["bare openpyxl"][0]
        print(f"time ratio {wall_ratio:.2f} (target <= 1.3); CPU time ratio {mine / bare:.2f}; peak RSS "
              f"{my_memory:.0f} MB (target < 300 MB; bare {bare_memory:.0f} MB)")
        rows_wall, rows_cpu = best["bare row XML"][:2]
        print(f"against the bare rows through the export's own row writer: time ratio "
              f"{best['trellis export'][0] / rows_wall:.2f}, CPU time ratio {mine / rows_cpu:.2f}")
        print(f"trellis audit verify over {sizes['events']} events: wall {min(v[0] for v in verify):.2f} s, "
              f"CPU {min(v[1] for v in verify):.2f} s, peak RSS {max(v[2] for v in verify):.0f} MB "
              "(target < 10 s on SQLite)")
        print(f"workbook size {(folder / 'trellis.xlsx').stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
