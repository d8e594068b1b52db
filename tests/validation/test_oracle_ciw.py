"""orgsim and ciw agree on a tandem with a rework loop and two servers at one station."""

from __future__ import annotations

import pytest


def test_orgsim_and_ciw_agree_on_a_tandem_with_rework_and_two_reviewers(validate):
    pytest.importorskip("ciw")
    checks = validate("ciw_crosscheck")
    assert all(c.peer is not None for c in checks)


def test_orgsim_and_ciw_agree_on_mgc_with_gamma_service(validate):
    pytest.importorskip("ciw")
    validate("ciw_mgc")


def test_orgsim_and_ciw_agree_on_priority_classes_with_non_exponential_service(validate):
    pytest.importorskip("ciw")
    checks = validate("ciw_priority")
    assert {c.quantity for c in checks} >= {
        "wait at coding, urgent (Cobham)",
        "time in system W, fresh",
    }
