"""Send one file to the web workbench's editor validation, ``POST /validate`` of ``accord web``
(which runs :func:`accord.web._workspace.validate_text`), as the hostile corpus's ``web-validate``
entry point (tests/hostile.py).

Run as ``python tests/hostile_web.py FILE``: the workbench app is served in-process (the same
ASGI app ``accord web`` runs, error handlers included) and the file's bytes are posted as the
editor posts a text. Prints the answer; exits 0 when the text is a valid scenario, 2 when the
answer lists its problems or refuses it (4xx), and 3 on a server error (5xx), which the corpus
test fails on.
"""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path


def main(file: Path) -> int:
    with warnings.catch_warnings():  # starlette's notice about httpx, not about the input
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from accord.web._app import create_app

    app = create_app(file.parent)
    with TestClient(app, raise_server_exceptions=False) as client:
        answer = client.post(
            "/validate",
            params={"name": file.name},
            content=file.read_bytes(),
            headers={"content-type": "application/yaml", "accept": "application/json"},
        )
    print(f"POST /validate: {answer.status_code}")
    if answer.status_code >= 500:
        print(answer.text)
        return 3
    body = answer.json()
    if answer.status_code >= 400:
        print(json.dumps(body)[:2000])
        return 2
    [checked] = body["files"]
    for diagnostic in checked["diagnostics"][:5]:
        print(f"{diagnostic['path']}: {diagnostic['message']} (hint: {diagnostic['hint']})")
    return 0 if checked["ok"] else 2


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
