"""The synthetic corpus for the scale benchmark: reproducible, the size asked for, the
six languages, structure the segmenter cuts back into the planned provisions; and the
benchmark's growth fit on known numbers."""

from __future__ import annotations

from collections import Counter
from itertools import pairwise
from pathlib import Path

from benchmarks.scale import chart, growth, summarise
from benchmarks.synthetic_corpus import generate, load_shape, write

from govatlas.ingest.segment import segment


def test_the_same_seed_gives_the_same_corpus_and_the_size_asked_for() -> None:
    first = list(generate(3000, seed=7))
    assert first == list(generate(3000, seed=7))
    assert first != list(generate(3000, seed=8))
    assert sum(i.planned_provisions for i in first) == 3000
    assert len({i.key for i in first}) == len(first)


def test_sizes_follow_the_measured_shape_and_languages_mix() -> None:
    shape = load_shape()
    corpus_mean = shape["provisions"] / shape["versions"]
    instruments = list(generate(60_000, seed=1))
    mean = 60_000 / len(instruments)
    assert 0.6 * corpus_mean <= mean <= 1.6 * corpus_mean
    languages = Counter(i.language for i in instruments)
    assert set(languages) == {"en", "fr", "es", "zh", "ru", "ar"}
    assert 0.4 <= languages["en"] / len(instruments) <= 0.6


def test_the_segmenter_cuts_english_instruments_into_the_planned_provisions() -> None:
    english = [i for i in generate(5000, seed=3) if i.language in {"en", "fr", "zh"}][:12]
    assert english
    for instrument in english:
        assert len(segment(instrument.text)) == instrument.planned_provisions, instrument.key


def test_write_makes_a_file_per_instrument_and_a_manifest(tmp_path: Path) -> None:
    count = write(500, tmp_path, seed=2)
    assert len(list(tmp_path.glob("*.txt"))) == count
    assert len((tmp_path / "manifest.jsonl").read_text(encoding="utf-8").splitlines()) == count


def _run(size: int, ingest: float, embed: float | None) -> dict[str, object]:
    run: dict[str, object] = {
        "size": size,
        "ingest": {"provisions": size, "seconds": ingest},
        "fulltext": {"p95_ms": 5.0},
        "semantic": {"p95_ms": 9.0},
    }
    if embed is not None:
        run["embed_dask"] = {"seconds": embed, "texts": size}
        run["embed_single"] = {"seconds": embed * 1.5, "texts": size}
    return run


def test_growth_is_fitted_between_the_ends(tmp_path: Path) -> None:
    runs = [_run(10_000, 10.0, 50.0), _run(100_000, 100.0, 700.0), _run(1_000_000, 1100.0, None)]
    ingest = growth(runs, "ingest")
    assert ingest["sizes"] == [10_000, 100_000, 1_000_000]
    assert abs(ingest["exponent"] - 1.0207) < 1e-3
    assert ingest["linear_within_20_percent"] is True  # 0.11 ms vs 0.10 ms a provision
    embedding = growth(runs, "embed_dask")
    assert embedding["sizes"] == [10_000, 100_000]
    assert embedding["linear_within_20_percent"] is False  # 7 ms vs 5 ms a provision
    assert growth(runs, "label_dask") == {"sizes": []}
    summary = summarise(runs)
    assert summary["embedding_speedup"][0]["speedup"] == 1.5
    out = tmp_path / "chart.svg"
    chart(runs, out)
    svg = out.read_text(encoding="utf-8")
    assert svg.startswith("<svg") and svg.count("<polyline") == 3 and "<title" in svg


def test_the_chart_draws_search_beside_ingest_without_gaps(tmp_path: Path) -> None:
    runs = [_run(10_000, 4.0, None), _run(1_000_000, 430.0, None)]
    for run, p95 in zip(runs, (40.0, 84.0), strict=True):
        run["fulltext"] = {"p95_ms": p95}
    out = tmp_path / "chart.svg"
    chart(runs, out)
    svg = out.read_text(encoding="utf-8")
    assert svg.count("<polyline") == 2 and "one full-text search, p95" in svg
    assert 'fill="#6a1b9a"' in svg  # its own colour, not ingest's
    legend = [line for line in svg.splitlines() if line.startswith("<rect x=") and "12" in line]
    rows = sorted(float(line.split('y="')[1].split('"')[0]) for line in legend)
    assert [b - a for a, b in pairwise(rows)] == [22.0] * (len(rows) - 1)
