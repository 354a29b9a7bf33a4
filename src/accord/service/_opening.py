"""Opening the service's ledger: the log key (created on first use), the founding administrators
recorded in the database, and the checks that the database belongs to this log
(:func:`open_state`)."""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

from accord.errors import InputError, LedgerError
from accord.ledger._keys import SigningKey, decode_public_key
from accord.ledger._participants import Participant
from accord.ledger.store import LedgerStore
from accord.service._config import ServiceConfig
from accord.service._snapshot import known_tree, tree_snapshots
from accord.service._state import ServiceState


def b64(data: bytes) -> str:
    """Standard base64 text of ``data``.

    >>> b64(b"ok")
    'b2s='
    """
    return base64.b64encode(data).decode("ascii")


def load_or_create_key(path: Path) -> SigningKey:
    """Load the PEM private key at ``path``, creating it (mode 0600) if the file is missing."""
    if path.exists():
        try:
            return SigningKey.from_pem(path.read_bytes())
        except (OSError, InputError) as error:
            raise LedgerError(f"cannot read the log key {path}: {error}") from error
    key = SigningKey.generate()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "xb", opener=lambda p, f: os.open(p, f, 0o600)) as out:
            out.write(key.to_pem())
    except OSError as error:
        raise LedgerError(f"cannot write the log key {path}: {error}") from error
    return key


def _founders(config: ServiceConfig, store: LedgerStore) -> list[Participant]:
    """The founding administrators: recorded in the database when the log is first opened."""
    known = store.get_meta("founders")
    if known is None and config.admin_key is not None:
        try:
            decode_public_key(config.admin_key)
            founder = Participant(
                id=config.admin_id, role="administrator", public_key=config.admin_key
            )
        except (InputError, ValueError) as error:
            raise LedgerError(f"--admin-key is not a usable public key: {error}") from None
        store.set_meta("founders", json.dumps([founder.to_dict()], sort_keys=True))
        known = store.get_meta("founders")
    if known is None:
        return []
    founders = [Participant.model_validate(p) for p in json.loads(known)]
    if config.admin_key is not None and config.admin_key not in [f.public_key for f in founders]:
        raise LedgerError("--admin-key differs from the founding administrator of this log")
    return founders


def open_state(config: ServiceConfig) -> ServiceState:
    """Open the store and the log key of ``config`` and start the writer thread.

    Raises
    ------
    LedgerError
        The database cannot be opened, or it belongs to another log (origin or key differ).
    """
    log_key = load_or_create_key(config.log_key_path())
    tree = known_tree(tree_snapshots(config.log_key_path(), log_key, config.origin))
    store = LedgerStore.open(config.database, tree, check_data=True)
    try:
        for name, value in (("origin", config.origin), ("log_public_key", b64(log_key.public_key))):
            store.set_meta(name, value)
            known = store.get_meta(name)
            if known != value:
                raise LedgerError(
                    f"this database belongs to a log with {name} {known!r}, not {value!r}"
                )
        saved = 0  # a kept tree this log does not extend is replaced at the first save
        if tree is not None and tree.size <= store.size and tree.root() == store.root(tree.size):
            saved = tree.size
        return ServiceState(config, store, log_key, _founders(config, store), saved)
    except Exception:
        store.close()
        raise
