"""Which rules the organization follows: small rule objects with hooks.

Each rule (orgsim/policies/<rule>.py) is built once from the scenario when the
organization is staffed, sets the hooks the engine calls, and states its closed-form
capacity effect beside them; `Rules` holds one run's, `RULES` lists the classes. Every
rule has a neutral setting under which the pipeline stays a network of FIFO queues.
"""

from orgsim.policies.base import Rule
from orgsim.policies.rules import RULES, Rules

__all__ = ["RULES", "Rule", "Rules"]
