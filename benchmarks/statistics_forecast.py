"""Backtest and forecast many yearly series: the total time, and the chosen model's MASE beside the naive
baseline's, side by side (medians over the series), as the statistics issue asks.

The series are generated (deterministic): a trend, a damped cycle and noise, some of them random walks, so
that neither kind of model wins everywhere. The naive baseline is measured in the same run, on the same
series: its backtest is part of every forecast.

    .venv/bin/python benchmarks/statistics_forecast.py [--series 1000] [--points 30]
"""

import argparse
import datetime
import math
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def series(rng: random.Random, points: int) -> list[tuple[str, datetime.date, float]]:
    level, slope = rng.uniform(1e3, 1e6), rng.uniform(-0.02, 0.06)
    walk = rng.random() < 0.3
    values, value = [], level
    for t in range(points):
        if walk:
            value += rng.gauss(0, level * 0.05)
        else:
            value = level * (1 + slope) ** t * (1 + 0.05 * math.sin(t / 3)) * (1 + rng.gauss(0, 0.03))
        values.append(max(0.0, value))
    first = 2024 - points + 1
    return [(str(first + t), datetime.date(first + t, 1, 1), v) for t, v in enumerate(values)]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--series", type=int, default=1000)
    parser.add_argument("--points", type=int, default=30)
    args = parser.parse_args(argv)
    from migis.indicators.forecasting import forecast

    rng = random.Random(2026)
    data = [series(rng, args.points) for _ in range(args.series)]
    chosen, naive, models = [], [], {}
    start = time.perf_counter()
    for points in data:
        found = forecast(points, "A")
        rows = {b["model"]: b for b in found.backtest}
        if found.model in rows and "naive" in rows and rows["naive"]["mase"] is not None:
            chosen.append(rows[found.model]["mase"])
            naive.append(rows["naive"]["mase"])
        models[found.model] = models.get(found.model, 0) + 1
    elapsed = time.perf_counter() - start
    print(
        f"{args.series} yearly series of {args.points} points, backtest and forecast: {elapsed:.1f} s "
        f"({elapsed / args.series * 1000:.0f} ms a series)"
    )
    print(
        f"median MASE, chosen model: {statistics.median(chosen):.3f}   "
        f"naive baseline: {statistics.median(naive):.3f}"
    )
    better = sum(c <= n for c, n in zip(chosen, naive, strict=True))
    print(f"chosen model as good as or better than naive in the backtest: {better} of {len(chosen)} series")
    print("models chosen: " + ", ".join(f"{m} {n}" for m, n in sorted(models.items(), key=lambda x: -x[1])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
