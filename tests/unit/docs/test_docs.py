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
