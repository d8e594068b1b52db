"""The bottleneck sets throughput: speeding up anything else changes nothing but queues."""

from __future__ import annotations


def test_speeding_up_a_non_bottleneck_leaves_throughput_unchanged_and_grows_its_queue(validate):
    validate("bottleneck")
