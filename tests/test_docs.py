"""Docs that cannot drift: the CLI reference is generated, and every setting is in the README."""

from __future__ import annotations

from pathlib import Path

from holosec.cli import app
from holosec.cli.reference import render
from holosec.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def test_cli_reference_is_up_to_date() -> None:
    assert (ROOT / "docs" / "cli.md").read_text() == render(app), "run scripts/docs"


def test_cli_reference_covers_every_command() -> None:
    text = render(app)
    for command in ("holosec demo", "holosec stats", "holosec ingest gdelt"):
        assert f"## `{command}`" in text
    for option in ("--data-dir", "--json", "--from", "--to", "--tables", "--mirror", "--layout"):
        assert f"`{option}`" in text


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    for name in Settings.model_fields:
        assert f"`HOLOSEC_{name.upper()}`" in readme, name
