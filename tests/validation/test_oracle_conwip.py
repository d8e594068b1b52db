"""CONWIP: a WIP limit on a balanced exponential line with an unlimited backlog."""

from __future__ import annotations


def test_conwip_throughput_matches_practical_worst_case_at_several_wip_levels(validate):
    checks = validate("conwip")
    assert sum("throughput" in c.quantity for c in checks) >= 3


def test_conwip_on_an_unbalanced_multi_server_line_matches_exact_mva(validate):
    checks = validate("conwip_mva")
    assert sum("MVA" in c.quantity for c in checks) >= 5
