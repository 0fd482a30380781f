"""The benchmark script runs end to end on a small generated council (on SQLite: it makes its own database)."""
import json
import sys


def test_benchmark_reports_times_and_query_counts(monkeypatch, capsys):
    from benchmarks import budgets as benchmark

    monkeypatch.setattr(sys, "argv", ["benchmark", "--requests", "60", "--runs", "3"])
    benchmark.main()
    report = json.loads(capsys.readouterr().out)
    assert report["decided_requests"] == 60
    assert report["budget_page_first"]["queries"] <= 8
    assert report["budget_page_first"]["median_ms"] > 0 and report["bare_endpoint"]["median_ms"] > 0
