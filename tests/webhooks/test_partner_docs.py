"""The verification examples of docs/partenaires.md run as written, on its test vector."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

DOC = (Path(__file__).resolve().parents[2] / "docs" / "partenaires.md").read_text(encoding="utf-8")
HEADERS = {
    "webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
    "webhook-timestamp": "1614265330",
    "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
}
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
BODY = b'{"test": 2432232314}'


def _block(language: str) -> str:
    blocks = re.findall(rf"```{language}\n(.*?)```", DOC, flags=re.S)
    assert blocks, language
    return str(blocks[-1])


def test_python_example_verifies_the_vector() -> None:
    namespace: dict[str, Any] = {}
    exec(_block("python"), namespace)  # noqa: S102 - the documented example itself
    check = namespace["signature_valide"]
    assert check(SECRET, HEADERS, BODY, tolerance=0)
    assert not check(SECRET, HEADERS, BODY.replace(b"4", b"5"), tolerance=0)


def test_javascript_example_verifies_the_vector(tmp_path: Path) -> None:
    module = tmp_path / "verif.js"
    module.write_text(_block("js"), encoding="utf-8")
    script = (
        f"const {{ signatureValide }} = require({json.dumps(str(module))});"
        f"const h = {json.dumps(HEADERS)};"
        f"const s = {json.dumps(SECRET)}; const body = Buffer.from({json.dumps(BODY.decode())});"
        "console.log(signatureValide(s, h, body, 0), signatureValide(s, h, Buffer.from('x'), 0));"
    )
    # Node.js is part of the toolchain (the SPA is built with it).
    out = subprocess.run(  # noqa: S603
        ["node", "-e", script],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.split() == ["true", "false"]
