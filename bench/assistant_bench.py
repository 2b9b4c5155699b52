"""The assistant's answer time with the demo content multiplied by 20.

Run:  .venv/bin/python bench/assistant_bench.py [--times 20]
      (on the database the settings point at, with the demo loaded:
      ``manage.py load_demo``; DATABASE_URL=postgres://... for PostgreSQL)

Inside a transaction that is rolled back, every passage of the index is
copied ``--times - 1`` more times (as if each document existed 20 times),
then the evaluation set's questions are asked three times each. Prints JSON:
passages, build time of the in-memory index, p50/p95/max answer time (ms).
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from django.urls import reverse  # noqa: E402

from assistant import answers, engine  # noqa: E402
from assistant.evaluation.run import cases_load  # noqa: E402
from assistant.models import Passage  # noqa: E402
from assistant.services import index_touch  # noqa: E402


class Rollback(Exception):
    pass


def _multiply(times: int) -> int:
    originals = list(Passage.objects.all())
    copies = []
    for copy in range(1, times):
        for row in originals:
            row.pk = None
            copies.append(
                Passage(
                    key=f"{row.key}~{copy}",
                    document=f"{row.document}~{copy}",
                    ref=f"{row.ref}~{copy}",
                    source=row.source,
                    kind=row.kind,
                    title=row.title,
                    heading=row.heading,
                    url=row.url,
                    text=row.text,
                    terms=row.terms,
                    title_terms=row.title_terms,
                )
            )
    Passage.objects.bulk_create(copies, batch_size=1000)
    index_touch()
    return Passage.objects.count()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--times", type=int, default=20)
    options = parser.parse_args()
    result = {}
    try:
        with transaction.atomic():
            result["passages"] = _multiply(options.times)
            started = time.perf_counter()
            engine.index_get()
            reverse("assistant:ask")  # a running server has loaded its URLs
            result["index_build_ms"] = round((time.perf_counter() - started) * 1000)
            timings = []
            for _round in range(3):
                for case in cases_load():
                    started = time.perf_counter()
                    answers.ask(case.question)
                    timings.append((time.perf_counter() - started) * 1000)
            timings.sort()
            result.update(
                questions=len(timings),
                p50_ms=round(statistics.median(timings), 2),
                p95_ms=round(timings[int(0.95 * (len(timings) - 1))], 2),
                max_ms=round(timings[-1], 2),
                content_times=options.times,
            )
            raise Rollback
    except Rollback:
        pass
    print(json.dumps(result))


if __name__ == "__main__":
    main()
