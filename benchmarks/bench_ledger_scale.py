"""A log of 10^6 entries: start-up before and after the state snapshot, and the consistency
check of a saved checkpoint through the proof endpoint (target <= 50 ms).

``ACCORD_BENCH_LEDGER_SIZE`` (default 10^6) entries are built once (:mod:`benchmarks.
ledger_big`; ``ACCORD_BENCH_CACHE=DIR`` keeps the database between runs). Then, in the same
run:

- start-up replaying every entry (what every start did before; the baseline), which also writes
  the snapshot;
- start-up from the snapshot (now);
- ``accord serve`` on the log, and ``LedgerClient.checkpoint()`` + ``check_consistency()`` from a
  checkpoint of ``size - 1000`` entries saved earlier (what ``accord ledger verify URL
  --checkpoint SAVED`` does: the signed checkpoint and one consistency proof over HTTP, checked).
"""

from __future__ import annotations

import base64
import os
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from accord.frontend._ledger_client import LedgerClient
from accord.ledger._checkpoint import Checkpoint, open_checkpoint, sign_checkpoint, verifier_key
from accord.service._state import ServiceConfig, load_or_create_key, open_state
from benchmarks.ledger_big import build_big_ledger
from benchmarks.ledger_http import running_service

SIZE = int(os.environ.get("ACCORD_BENCH_LEDGER_SIZE", str(10**6)))
CHECKS = 50


def _config(directory: Path, size: int) -> tuple[ServiceConfig, float]:
    directory.mkdir(parents=True, exist_ok=True)
    marker = directory / f"built-{size}"
    start = time.perf_counter()
    if marker.exists():
        from accord.ledger._demo import Cast

        cast = Cast()
        config = ServiceConfig(database=str(directory / "big.db"), log_key=directory / "big.key",
                               origin=cast.ledger, admin_id="registrar",
                               admin_key=cast.members["registrar"].key.public_key_b64)  # fmt: skip
        return config, 0.0
    config = build_big_ledger(directory, size)
    marker.touch()
    return config, time.perf_counter() - start


def _start(config: ServiceConfig) -> float:
    start = time.perf_counter()
    state = open_state(config)
    elapsed = time.perf_counter() - start
    state.close()
    return elapsed


def _consistency(config: ServiceConfig) -> tuple[float, float, float]:
    """(seconds until accord serve answers, median and 95th percentile of a check)."""
    key = load_or_create_key(config.log_key_path())
    vkey = verifier_key(config.origin, key.public_key)
    extra = ["--log-key", str(config.log_key_path())]
    begun = time.perf_counter()
    with running_service(config.database, config.origin, None, extra, timeout=3600) as url:
        ready = time.perf_counter() - begun
        size = int(httpx.get(url + "/v1/log", timeout=30).json()["tree_size"])
        old = max(1, size - 1000)
        answer = httpx.get(url + "/v1/proofs/consistency", params={"old_size": old}, timeout=30)
        root = base64.b64decode(answer.json()["old_root"])
        note = sign_checkpoint(Checkpoint(config.origin, old, root), config.origin, key)
        saved = open_checkpoint(note, [vkey])  # as a party saved it 1,000 entries ago
        times = []
        for _ in range(CHECKS):
            start = time.perf_counter()
            with LedgerClient(url, log_key=vkey) as client:
                _note, head = client.checkpoint()
                client.check_consistency(saved, head)
            times.append(time.perf_counter() - start)
    times.sort()
    return ready, statistics.median(times), times[int(len(times) * 0.95)]


def main() -> None:
    """Build (or reuse) the big log, then measure start-up and the consistency check."""
    print(f"load average at start: {', '.join(f'{x:.1f}' for x in os.getloadavg())} "
          f"on {os.cpu_count()} cores")  # fmt: skip
    cache = os.environ.get("ACCORD_BENCH_CACHE")
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(cache) if cache else Path(scratch)
        directory.mkdir(parents=True, exist_ok=True)
        config, built = _config(directory, SIZE)
        if built:
            print(f"built a log of {SIZE:,} signed entries in {built:.0f} s")
        Path(f"{config.log_key_path()}.state").unlink(missing_ok=True)
        replay = _start(config)
        snapshot = _start(config)
        print(f"start-up on {SIZE:,} entries: replaying every entry (before, baseline) "
              f"{replay:.1f} s; from the state snapshot (now) {snapshot:.1f} s: "
              f"{replay / snapshot:.0f}x faster")  # fmt: skip
        small, _built = _config(directory / "small", 1_100)
        _start(small)
        for label, chosen in ((f"{SIZE:,}", config), ("1,100 (baseline)", small)):
            ready, median, p95 = _consistency(chosen)
            print(f"accord serve on {label} entries answered {ready:.1f} s after launch; "
                  f"consistency check from a checkpoint saved 1,000 entries earlier, through "
                  f"the proof endpoint: median {median * 1e3:.1f} ms, 95th percentile "
                  f"{p95 * 1e3:.1f} ms over {CHECKS} (target <= 50 ms)")  # fmt: skip


if __name__ == "__main__":
    main()
