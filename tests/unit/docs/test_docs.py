"""Documentation that cannot drift: every setting is in the README, set-up is two commands."""

from __future__ import annotations

from pathlib import Path

from htx.settings import Settings

REPO = Path(__file__).resolve().parents[3]


def test_every_setting_is_documented() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    for name in Settings.model_fields:
        assert f"`HTX_{name.upper()}`" in readme, f"HTX_{name.upper()} missing from README"


def test_setup_is_two_commands() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    setup = readme.split("## Set-up", 1)[1].split("##", 1)[0]
    block = setup.split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == ["make run", "make test"]
    makefile = (REPO / "Makefile").read_text("utf-8")
    assert "\nrun:" in makefile and "\ntest:" in makefile and "\nbench:" in makefile and "\nlint:" in makefile
    assert "make test" in (REPO / ".ci" / "run").read_text("utf-8")


def test_cli_reference_is_current() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("cli_reference", REPO / "scripts" / "cli_reference.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    current = (REPO / "docs" / "cli-reference.md").read_text("utf-8")
    assert mod.render() == current, "run `.venv/bin/python scripts/cli_reference.py` and commit docs/cli-reference.md"
