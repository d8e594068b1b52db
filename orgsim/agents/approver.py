"""Approvers: security and compliance sign-off, and seats on the change advisory board."""

from __future__ import annotations

from orgsim.agents.worker import Worker


class Approver(Worker):
    """An approver of the organization's shared pool.

    Signs off changes one by one at non-gated stations (security review) and, when the
    change advisory board's window opens, approves the waiting batch in one meeting.
    Downstream work first: a formed CAB batch goes before new sign-offs, so approvers
    who sit on the board sign off less while it meets.
    """

    role = "approver"
