"""Who works: one class per role, each with its own rule for picking the next job."""

from orgsim.agents.approver import Approver
from orgsim.agents.automated import AutomatedServer
from orgsim.agents.developer import Developer
from orgsim.agents.pool import RolePool
from orgsim.agents.release_manager import ReleaseManager
from orgsim.agents.reviewer import Reviewer
from orgsim.agents.team import Team
from orgsim.agents.worker import Worker

ROLE_CLASSES = {
    "developer": Developer,
    "reviewer": Reviewer,
    "approver": Approver,
    "release_manager": ReleaseManager,
    "automated": AutomatedServer,
}

__all__ = [
    "ROLE_CLASSES",
    "Approver",
    "AutomatedServer",
    "Developer",
    "ReleaseManager",
    "Reviewer",
    "RolePool",
    "Team",
    "Worker",
]
