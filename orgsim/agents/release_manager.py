"""Release managers: run the release train and restore production after a failure."""

from __future__ import annotations

from orgsim.agents.worker import Worker


class ReleaseManager(Worker):
    """A release manager of the organization's shared pool.

    When the train leaves (the release gate opens) everything approved boards it and is
    deployed as one batch. A deployment can fail, with a probability growing with batch
    size and latent defects: the release manager then spends the restore time bringing
    production back, and changes found defective go back for rework.
    """

    role = "release_manager"
