"""HeldGroups: values grouped by key across a bundle, sent on at a limit or the bundle's end."""

from __future__ import annotations

from apache_beam.transforms.window import GlobalWindow

from babelshard.pipelines.held_groups import HeldGroups, in_global_window


def test_groups_keep_first_met_order_and_count_weights() -> None:
    held: HeldGroups[str, int] = HeldGroups(limit=5)
    held.add("b", 1)
    held.add("a", 2, weight=3)
    assert not held.full()
    held.add("b", 3)
    assert held.full() and held.held == 5
    assert held.take() == [("b", [1, 3]), ("a", [2])]


def test_take_leaves_nothing_held() -> None:
    held: HeldGroups[str, int] = HeldGroups(limit=1)
    held.add("a", 1)
    held.take()
    assert held.take() == [] and held.held == 0 and not held.full()


def test_finish_bundle_values_carry_the_global_window() -> None:
    windowed = list(in_global_window(["x", "y"]))
    assert [value.value for value in windowed] == ["x", "y"]
    assert all(value.windows == (GlobalWindow(),) for value in windowed)
