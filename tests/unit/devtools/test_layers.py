"""The layering check catches a domain folder reaching up, and packages importing in a loop."""

from __future__ import annotations

from pathlib import Path

from htx.devtools import layers


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "htx"
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for folder in [root, *[p for p in root.rglob("*") if p.is_dir()]]:
        (folder / "__init__.py").touch()
    return root


def test_a_domain_folder_importing_the_database_is_named_with_its_line(tmp_path: Path) -> None:
    root = _tree(tmp_path, {
        "db/repo.py": "X = 1\n",
        "stats/figures.py": "import os\n\n\ndef f():\n    from htx.db import repo\n    return repo\n",
    })
    found = layers.problems(root)
    assert found == ["htx.stats.figures:5 imports htx.db.repo (the domain stays below db/web/cli)"]


def test_web_and_services_may_import_the_database(tmp_path: Path) -> None:
    root = _tree(tmp_path, {
        "db/repo.py": "from htx.stats import rules\n",
        "stats/rules.py": "X = 1\n",
        "services/figures.py": "from htx.db import repo\nfrom htx.stats.rules import X\n",
        "web/app.py": "from htx.services import figures\n",
        "fund/cli.py": "from htx.services.figures import repo\n",
    })
    assert layers.problems(root) == []


def test_a_loop_between_packages_is_found_even_through_a_relative_import(tmp_path: Path) -> None:
    root = _tree(tmp_path, {
        "geo/places.py": "from htx.stats.facts import Place\n",
        "stats/facts.py": "from ..geo import places\n",
    })
    found = layers.problems(root)
    assert len(found) == 1 and found[0].startswith("packages import each other in a loop: geo, stats (")
    assert "htx.geo.places:1 → htx.stats.facts" in found[0]


def test_a_feature_cli_is_an_entry_point_not_part_of_its_folder(tmp_path: Path) -> None:
    root = _tree(tmp_path, {
        "cli.py": "from htx.synth import cli\n",
        "synth/cli.py": "from htx.cli import app\n",
    })
    assert "cli, synth.cli" in layers.problems(root)[0]
