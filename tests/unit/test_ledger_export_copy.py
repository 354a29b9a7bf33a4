"""An export is independent of the log's entries: changing it leaves them as logged."""

from __future__ import annotations

import json

from accord.ledger import build_export
from accord.ledger._demo import Cast, jcpoa_story


def test_changing_an_export_leaves_the_entries_and_their_hashes_as_logged() -> None:
    cast = Cast()
    entries = jcpoa_story(cast)
    founders = [cast.members["registrar"].participant]
    before = json.dumps([e.to_dict() for e in entries])
    export = build_export(cast.ledger, founders, entries, [], [])
    for listed in export["entries"]:
        listed["entry"]["tampered"] = True
        for value in listed["entry"].values():
            if isinstance(value, dict):
                value["tampered"] = True
    assert json.dumps([e.to_dict() for e in entries]) == before
    again = build_export(cast.ledger, founders, entries, [], [])
    assert all("tampered" not in listed["entry"] for listed in again["entries"])
    assert again["entries"][0]["leaf_hash"] == export["entries"][0]["leaf_hash"]
    assert [e.to_dict()["entry"] for e in entries] == [x["entry"] for x in again["entries"]]
