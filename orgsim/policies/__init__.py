"""Which rules the agents follow: organizational policies as small rule objects.

Agents consult a `Policies` bundle; the flow of work never branches on a policy by
itself. Every policy has a neutral setting under which the pipeline stays a network of
FIFO queues.
"""

from __future__ import annotations

from orgsim.policies.coe import CoEEffects
from orgsim.policies.governance import FAST, MAIN, SKIP, Governance
from orgsim.policies.mandate import Mandate
from orgsim.scenario.schema import ScenarioSpec


class Policies:
    """The policies of one run, built from the scenario's `policy` section."""

    def __init__(self, spec: ScenarioSpec, seed: int) -> None:
        p = spec.policy
        self.mandate = Mandate(p.mandate, p.competing_priorities, seed)
        self.governance = Governance(p.governance, p.continuous_deployment)
        self.coe = CoEEffects(p.center_of_excellence, spec.ai)
        self.wip_limit = p.wip_limit
        self.swarm = p.swarm and p.wip_limit > 0
        self.cross_team_review = p.cross_team_review
        self.release_every = p.release_every
        self.automated_check_days = p.automated_check_days
        self.deploy_days = p.deploy_days


__all__ = ["FAST", "MAIN", "SKIP", "CoEEffects", "Governance", "Mandate", "Policies"]
