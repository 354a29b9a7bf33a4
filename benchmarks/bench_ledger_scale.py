"""A log of 10^6 entries: start-up, and the consistency check of a saved checkpoint through the
proof endpoint (target <= 50 ms).

``ACCORD_BENCH_LEDGER_SIZE`` (default 10^6) entries are built once and kept between runs
(:mod:`benchmarks.ledger_big`: ``ACCORD_BENCH_CACHE``, default ``~/.cache/accord-bench``), so a
rerun takes a few minutes. Then, in the same run:

- start-up of the service state from the state snapshot and the kept tree; with
  ``ACCORD_BENCH_REPLAY=1`` also replaying every entry (what every start did before the state
  snapshot; minutes on 10^6 entries); and the store's part, hashing every node of the tree
  (before) against reusing the kept tree's nodes (now);
- ``accord serve`` on the log, and ``ACCORD_BENCH_CHECKS`` (default 200) consistency checks
  from checkpoints saved at random earlier sizes (seeded), each by a fresh client as ``accord
  ledger verify URL --checkpoint SAVED --log-key KEY`` makes: one request, the proof from the
  saved size with the signed checkpoint it leads to, checked (now), against the three requests
  the client made before (the log's identity, the signed checkpoint, then the proof between the
  two sizes), alternating; median, 95th and 99th percentiles;
- the same on a 1,100-entry log, the baseline of the log's size.
"""

from __future__ import annotations

import base64
import os
import random
import statistics
import time
from collections.abc import Callable

import httpx

from accord.frontend._ledger_client import LedgerClient
from accord.ledger._checkpoint import Checkpoint, open_checkpoint, sign_checkpoint, verifier_key
from accord.ledger.merkle._tree import MerkleTree
from accord.ledger.store import LedgerStore
from accord.service._snapshot import known_tree, tree_snapshots
from accord.service._state import ServiceConfig, load_or_create_key, open_state
from benchmarks.ledger_big import cached_big_ledger
from benchmarks.ledger_http import running_service

SIZE = int(os.environ.get("ACCORD_BENCH_LEDGER_SIZE", str(10**6)))
CHECKS = int(os.environ.get("ACCORD_BENCH_CHECKS", "200"))
SEED = 15


def _start(config: ServiceConfig) -> float:
    start = time.perf_counter()
    state = open_state(config)
    elapsed = time.perf_counter() - start
    state.close()
    return elapsed


def _load() -> str:
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


def _store_open(config: ServiceConfig, known: MerkleTree | None) -> float:
    start = time.perf_counter()
    LedgerStore.open(config.database, known).close()
    return time.perf_counter() - start


def _startup(config: ServiceConfig) -> None:
    """Start-up of the service state (from the snapshots; replaying every entry if asked), and
    the store's opening with and without the kept tree (alternating, best of 3)."""
    key = config.log_key_path()
    state_file = key.with_name(key.name + ".state")
    if os.environ.get("ACCORD_BENCH_REPLAY") == "1":
        state_file.unlink(missing_ok=True)
        replay = _start(config)
        print(f"start-up on {SIZE:,} entries replaying every entry (before the state snapshot): "
              f"{replay:.1f} s (load {_load()})")  # fmt: skip
    _start(config)  # writes the snapshots if they are missing
    times = sorted(_start(config) for _ in range(3))
    print(f"start-up on {SIZE:,} entries from the state snapshot and the kept tree: "
          f"{times[0]:.2f} s best of 3, median {times[1]:.2f} s (load {_load()})")  # fmt: skip
    log_key = load_or_create_key(key)
    known = known_tree(tree_snapshots(key, log_key, config.origin))
    pairs = [(_store_open(config, None), _store_open(config, known)) for _ in range(3)]
    before, now = (min(p[i] for p in pairs) for i in (0, 1))
    print(f"  opening the store: hashing every node (before) {before:.2f} s, reusing the kept "
          f"tree's nodes (now) {now:.2f} s: {before / now:.1f}x faster "
          f"(load {_load()})")  # fmt: skip


def _saved(url: str, config: ServiceConfig, sizes: list[int]) -> list[Checkpoint]:
    """Signed checkpoints of the log at ``sizes``, as parties saved them back then."""
    key = load_or_create_key(config.log_key_path())
    vkey = verifier_key(config.origin, key.public_key)
    saved = []
    with httpx.Client(base_url=url, timeout=30) as http:
        for old in sizes:
            params = {"old_size": old, "new_size": old}
            root = base64.b64decode(
                http.get("/v1/proofs/consistency", params=params).json()["old_root"]
            )
            note = sign_checkpoint(Checkpoint(config.origin, old, root), config.origin, key)
            saved.append(open_checkpoint(note, [vkey]))
    return saved


def _now(client: LedgerClient, saved: Checkpoint) -> None:
    client.checkpoint_extending(saved)


def _before(client: LedgerClient, saved: Checkpoint) -> None:
    client.info()  # the client asked the log's identity first, even with the key given
    _note, head = client.checkpoint()
    client.check_consistency(saved, head)


def _consistency(config: ServiceConfig) -> tuple[float, dict[str, list[float]]]:
    """Seconds until accord serve answers; the times of each way of checking."""
    vkey = verifier_key(config.origin, load_or_create_key(config.log_key_path()).public_key)
    ways: dict[str, Callable[[LedgerClient, Checkpoint], None]] = {"now": _now, "before": _before}
    times: dict[str, list[float]] = {name: [] for name in ways}
    extra = ["--log-key", str(config.log_key_path())]
    begun = time.perf_counter()
    with running_service(config.database, config.origin, None, extra, timeout=3600) as url:
        ready = time.perf_counter() - begun
        size = int(httpx.get(url + "/v1/log", timeout=30).json()["tree_size"])
        rng = random.Random(SEED)
        saved = _saved(url, config, [rng.randrange(1, size) for _ in range(CHECKS)])
        for checkpoint in saved:
            for name, way in ways.items():
                start = time.perf_counter()
                with LedgerClient(url, log_key=vkey) as client:
                    way(client, checkpoint)
                times[name].append(time.perf_counter() - start)
    return ready, times


def _summary(times: list[float]) -> str:
    ordered = sorted(times)
    p95, p99 = (ordered[min(len(ordered) - 1, int(len(ordered) * q))] for q in (0.95, 0.99))
    return (f"median {statistics.median(ordered) * 1e3:.1f} ms, 95th percentile "
            f"{p95 * 1e3:.1f} ms, 99th {p99 * 1e3:.1f} ms")  # fmt: skip


def main() -> None:
    """Build (or reuse) the big log, then measure start-up and the consistency check."""
    print(f"load average at start: {_load()} on {os.cpu_count()} cores")
    config, built = cached_big_ledger(SIZE)
    print(f"built a log of {SIZE:,} signed entries in {built:.0f} s" if built else
          f"the log of {SIZE:,} entries kept in {config.database} (built before)")  # fmt: skip
    small, _built = cached_big_ledger(1_100)
    _startup(config)
    for label, chosen in ((f"{SIZE:,}", config), ("1,100 (baseline)", small)):
        ready, times = _consistency(chosen)
        print(f"accord serve on {label} entries answered {ready:.1f} s after launch; "
              f"{CHECKS} consistency checks from checkpoints saved at random earlier sizes, "
              f"each by a fresh client (load {_load()}):")  # fmt: skip
        print(f"  now, one request for the proof and the signed checkpoint: "
              f"{_summary(times['now'])} (target <= 50 ms)")  # fmt: skip
        ratio = statistics.median(times["before"]) / statistics.median(times["now"])
        print(f"  before, the identity, the checkpoint, the proof: {_summary(times['before'])}; "
              f"median {ratio:.2f}x the time of now")  # fmt: skip


if __name__ == "__main__":
    main()
