"""The app's server configuration: loopback only, XSRF and CORS protection on, no telemetry."""

from __future__ import annotations

import tomllib
from pathlib import Path

CONFIG = Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml"


def _config() -> dict:
    return tomllib.loads(CONFIG.read_text())


def test_server_binds_loopback_only():
    assert _config()["server"]["address"] == "127.0.0.1"


def test_xsrf_and_cors_protection_stay_on():
    server = _config()["server"]
    assert server.get("enableXsrfProtection", True) is True
    assert server.get("enableCORS", True) is True


def test_usage_statistics_are_not_gathered():
    assert _config()["browser"]["gatherUsageStats"] is False


def test_make_run_binds_loopback_too():
    makefile = (CONFIG.parents[1] / "Makefile").read_text()
    run_line = next(line for line in makefile.splitlines() if "streamlit run" in line)
    assert "--server.address 127.0.0.1" in run_line
