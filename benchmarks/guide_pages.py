"""Server time of a warm guide page, against the JSON cancel path of the same service (#19).

For every service, the page ``/guides/{id}`` is requested once (warming the
graph's answer cache), then ``--repeat`` times; each time is the whole Flask
request in process (routing, the guide answer from the cache, Jinja, ETag,
security headers), with no network. The baseline is the API's
``/v1/services/{id}/cancel-path`` in the same app and run: one of the core
answers the page is made of, as JSON. Printed: the median and p95 over all
services of each service's median, the ratio, and the largest page with
its CSS. Goal: at most 5 ms per warm guide page.

Run: ``.venv/bin/python benchmarks/guide_pages.py [--repeat 20]``
"""

import argparse
import statistics
import time

from subgraph import load_graph
from subgraph_api import create_app


def _median_ms(client, url: str, repeat: int) -> float:
    assert client.get(url).status_code == 200, url  # warm: the answers are now in the cache
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200
    return statistics.median(times) * 1000


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    kg = load_graph()
    app = create_app(test_config={"TESTING": True}, graph=kg)
    client = app.test_client()
    services = sorted(kg.catalogue.services)
    pages = [_median_ms(client, f"/guides/{s}", args.repeat) for s in services]
    paths = [_median_ms(client, f"/v1/services/{s}/cancel-path", args.repeat) for s in services]
    css = len(client.get("/static/site.css").get_data())
    largest = max(services, key=lambda s: len(client.get(f"/guides/{s}").get_data()))
    size = len(client.get(f"/guides/{largest}").get_data()) + css
    print(f"{len(services)} services, {args.repeat} warm requests each, in process (no network)")
    print(
        f"guide page       median {statistics.median(pages):.2f} ms  p95 {_p95(pages):.2f} ms  max {max(pages):.2f} ms"
    )
    print(
        f"cancel-path JSON median {statistics.median(paths):.2f} ms  p95 {_p95(paths):.2f} ms  max {max(paths):.2f} ms"
    )
    print(f"ratio page / JSON (medians) {statistics.median(pages) / statistics.median(paths):.2f}")
    print(f"largest page with its CSS: {largest}, {size / 1024:.1f} KB (limit 100 KB)")
    slowest = services[pages.index(max(pages))]
    over = [s for s, ms in zip(services, pages, strict=True) if ms > 5]
    print(f"slowest page: {slowest}; pages over the 5 ms goal: {len(over)} of {len(services)} {over or ''}")


if __name__ == "__main__":
    main()
