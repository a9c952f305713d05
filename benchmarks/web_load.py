"""A bounded load run on loopback against the web atlas over the real corpus.

``govatlas serve --workers N`` (one per core) runs on the benchmark database; 20
connections request four endpoint groups - the atlas (several filter
combinations), instrument pages, search (20 queries) and compare (4 pairs) - for
10 seconds per group, driven by ``wrk`` (C, from Debian: a Python client would
measure itself). Each URL is first requested a few times one after another (the
warm-up: these include the renders from the store, reported as
``warmup_sequential``), then the load runs (``under_load``: the revision-keyed
response cache serves repeats), with the error count (HTTP errors, failed or
timed-out connections). Run alone on a built
database with ``python -m benchmarks.web_load sqlite:////path/govatlas.db``.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

CLIENTS = 20
WARMUP = 2 * 4  # requests per URL before the load: reaches each worker's cache
WORKERS = max(1, min(os.cpu_count() or 1, 4))  # one server process per core
DURATION = 10
GROUPS: dict[str, list[str]] = {
    "atlas": [
        "/",
        "/?binding=binding",
        "/?type=law",
        "/?year_from=2023&year_to=2025",
        "/?concept=fli-blocks:red-lines",
        "/?status=in_force&binding=binding",
    ],
    "instrument": [
        "/instruments/eu-ai-act",
        "/instruments/nist-ai-rmf-1-0",
        "/instruments/california-sb-53",
        "/instruments/china-generative-ai-measures",
        "/instruments/colorado-sb24-205",
        "/instruments/oecd-ai-principles-2019",
    ],
    "search": [
        f"/search?q={q}"
        for q in (
            "biometric+identification",
            "%22high-risk+AI+system%22",
            "transparen*",
            "frontier+model",
            "red+teaming",
            "incident+reporting",
            "deepfake",
            "algorithmic+discrimination",
            "impact+assessment",
            "whistleblower",
            "watermark*",
            "human+oversight",
            "critical+infrastructure",
            "training+data",
            "national+security",
            "risk+management",
            "data+protection",
            "conformity+assessment",
            "generative",
            "children",
        )
    ],
    "compare": [
        "/compare?a=eu-ai-act&b=nist-ai-rmf-1-0",
        "/compare?a=bsa-framework-to-build-trust-in-ai&b=nist-ai-rmf-1-0",
        "/compare?a=nist-ai-rmf-1-0&b=iso-iec-42001",
        "/compare?a=cltc-taxonomy-of-trustworthiness-for-ai&b=nist-ai-rmf-1-0",
    ],
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _summary(times: list[float], errors: int) -> dict[str, Any]:
    ordered = sorted(times)
    return {
        "requests": len(times) + errors,
        "errors": errors,
        "p50_ms": round(statistics.median(ordered) * 1000, 1) if ordered else None,
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 1) if ordered else None,
        "max_ms": round(ordered[-1] * 1000, 1) if ordered else None,
    }


async def _cold(client: httpx.AsyncClient, urls: list[str]) -> list[float]:
    """Each URL requested WARMUP times one after another, before the load (no contention)."""
    times = []
    for url in urls:
        for _ in range(WARMUP):
            started = time.perf_counter()
            await client.get(url)
            times.append(time.perf_counter() - started)
    return times


# wrk's summary as one JSON line (also used by web_corpus_load)
WRK_DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("JSON {\\"requests\\": %d, \\"errors\\": %d, \\"p50_ms\\": %.1f, "
    .. "\\"p95_ms\\": %.1f, \\"p99_ms\\": %.1f, \\"max_ms\\": %.1f, \\"seconds\\": %.1f}\\n",
    summary.requests, e.status + e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, summary.duration / 1e6))
end
"""
WRK_SCRIPT = (
    """
local paths, i = {}, 0
init = function(args) for _, p in ipairs(args) do table.insert(paths, p) end end
request = function() i = i + 1; return wrk.format("GET", paths[(i % #paths) + 1]) end
"""
    + WRK_DONE
)


def _wrk(base: str, urls: list[str], script: Path) -> dict[str, Any]:
    """``CLIENTS`` connections for ``DURATION`` seconds, cycling through ``urls``."""
    result = subprocess.run(
        ["wrk", "-t2", f"-c{CLIENTS}", f"-d{DURATION}s", "-s", str(script), base, "--", *urls],
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(x for x in result.stdout.splitlines() if x.startswith("JSON "))
    figures: dict[str, Any] = json.loads(line[5:])
    figures["requests_per_second"] = round(figures["requests"] / figures.pop("seconds"), 1)
    return figures


async def _warm_all(base: str) -> dict[str, list[float]]:
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        return {name: await _cold(client, urls) for name, urls in GROUPS.items()}


@contextmanager
def served(db_url: str, workers: int, extra: Sequence[str] = ()) -> Iterator[str]:
    """``govatlas serve --workers N`` on ``db_url`` at a free loopback port, until done
    (its start pre-renders pages: up to about a minute on a full build)."""
    port = _free_port()
    env = {**os.environ, "GOVATLAS_DB": db_url, "GOVATLAS_PORT": str(port)}
    command = [str(Path(sys.executable).parent / "govatlas"), "serve", "--workers", str(workers)]
    server = subprocess.Popen(
        [*command, *extra], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 900
    try:
        while True:
            try:
                if httpx.get(base + "/static/favicon.svg", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError(f"govatlas serve did not answer on {base}")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)


def bench_web(db_url: str) -> dict[str, Any]:
    if shutil.which("wrk") is None:
        return {"skipped": "wrk is not installed (Debian: apt install wrk)"}
    with served(db_url, WORKERS) as base:
        warm = asyncio.run(_warm_all(base))
        with tempfile.TemporaryDirectory() as folder:
            script = Path(folder) / "urls.lua"
            script.write_text(WRK_SCRIPT, encoding="utf-8")
            figures = {
                name: {
                    "distinct_urls": len(urls),
                    "warmup_sequential": _summary(warm[name], 0),
                    "under_load": _wrk(base, urls, script),
                }
                for name, urls in GROUPS.items()
            }
    return {
        "clients": CLIENTS,
        "seconds_per_group": DURATION,
        "server_workers": WORKERS,
        "load_generator": "wrk 4 (2 threads)",
        "database": "sqlite",
    } | figures


if __name__ == "__main__":  # python -m benchmarks.web_load sqlite:////path/to/built.db
    import json

    results = bench_web(sys.argv[1])
    out = Path(__file__).parent / "results" / "web.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))
