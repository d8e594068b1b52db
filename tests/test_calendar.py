"""The event calendar keeps Mesa's event API and ordering while running on plain tuples."""

from __future__ import annotations

from heapq import heappop

import numpy as np
import pytest
from helpers import SCENARIOS
from mesa.experimental.mesa_signals import ObservableSignals
from mesa.time import EventList, Priority, Schedule

from orgsim import OrgModel, Scenario, load_scenario
from orgsim.calendar import EventCalendar
from orgsim.reference import StockEventListModel

QUIET = {
    "name": "quiet",
    "simulation": {"days": 10, "warmup_days": 0},
    "org": {
        "teams": 1,
        "people_per_team": {"developer": 1},
        "demand": {"kind": "poisson", "rate_per_team": 0.5},
    },
    "pipeline": [
        {"name": "coding", "role": "developer", "service": {"dist": "exponential", "mean": 1}}
    ],
}


def quiet_model() -> OrgModel:
    """A model with no demand: only the events a test schedules (and the day ticks) run.

    A scenario without demand is rejected on load (it carries no work), so the quiet
    model is built from a valid one whose demand is then set to zero, unvalidated.
    """
    scn = load_scenario(QUIET)
    org = scn.spec.org
    demand = org.demand.model_copy(update={"rate_per_team": 0.0})
    spec = scn.spec.model_copy(update={"org": org.model_copy(update={"demand": demand})})
    return OrgModel(Scenario(spec, "quiet", scn.to_dict()), seed=1)


def test_model_runs_on_the_event_calendar():
    model = quiet_model()
    assert isinstance(model._event_list, EventCalendar)


def test_mesa_schedule_event_runs_at_its_time_and_sees_the_clock():
    model = quiet_model()
    seen = []

    def note():
        seen.append((model.time, model.now))

    model.schedule_event(note, at=2.5)
    model.schedule_event(note, after=0.25)
    model.run_until(3)
    assert seen == [(0.25, 0.25), (2.5, 2.5)]
    assert model.time == model.now == 3


def test_cancelled_mesa_event_does_not_run():
    model = quiet_model()
    seen = []

    def note():
        seen.append(model.time)

    event = model.schedule_event(note, at=1.5)
    model.schedule_event(note, at=1.75)
    event.cancel()
    assert len(model._event_list) == 1
    model.run_for(2)
    assert seen == [1.75]


def test_ties_run_by_priority_then_in_the_order_scheduled():
    model = quiet_model()
    order = []

    def make(tag):
        def act():
            order.append(tag)

        return act

    actions = [make(t) for t in ("default-1", "low", "default-2", "high")]
    model.schedule_event(actions[0], at=0.5)
    model.schedule_event(actions[1], at=0.5, priority=Priority.LOW)
    model.call_after(0.5, actions[2])
    model.schedule_event(actions[3], at=0.5, priority=Priority.HIGH)
    model.run_for(1)
    assert order == ["high", "default-1", "default-2", "low"]


def test_the_day_tick_runs_before_other_events_at_the_same_instant():
    model = quiet_model()
    order = []

    def note():
        order.append(("event", model.steps))

    model.schedule_event(note, at=2.0)
    model.run_until(2)
    assert order == [("event", 2)]  # day 2's step ran first
    assert model.steps == 2
    assert len(model.daybook) == 2


def test_step_advances_one_day_and_records_it():
    model = quiet_model()
    model.step()
    model.step()
    assert model.time == 2.0 and model.steps == 2
    assert list(model.timeseries().index) == [1, 2]


def test_recurring_schedule_runs_on_the_calendar():
    model = quiet_model()
    seen = []

    def tick():
        seen.append(model.time)

    generator = model.schedule_recurring(tick, Schedule(interval=2.5, start=1.0))
    model.run_until(7)
    generator.stop()
    model.run_until(10)
    assert seen == [1.0, 3.5, 6.0]


def test_subscribers_to_time_are_notified_of_every_change():
    model = quiet_model()
    changes = []

    def listen(signal):  # held weakly by Mesa: keep a name for it
        changes.append(signal.additional_kwargs["new"])

    model.observe("time", ObservableSignals.CHANGED, listen)

    def nothing():
        pass

    model.schedule_event(nothing, at=0.5)
    model.run_until(2)
    assert changes == [0.5, 1.0, 2.0]


def test_running_backwards_warns_and_leaves_the_clock_alone():
    model = quiet_model()
    model.run_until(3)
    with pytest.warns(RuntimeWarning):
        model.run_until(2)
    assert model.time == 3


def test_peek_ahead_and_pop_event_return_mesa_events_in_order():
    model = quiet_model()

    def a():
        pass

    def b():
        pass

    model.schedule_event(a, at=3.0)
    model.call_after(1.0, b)
    calendar = model._event_list
    ahead = calendar.peek_ahead(2)
    assert [e.time for e in ahead] == [1.0, 3.0]
    first = calendar.pop_event()
    assert first.time == 1.0
    calendar.compact()
    assert len(calendar) == 1
    calendar.clear()
    assert calendar.is_empty()


@pytest.mark.parametrize(
    "scenario", ["enterprise-ai.toml", "enterprise-ai-redesigned.toml", "ai-native.toml"]
)
def test_results_match_mesas_stock_event_list_event_for_event(scenario):
    path = SCENARIOS / scenario
    ours, stock = OrgModel(path, seed=3), StockEventListModel(path, seed=3)
    for model in (ours, stock):
        model.run(days=90)
        model.step()
    assert isinstance(stock._event_list, EventList) and not isinstance(
        stock._event_list, EventCalendar
    )
    assert ours.steps == stock.steps == 91
    ours_visits, stock_visits = ours.flow.ledger.visit_columns(), stock.flow.ledger.visit_columns()
    for field, column in ours_visits.items():
        assert np.array_equal(column, stock_visits[field]), field
    assert ours.daybook.values == stock.daybook.values
    assert repr(ours.summary()) == repr(stock.summary())  # repr: NaN equals NaN


def test_a_cancelled_event_neither_runs_nor_moves_an_observed_clock():
    model = quiet_model()
    changes = []

    def listen(signal):
        changes.append(signal.additional_kwargs["new"])

    def nothing():
        pass

    model.observe("time", ObservableSignals.CHANGED, listen)
    model.schedule_event(nothing, at=0.5).cancel()
    model.schedule_event(nothing, at=0.75)
    model.run_until(1)
    assert changes == [0.75, 1.0]


class _Recorder:
    """Callables that note their own label when run (bound methods: what call_at takes)."""

    def __init__(self, log: list, label: int) -> None:
        self.log, self.label = log, label

    def run(self) -> None:
        self.log.append(self.label)


@pytest.mark.parametrize("servers", [1, 16, 500, 5000, 10**6])
def test_any_bucket_width_runs_events_in_heap_order(servers):
    """The calendar's buckets are a matter of speed only: (time, priority, insertion)
    order, ties and events scheduled into the current bucket included, is a heap's."""
    rng = np.random.default_rng(7)
    times = np.round(rng.exponential(3.0, 3000), 2)  # rounded: many exact ties
    times[::50] = times[0]
    cal = EventCalendar()
    cal.tune(servers)
    log: list[int] = []
    for i, t in enumerate(times):
        cal.call_at(float(t), _Recorder(log, i).run)
    seen = 0
    while cal._now or cal._promote():
        entry = heappop(cal._now)
        entry[3]()
        if seen % 7 == 0:  # events scheduled while the calendar runs, some "now"
            label = len(times)  # its index: labels follow the order of scheduling
            later = entry[0] + float(np.round(rng.exponential(0.5), 2)) * (seen % 3)
            cal.call_at(later, _Recorder(log, label).run)
            times = np.append(times, later)
        seen += 1
    expected = sorted(range(len(times)), key=lambda i: (times[i], i))
    assert log == expected
