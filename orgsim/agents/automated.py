"""Automated servers: CI runners, test rigs and policy-as-code checks."""

from __future__ import annotations

from orgsim.agents.worker import Worker


class AutomatedServer(Worker):
    """One of the `servers` of an automated station; it never tires and follows FIFO."""

    role = "automated"
