"""Reads that scale: pages of entries, search by leaf hash, and the log as C2SP tiles over HTTP."""

from __future__ import annotations

import base64
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from accord.ledger._checkpoint import open_checkpoint
from accord.ledger._demo import Cast, jcpoa_story
from accord.ledger.merkle import MerkleTree, leaf_hash
from accord.ledger.merkle._tiles import entries_path, tile_path, tiles_for_size
from accord.service._config import ServiceConfig
from accord.service._opening import open_state

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@pytest.fixture
def http(tmp_path: Path) -> Iterator[Any]:
    """A service holding the JCPOA story, over an in-process client."""
    from accord.service._app import create_app

    cast = Cast()
    config = ServiceConfig(
        database=str(tmp_path / "ledger.db"),
        log_key=tmp_path / "log.key",
        origin=cast.ledger,
        admin_key=cast.members["registrar"].key.public_key_b64,
        admin_id="registrar",
    )
    state = open_state(config)
    for logged in jcpoa_story(cast):
        state.committer.clock = lambda moment=logged.when: moment
        state.submit(logged.signed)[0].result(30)
    state.close()
    app = create_app(config)
    with TestClient(app) as client:
        client.vkey = app.state.ledger.verifier_key  # type: ignore[attr-defined]
        yield client


STORY = len(jcpoa_story(Cast()))


def test_entries_come_in_pages(http: Any) -> None:
    page = http.get("/v1/entries", params={"start": 3, "limit": 4}).json()
    assert [e["index"] for e in page["entries"]] == [3, 4, 5, 6]
    assert (page["next"], page["tree_size"]) == (7, STORY)
    last = http.get("/v1/entries", params={"start": 7, "limit": 100}).json()
    assert [e["index"] for e in last["entries"]] == list(range(7, STORY))
    assert last["next"] is None
    assert set(last["entries"][0]) == {"index", "leaf_hash", "entry", "log_time", "signature"}
    assert http.get("/v1/entries", params={"limit": 1001}).status_code == 422
    assert http.get("/v1/entries", params={"start": 50}).json()["entries"] == []


def test_search_by_leaf_hash(http: Any) -> None:
    listed = http.get("/v1/entries", params={"start": 5, "limit": 1}).json()["entries"][0]
    found = http.get("/v1/search", params={"leaf_hash": listed["leaf_hash"]})
    assert found.json() == {"index": 5, "leaf_hash": listed["leaf_hash"]}
    unknown = base64.b64encode(bytes(32)).decode()
    assert http.get("/v1/search", params={"leaf_hash": unknown}).status_code == 404
    assert http.get("/v1/search", params={"leaf_hash": "zz"}).status_code == 400


def test_a_tiles_client_rebuilds_the_signed_root_from_static_files(http: Any) -> None:
    answer = http.get("/checkpoint")
    assert answer.headers["content-type"].startswith("text/plain")
    assert answer.headers["cache-control"] == "no-cache"
    head = open_checkpoint(answer.text, [http.vkey])
    leaves = b""
    for level, index, width in tiles_for_size(head.size):
        tile = http.get("/" + tile_path(level, index, width))
        assert tile.status_code == 200
        assert "immutable" in tile.headers["cache-control"]
        if level == 0:
            leaves += tile.content
    hashes = [leaves[i : i + 32] for i in range(0, len(leaves), 32)]
    assert MerkleTree.from_leaf_hashes(hashes).root() == head.root
    bundle = http.get("/" + entries_path(0, head.size)).content
    datas, at = [], 0
    while at < len(bundle):
        length = int.from_bytes(bundle[at : at + 2], "big")
        datas.append(bundle[at + 2 : at + 2 + length])
        at += 2 + length
    assert [leaf_hash(d) for d in datas] == hashes


def test_tiles_the_log_has_not_are_404_and_bad_paths_400(http: Any) -> None:
    assert http.get("/tile/0/000").status_code == 404  # a dozen entries: no full tile
    assert http.get(f"/tile/0/000.p/{STORY + 1}").status_code == 404
    assert http.get(f"/tile/0/000.p/{STORY}").status_code == 200
    assert http.get("/tile/0/0").status_code == 400
