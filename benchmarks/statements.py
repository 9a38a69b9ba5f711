"""Statement analysis: corpus precision/recall and the cost of large statements.

    .venv/bin/python benchmarks/statements.py [--max-rows 1000000]

Prints stream precision and recall, biller and service accuracy for the tuning and
held-out parts of the labelled corpus (tests/statements/corpus.py), then the time to
analyse CSV statements of 10k rows and up, wall and CPU time, with each size's CPU-time
ratio to the 10k one (linear growth prints ratios near the size ratios; CPU time holds on a
machine busy with other work, where wall time does not). Time includes reading the CSV.
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "statements"))

import corpus  # noqa: E402

from subgraph import load_graph  # noqa: E402
from subgraph.statements import MAX_BYTES, MAX_ROWS, analyse_statement, fitted_matcher  # noqa: E402


def statement(rows: int) -> bytes:
    """A month-first US export of `rows` lines: everyday spending plus a dozen subscriptions."""
    rng = random.Random(rows)
    merchants = [f"SHOP {chr(65 + i % 26)}{chr(65 + i // 26 % 26)} #{i}" for i in range(400)]
    subs = ["NETFLIX.COM", "PAYPAL *SPOTIFY", "GOOGLE *YouTubePremium", "APPLE.COM/BILL", "HULU", "NW*KASPERSKY"]
    lines = ["Date,Description,Amount"]
    for i in range(rows):
        day = i * 3650 // rows
        year, doy = 2015 + day // 365, day % 365
        month, dom = doy // 31 + 1, doy % 28 + 1
        if i % 40 == 0:
            lines.append(f"{month:02d}/{dom:02d}/{year},{subs[i // 40 % len(subs)]},-9.99")
        else:
            lines.append(f"{month:02d}/{dom:02d}/{year},{rng.choice(merchants)},-{rng.randint(100, 20000) / 100:.2f}")
    return ("\n".join(lines) + "\n").encode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--max-rows", type=int, default=MAX_ROWS)
    args = parser.parse_args()
    kg = load_graph()
    for part, figures in corpus.score(kg).items():
        print(part, {k: round(v, 3) for k, v in figures.items()})
    fitted_matcher(kg)  # fitted once per graph, as a server would
    base = None
    for rows in (10_000, 20_000, 50_000, 100_000, 1_000_000):
        if rows > args.max_rows:
            break
        data = statement(rows)
        import subgraph.statements.analyse as analyse

        analyse.MAX_BYTES, analyse.MAX_ROWS = max(MAX_BYTES, len(data) + 1), max(MAX_ROWS, rows + 1)
        runs, cpu = [], []
        for _ in range(3 if rows <= 100_000 else 1):
            started, started_cpu = time.perf_counter(), time.process_time()
            analyse_statement(kg, data)
            runs.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        median, median_cpu = statistics.median(runs), statistics.median(cpu)
        base = base or median_cpu
        print(
            f"{rows:>9} rows: {median * 1000:8.1f} ms wall, {median_cpu * 1000:8.1f} ms CPU"
            f"  CPU ratio {median_cpu / base:6.2f} (size ratio {rows / 10_000:.0f})"
        )


if __name__ == "__main__":
    main()
