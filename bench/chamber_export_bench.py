"""Wall time and peak memory of the Chamber export and the series statistics.

Run:  .venv/bin/python bench/chamber_export_bench.py [--repeat 5]
      (DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_chamber to use
      PostgreSQL; the default is a throw-away SQLite file in /tmp)

Migrates the database and loads the demo (the 2025 series: 1,463 participants,
~1,390 evaluations) if needed, then measures, each as the median of
``--repeat`` runs and with the peak of Python allocations (tracemalloc):

- the Chamber export of the 196-person Belgrade training: attendance XLSX, the
  whole ZIP and the PDF report, beside the floor: the same 196 rows (already in
  memory) written with openpyxl alone;
- the whole-series statistics: the figures, the XLSX and the PDF, beside the
  floor: the series' 1,463 attendance rows written with openpyxl alone.

Prints JSON with the ratios to the floor: wall time (``ms``), CPU time of
this process (``cpu_ms``: steadier on a shared machine; WeasyPrint's C work
counts, the database server's does not) and peak memory. tracemalloc sees Python memory
only; the ``maxrss_mb`` figure is the process's high-water mark at the end.
"""

import argparse
import io
import json
import os
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/bench_chamber.sqlite3")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import translation  # noqa: E402
from openpyxl import Workbook  # noqa: E402


def measure(function, repeat: int) -> dict:
    times, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        function()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    tracemalloc.start()
    function()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "ms": round(statistics.median(times) * 1000, 1),
        "cpu_ms": round(statistics.median(cpu) * 1000, 1),
        "peak_mb": round(peak / 2**20, 2),
    }


def openpyxl_floor(rows: list[list]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("rows")
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_ratio(results: dict, floor: dict) -> dict:
    for figures in results.values():
        figures["time_ratio"] = round(figures["ms"] / floor["ms"], 1)
        figures["cpu_ratio"] = round(figures["cpu_ms"] / floor["cpu_ms"], 1)
        figures["memory_ratio"] = round(figures["peak_mb"] / floor["peak_mb"], 1)
    return {"floor_openpyxl": floor, **results}


def ensure_demo() -> None:
    from events.models import TrainingPage

    call_command("migrate", verbosity=0)
    if not TrainingPage.objects.filter(slug__startswith="2025-15-").exists():
        call_command("createcachetable", verbosity=0)
        started = time.perf_counter()
        call_command("load_demo", stdout=io.StringIO())
        print(f"load_demo: {time.perf_counter() - started:.1f} s", file=sys.stderr)


def chamber(repeat: int) -> dict:
    from events.exports.attendance import attendance_rows
    from events.exports.chamber import chamber_export_build
    from events.models import TrainingPage

    training = TrainingPage.objects.get(slug__startswith="2025-15-")
    rows = [row.values() for row in attendance_rows(training=training)]
    assert len(rows) == 196, len(rows)

    def build(kind):
        return lambda: chamber_export_build(training=training, kind=kind)

    results = {
        "attendance_xlsx": measure(build("attendance_xlsx"), repeat),
        "package_zip": measure(build("package_zip"), repeat),
        "report_pdf": measure(build("report_pdf"), repeat),
    }
    floor = measure(lambda: openpyxl_floor(rows), repeat)
    return {"rows": len(rows), **with_ratio(results, floor)}


def series(repeat: int) -> dict:
    from events.exports.attendance import attendance_rows
    from events.stats.exports import series_xlsx
    from events.stats.series import series_stats_for_year, series_trainings
    from events.views.stats import series_pdf

    stats = series_stats_for_year(year=2025)

    rows = [
        row.values()
        for training in series_trainings(
            start=stats.start, end=stats.end
        ).select_related("municipality")
        for row in attendance_rows(training=training)
    ]
    assert len(rows) == 1463, len(rows)
    results = {
        "figures": measure(lambda: series_stats_for_year(year=2025), repeat),
        "xlsx": measure(lambda: series_xlsx(series_stats_for_year(year=2025)), repeat),
        "pdf": measure(lambda: series_pdf(series_stats_for_year(year=2025)), repeat),
    }
    floor = measure(lambda: openpyxl_floor(rows), repeat)
    return {"rows": len(rows), **with_ratio(results, floor)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    ensure_demo()
    with translation.override("sr"):
        report = {
            "database": django.db.connection.vendor,
            "belgrade_chamber_export": chamber(args.repeat),
            "series_2025_statistics": series(args.repeat),
        }
    report["maxrss_mb"] = round(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
    )
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
