"""``accord.deal`` exports a sorted, importable, complete public surface."""

from __future__ import annotations

import accord.deal as deal


def test_deal_all_is_sorted_importable_and_complete() -> None:
    exported = list(deal.__all__)
    assert exported == sorted(exported)
    for symbol in exported:
        assert hasattr(deal, symbol)
    public = {
        n
        for n, v in vars(deal).items()
        if not n.startswith("_")
        and callable(v)
        and getattr(v, "__module__", "").startswith("accord.deal")
    }
    assert public <= set(exported)
