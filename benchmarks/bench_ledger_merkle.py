"""Merkle log: inclusion-proof latency in a log of 10^6 entries (target ≤ 5 ms), and appends.

Baselines measured in the same run: computing the proof from the leaf hashes without stored
nodes (what a store without an incremental tree must do), and recomputing the root per append.
"""

from __future__ import annotations

import random
import statistics
import time

from accord.ledger.merkle._hashing import leaf_hash
from accord.ledger.merkle._proofs import _mth, _path, verify_inclusion
from accord.ledger.merkle._tree import MerkleTree
from benchmarks.timing import best_time, ratio

SIZE = 1_000_000
PROOFS = 2_000


def _proof_latencies(tree: MerkleTree, rng: random.Random) -> list[float]:
    out = []
    for _ in range(PROOFS):
        index = rng.randrange(tree.size)
        start = time.perf_counter()
        tree.inclusion_proof(index)
        out.append(time.perf_counter() - start)
    return out


def main() -> None:
    rng = random.Random(7)
    hashes = [leaf_hash(i.to_bytes(8, "big")) for i in range(SIZE)]
    build, tree = best_time(lambda: MerkleTree.from_leaf_hashes(hashes), repeat=1)
    restore, _ = best_time(lambda: MerkleTree.from_bytes(tree.to_bytes()), repeat=1)
    print(f"build from {SIZE:,} leaf hashes: {build:.2f} s; restore from snapshot: {restore:.2f} s")

    latencies = sorted(_proof_latencies(tree, rng))
    median, p99 = statistics.median(latencies), latencies[int(0.99 * len(latencies))]
    index = rng.randrange(SIZE)
    assert verify_inclusion(hashes[index], index, SIZE, tree.inclusion_proof(index), tree.root())
    naive, _ = best_time(lambda: _path(index, hashes), repeat=1)
    print(
        f"inclusion proof, 10^6 entries: median {median * 1e3:.3f} ms, p99 {p99 * 1e3:.3f} ms, "
        f"max {latencies[-1] * 1e3:.3f} ms (target <= 5 ms: {'met' if p99 <= 0.005 else 'MISSED'})"
    )
    print(f"  vs recomputing from leaf hashes ({naive * 1e3:.0f} ms): {ratio(median, naive)}")

    small = hashes[:4096]

    def append_with_roots() -> None:
        grown = MerkleTree()
        for h in small:
            grown.append(h)
            grown.root()

    incremental, _ = best_time(append_with_roots, repeat=3)
    recompute, _ = best_time(lambda: [_mth(small[: i + 1]) for i in range(0, 4096, 64)], repeat=1)
    recompute *= 64  # measured every 64th append to keep the baseline short
    print(
        f"4096 appends with a root each: incremental {incremental * 1e3:.1f} ms, "
        f"recompute per append ~{recompute * 1e3:.0f} ms: {ratio(incremental, recompute)}"
    )
