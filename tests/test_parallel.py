"""ngo.parallel: every item done, results in order, failures not lost."""

from __future__ import annotations

import os

import pytest

from ngo import parallel


def test_results_come_back_in_order_from_every_process(tmp_path):
    def work(lang: str) -> tuple[str, int, str]:
        (tmp_path / f"{lang}.txt").write_text(lang)  # the files a copy writes stay
        return lang, os.getpid(), lang * 100_000  # bigger than a pipe's buffer

    results = parallel.each_in_process(work, ["lv", "en", "de"])
    assert [r[0] for r in results] == ["lv", "en", "de"]
    assert [len(r[2]) for r in results] == [200_000, 200_000, 200_000]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["de.txt", "en.txt", "lv.txt"]
    if parallel.workers() > 1:
        assert results[0][1] == os.getpid() and len({r[1] for r in results}) == 3


@pytest.mark.parametrize("failing", ["lv", "en"])
def test_a_failure_in_any_process_fails_the_call(failing, capfd):
    def work(lang: str) -> str:
        if lang == failing:
            raise ValueError(f"broken {lang}")
        return lang

    with pytest.raises((SystemExit, ValueError)):
        parallel.each_in_process(work, ["lv", "en"])


def test_a_copy_that_exits_with_a_build_problem_fails_the_call():
    def work(lang: str) -> str:
        if lang == "en":
            raise SystemExit(1)
        return lang

    with pytest.raises(SystemExit):
        parallel.each_in_process(work, ["lv", "en"])


def test_map_all_gives_every_result_in_order_from_every_core(monkeypatch):
    monkeypatch.setattr(parallel, "MIN_ITEMS", 2)
    items = list(range(101))  # not a multiple of the number of processes

    def work(n: int) -> tuple[int, int, str]:
        return n * n, os.getpid(), "x" * 10_000  # all results together: bigger than a pipe

    results = parallel.map_all(work, items)
    assert [r[0] for r in results] == [n * n for n in items]
    assert all(len(r[2]) == 10_000 for r in results)
    pids = {r[1] for r in results}
    assert os.getpid() in pids  # this process does its share
    assert len(pids) == min(parallel.workers(), len(items))


def test_map_all_fails_when_a_copy_fails(monkeypatch):
    monkeypatch.setattr(parallel, "MIN_ITEMS", 2)
    parent = os.getpid()

    def work(n: int) -> int:
        if os.getpid() != parent and n % 2:
            raise ValueError(n)
        return n

    if parallel.workers() > 1:
        with pytest.raises(SystemExit):
            parallel.map_all(work, list(range(10)))
