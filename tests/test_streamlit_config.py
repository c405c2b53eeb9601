"""Issue 15 item 11: the server settings a real deployment relies on are in .streamlit/config.toml, and
Streamlit itself reads them as meant (a value it does not accept, such as the old ``false`` for
``showErrorDetails``, would quietly mean something else)."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib

from loaders.reader import MAX_BYTES
from tests.conftest import ROOT

CONFIG = ROOT / ".streamlit" / "config.toml"


def test_config_file_sets_the_deployment_settings() -> None:
    config = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    server, client = config["server"], config["client"]
    assert server["maxUploadSize"] * 1024 * 1024 == MAX_BYTES  # the page's own limit, in Streamlit's MB
    assert server["enableXsrfProtection"] is True
    assert server["enableCORS"] is True
    assert client["showErrorDetails"] == "none"


def test_streamlit_reads_them_as_meant() -> None:
    """Parsed by Streamlit's own config loader in a child process (its options are process-global)."""
    keys = ["server.maxUploadSize", "server.enableXsrfProtection", "server.enableCORS", "client.showErrorDetails"]
    code = (
        "import json, sys\nfrom streamlit import config\nconfig.get_config_options(force_reparse=True)\n"
        f"keys = {keys!r}\n"
        "print(json.dumps({k: [config.get_option(k), config.get_where_defined(k)] for k in keys}))\n"
        "from streamlit.config import ShowErrorDetailsConfigOptions as O\n"
        "print(json.dumps(sorted(o.value for o in O)))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    values_line, accepted_line = done.stdout.strip().splitlines()[-2:]
    values = json.loads(values_line)
    assert {k: v for k, (v, _) in values.items()} == {
        "server.maxUploadSize": 2,
        "server.enableXsrfProtection": True,
        "server.enableCORS": True,
        "client.showErrorDetails": "none",
    }
    assert all(where == str(CONFIG) for _, where in values.values())  # from this file, not a default
    assert "none" in json.loads(accepted_line)
