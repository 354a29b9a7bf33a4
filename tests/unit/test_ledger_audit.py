"""Offline audit of an export: a clean log passes; each single tampering is found and located."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from accord.errors import InputError
from accord.ledger._audit import EXPORT_FORMAT, audit_export, build_export, compare_exports
from accord.ledger._checkpoint import Checkpoint, sign_checkpoint, verifier_key
from accord.ledger._demo import Cast, jcpoa_story
from accord.ledger._entries import LoggedEntry, SignedEntry, make_entry, stamped
from accord.ledger._keys import SigningKey
from accord.ledger._receipts import b64
from accord.ledger.merkle import MerkleTree

LOG_KEY = SigningKey.from_seed(b"L" * 32)


def _export(
    entries: list[LoggedEntry] | list[SignedEntry] | list[LoggedEntry | SignedEntry],
    cast: Cast,
    every: int = 1,
) -> dict[str, Any]:
    """The export a service would make, with a checkpoint signed every ``every`` appends."""
    tree, notes = MerkleTree(), []
    entries = [stamped(e) if isinstance(e, SignedEntry) else e for e in entries]
    for i, entry in enumerate(entries, start=1):
        tree.append(entry.leaf_hash())
        if i % every == 0 or i == len(entries):
            notes.append(
                sign_checkpoint(Checkpoint(cast.ledger, i, tree.root()), cast.ledger, LOG_KEY)
            )
    members = [m.participant for m in cast.members.values()]
    keys = [verifier_key(cast.ledger, LOG_KEY.public_key)]
    founders = [cast.members["registrar"].participant]
    return build_export(cast.ledger, founders, entries, keys, notes, members)


@pytest.fixture
def story() -> tuple[Cast, list[LoggedEntry]]:
    cast = Cast()
    return cast, jcpoa_story(cast)


def _renumber(export: dict[str, Any]) -> dict[str, Any]:
    for i, item in enumerate(export["entries"]):
        item["index"] = i
    return export


def _kinds(report: Any) -> list[tuple[int | None, str]]:
    return [(f.index, f.kind) for f in report.findings]


def test_a_clean_export_verifies_after_a_json_round_trip(
    story: tuple[Cast, list[LoggedEntry]],
) -> None:
    cast, entries = story
    export = json.loads(json.dumps(_export(entries, cast)))
    report = audit_export(export)
    assert report.ok, [str(f) for f in report.findings]
    assert (report.size, report.checkpoints_checked) == (12, 12)
    assert report.to_dict()["ok"] is True
    assert export["format"] == EXPORT_FORMAT


def test_a_checkpoint_saved_earlier_is_consistent_with_the_grown_log(
    story: tuple[Cast, list[LoggedEntry]],
) -> None:
    cast, entries = story
    saved = _export(entries[:6], cast)["checkpoint"]
    later = [
        *entries,
        cast.entry("iaea_inspector", "note", {"text": "all quiet"}, "2016-02-01T00:00:00Z"),
    ]
    assert audit_export(_export(later, cast, every=100), saved=saved).ok


def test_an_altered_entry_is_located_by_its_signature(
    story: tuple[Cast, list[LoggedEntry]],
) -> None:
    cast, entries = story
    export = _export(entries, cast)
    export["entries"][8]["entry"]["body"]["amount"] = 19000  # Iran "removed" more centrifuges
    report = audit_export(export)
    assert (8, "bad_signature") in _kinds(report)
    assert (8, "leaf_hash") in _kinds(report)
    assert (8, "rewritten") in _kinds(report)  # checkpoint 8 matches, checkpoint 9 does not


def test_an_altered_entry_with_a_recomputed_leaf_hash_is_still_located(
    story: tuple[Cast, list[LoggedEntry]],
) -> None:
    cast, entries = story
    tampered = list(entries)
    old = entries[8].signed
    env = dict(old.entry_json, body={**old.entry_json["body"], "amount": 19000})
    tampered[8] = LoggedEntry(SignedEntry(old.envelope, env, old.signature), entries[8].log_time)
    export = _export(entries, cast)
    export["entries"] = _export(tampered, cast)["entries"]
    report = audit_export(export)
    assert _kinds(report)[0] == (8, "bad_signature")
    assert "does not verify under" in report.findings[0].message


def test_a_reordered_pair_by_different_submitters_is_located_by_the_checkpoints(
    story: tuple[Cast, list[LoggedEntry]],
) -> None:
    cast, entries = story
    export = _export(entries, cast)
    items = export["entries"]
    items[5], items[6] = items[6], items[5]
    report = audit_export(_renumber(export))
    assert (5, "rewritten") in _kinds(report)
    assert "entries 5 to 5" in str([f.message for f in report.findings])


def test_a_reordered_pair_by_one_submitter_breaks_its_sequence(
    story: tuple[Cast, list[LoggedEntry]],
) -> None:
    cast, entries = story
    export = _export(entries, cast)
    items = export["entries"]
    items[5], items[8] = items[8], items[5]  # Iran's two claims swapped
    report = audit_export(_renumber(export))
    assert (5, "sequence_gap") in _kinds(report)
    assert (8, "replay") in _kinds(report)
    assert (5, "rewritten") in _kinds(report)


def test_a_reordering_without_renumbering_shows_in_the_indices(
    story: tuple[Cast, list[LoggedEntry]],
) -> None:
    cast, entries = story
    export = _export(entries, cast)
    items = export["entries"]
    items[5], items[6] = items[6], items[5]
    report = audit_export(export)
    assert (5, "index") in _kinds(report)
    assert (6, "index") in _kinds(report)


def test_an_inserted_replay_is_located(story: tuple[Cast, list[LoggedEntry]]) -> None:
    cast, entries = story
    export = _export(entries, cast)
    export["entries"].insert(7, copy.deepcopy(export["entries"][5]))
    report = audit_export(_renumber(export))
    assert (7, "replay") in _kinds(report)
    assert (7, "rewritten") in _kinds(report)


def test_an_inserted_forgery_is_located(story: tuple[Cast, list[LoggedEntry]]) -> None:
    cast, entries = story
    mallory = SigningKey.from_seed(b"M" * 32)
    forged = make_entry(mallory, ledger=cast.ledger, submitter="iran_delegate", kind="note",
                        body={"text": "we withdraw"}, sequence=3,
                        timestamp="2016-01-20T00:00:00Z")  # fmt: skip
    export = _export(entries, cast)
    export["entries"].insert(
        9, {"index": 9, "leaf_hash": b64(stamped(forged).leaf_hash()), **stamped(forged).to_dict()}
    )
    report = audit_export(_renumber(export))
    assert (9, "bad_signature") in _kinds(report)


def test_a_deleted_entry_is_located_by_the_checkpoints(
    story: tuple[Cast, list[LoggedEntry]],
) -> None:
    cast, entries = story
    export = _export(entries, cast)
    del export["entries"][8]  # the US claim of waivers
    report = audit_export(_renumber(export))
    assert (8, "rewritten") in _kinds(report)
    assert (11, "deleted") in _kinds(report)  # the latest checkpoint covers 12 entries, 11 remain


def test_a_deleted_entry_leaves_a_sequence_gap(story: tuple[Cast, list[LoggedEntry]]) -> None:
    cast, entries = story
    export = _export(entries, cast)
    del export["entries"][5]  # the US co-signature; the US claim (now entry 7) follows a gap
    report = audit_export(_renumber(export))
    assert (7, "sequence_gap") in _kinds(report)
    assert (5, "rewritten") in _kinds(report)


def test_a_deletion_without_renumbering_shows_in_the_indices(
    story: tuple[Cast, list[LoggedEntry]],
) -> None:
    cast, entries = story
    export = _export(entries, cast)
    del export["entries"][6]
    report = audit_export(export)
    assert report.findings[0].index == 6
    assert report.findings[0].kind == "index"
    assert "deleted" in report.findings[0].message


def test_the_last_entry_deleted_is_caught_by_the_latest_checkpoint(
    story: tuple[Cast, list[LoggedEntry]],
) -> None:
    cast, entries = story
    export = _export(entries, cast)
    export["entries"].pop()
    assert (11, "deleted") in _kinds(audit_export(export))


def test_a_saved_checkpoint_of_a_forked_log_is_refused(
    story: tuple[Cast, list[LoggedEntry]],
) -> None:
    cast, entries = story
    forked = [
        *entries[:5],
        cast.entry("us_delegate", "note", {"text": "fork"}, "2015-10-01T00:00:00Z"),
    ]
    saved = _export(forked, cast)["checkpoint"]
    report = audit_export(_export(entries, cast), saved=saved)
    assert any(f.kind == "checkpoint" and "saved checkpoint" in f.message for f in report.findings)
    assert (5, "rewritten") in _kinds(report)


def test_checkpoints_by_an_unknown_key_are_refused(story: tuple[Cast, list[LoggedEntry]]) -> None:
    cast, entries = story
    other = verifier_key(cast.ledger, SigningKey.from_seed(b"O" * 32).public_key)
    report = audit_export(_export(entries, cast), checkpoint_keys=[other])
    assert report.checkpoints_checked == 0
    assert {f.kind for f in report.findings} == {"checkpoint"}


@pytest.mark.parametrize(
    ("tamper", "expected"),
    [
        (lambda items: items.__setitem__(3, {**items[3], "leaf_hash": "00"}), (3, "altered")),
        (lambda items: items.insert(2, items[7]), (2, "inserted")),
        (lambda items: items.pop(4), (4, "deleted")),
        (lambda items: items.__setitem__(slice(5, 7), [items[6], items[5]]), (5, "reordered")),
        (lambda items: items.pop(), (11, "deleted")),
    ],
)
def test_comparing_with_a_previous_export_names_and_locates_the_change(
    story: tuple[Cast, list[LoggedEntry]], tamper: Any, expected: tuple[int, str]
) -> None:
    cast, entries = story
    previous = _export(entries, cast)
    present = copy.deepcopy(previous)
    tamper(present["entries"])
    findings = compare_exports(previous, present)
    assert [(f.index, f.kind) for f in findings] == [expected]
    assert expected in _kinds(audit_export(present, previous=previous))


def test_listed_participants_must_match_the_registrations(
    story: tuple[Cast, list[LoggedEntry]],
) -> None:
    cast, entries = story
    export = _export(entries, cast)
    export["participants"][1]["party"] = "us"  # the Iranian delegate listed as a US delegate
    report = audit_export(export)
    assert [f.kind for f in report.findings] == ["participants"]


@pytest.mark.parametrize(
    ("export", "message"),
    [
        ({}, "not an Accord ledger export"),
        ({"format": EXPORT_FORMAT, "origin": 1, "entries": []}, "origin string"),
        ({"format": EXPORT_FORMAT, "origin": "o", "entries": [], "founders": []}, "founding"),
        (
            {"format": EXPORT_FORMAT, "origin": "o", "entries": [], "founders": [{"id": "x"}]},
            "founders are invalid",
        ),
    ],
)
def test_unreadable_exports_raise_input_error(export: dict[str, Any], message: str) -> None:
    with pytest.raises(InputError, match=message):
        audit_export(export)


def test_garbage_entries_are_reported_not_raised(story: tuple[Cast, list[LoggedEntry]]) -> None:
    cast, entries = story
    export = _export(entries, cast)
    export["entries"][2] = "garbage"
    export["entries"][3]["entry"]["kind"] = "bogus"
    report = audit_export(export)
    assert (2, "schema") in _kinds(report)
    assert (3, "schema") in _kinds(report)
