"""Each claim's judge() on synthetic runs: it reaches holds True and holds False exactly."""

from __future__ import annotations

from synthetic import frame

from orgsim.experiments.claims import CLAIM_MODULES
from orgsim.experiments.claims import common as k
from orgsim.experiments.claims import verdict as v

c1, c2, c3, c4, c5, limits = (CLAIM_MODULES[n] for n in ("C1", "C2", "C3", "C4", "C5", "limits"))


def _c1(throughput_ai: float, wip_ai: float = 500.0, lead_ai: float = 100.0):
    base = {
        "coding_days_per_change": 2.0,
        "wip_downstream": 100.0,
        "throughput_per_week": 100.0,
        "lead_time_littles": 10.0,
        "wip.review": 40.0,
        "wip.integration": 5.0,
        "bottleneck_station": "coding",
    }
    ai = {
        **base,
        "coding_days_per_change": 0.7,
        "wip_downstream": wip_ai,
        "throughput_per_week": throughput_ai,
        "lead_time_littles": lead_ai,
        "wip.integration": 400.0,
        "bottleneck_station": "integration",
    }
    return frame({k.BASELINE: base, k.AI: ai})


def test_c1_holds_when_wip_piles_downstream_and_lead_time_worsens_tenfold():
    verdict = c1.judge(_c1(throughput_ai=105.0))
    assert verdict.holds is True
    assert verdict.bands["lead time"] == v.WORSENS_SUBSTANTIALLY
    assert "worsens substantially" in verdict.text and "integration" in verdict.text


def test_c1_fails_when_throughput_improves_substantially():
    verdict = c1.judge(_c1(throughput_ai=200.0, lead_ai=8.0))
    assert verdict.holds is False
    assert verdict.bands["throughput"] == v.IMPROVES_SUBSTANTIALLY


def test_c1_fails_when_wip_downstream_barely_changes():
    assert c1.judge(_c1(throughput_ai=102.0, wip_ai=103.0)).holds is False


def _c2(cost_ai: float, cost_real: float = 98.0):
    row = {"throughput_per_week": 100.0, "token_cost": 1000.0, "total_cost": 1e5}
    return frame(
        {
            k.BASELINE: {**row, "cost_per_item": 100.0},
            k.REALISTIC: {**row, "cost_per_item": cost_real},
            k.AI: {**row, "cost_per_item": cost_ai},
        }
    )


def test_c2_holds_when_bolted_on_savings_are_below_the_band():
    verdict = c2.judge(_c2(cost_ai=95.0))
    assert verdict.holds is True
    assert verdict.bands[f"savings {k.AI}"] == c2.BELOW


def test_c2_fails_when_a_bolted_on_organization_reaches_the_band():
    verdict = c2.judge(_c2(cost_ai=85.0))
    assert verdict.holds is False
    assert verdict.bands[f"savings {k.AI}"] == c2.WITHIN


def _capture(org: str, inside_tp: float, inside_lt: float):
    return frame(
        {
            k.BASELINE: {
                "throughput_per_week": 100.0,
                "lead_time_littles": 10.0,
                "bottleneck_station": "coding",
            },
            k.AI: {
                "throughput_per_week": 105.0,
                "lead_time_littles": 30.0,
                "bottleneck_station": "review",
            },
            k.no_ai(org): {
                "throughput_per_week": 120.0,
                "lead_time_littles": 6.0,
                "bottleneck_station": "coding",
            },
            org: {
                "throughput_per_week": 120.0 * inside_tp,
                "lead_time_littles": 6.0 * inside_lt,
                "bottleneck_station": "integration",
            },
        }
    )


def test_c3_and_c5_hold_when_the_ai_gain_is_captured_beyond_the_bolted_on_one():
    assert c3.judge(_capture(k.REDESIGNED, 1.6, 0.5)).holds is True
    assert c5.judge(_capture(k.NATIVE, 1.6, 0.5)).holds is True


def test_c3_and_c5_fail_when_the_ai_effect_inside_is_the_bolted_on_one():
    assert c3.judge(_capture(k.REDESIGNED, 1.05, 3.0)).holds is False
    assert c5.judge(_capture(k.NATIVE, 1.05, 3.0)).holds is False


def test_c5_fails_when_the_assistant_lengthens_lead_time_inside():
    verdict = c5.judge(_capture(k.NATIVE, 1.6, 1.3))
    assert verdict.holds is False
    assert verdict.bands[f"AI inside {k.NATIVE} (lead time)"] == v.WORSENS_SUBSTANTIALLY


def _c4(constraint: str, after: str, gain_at: str):
    spec = {k.AI: {"delivery_rate_per_week": 100.0, "bottleneck_station": constraint}}
    for s in ("coding", "review", "integration"):
        spec[k.relieved(k.AI, s)] = {
            "delivery_rate_per_week": 130.0 if s == gain_at else 100.0,
            "bottleneck_station": after if s == constraint else constraint,
        }
    return frame(spec, wobble=0.02)


def test_c4_holds_when_relieving_the_downstream_constraint_helps_and_moves_it():
    verdict = c4.judge(_c4("integration", after="review", gain_at="integration"))
    assert verdict.holds is True
    assert "moves" in verdict.band


def test_c4_fails_when_the_constraint_is_coding():
    assert c4.judge(_c4("coding", after="review", gain_at="coding")).holds is False


def test_c4_fails_when_relieving_a_non_constraint_raises_throughput():
    assert c4.judge(_c4("integration", after="review", gain_at="review")).holds is False


def _limits(ample_gain: float, slow_gain: float):
    row = {"lead_time_littles": 10.0, "cost_per_item": 100.0, "bottleneck_station": "review"}
    return frame(
        {
            k.BASELINE: {**row, "throughput_per_week": 100.0},
            limits.AMPLE_C: {**row, "throughput_per_week": 100.0},
            limits.AMPLE_T: {**row, "throughput_per_week": 100.0 * ample_gain},
            limits.SLOW_AI: {**row, "throughput_per_week": 100.0 * slow_gain},
        }
    )


def test_limits_holds_when_ample_capacity_pays_off_and_a_slow_assistant_does_not():
    assert limits.judge(_limits(1.8, 0.8)).holds is True


def test_limits_fails_when_ample_capacity_does_not_pay_off():
    assert limits.judge(_limits(1.02, 0.8)).holds is False
