"""bench/same_records.py, the "no behaviour change" check: same package, no difference; a changed one, found."""

import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import same_records  # noqa: E402


def test_a_copy_of_the_package_gives_the_same_records_and_a_changed_one_does_not(tmp_path):
    inputs = same_records.fixture_inputs(same_records.ROOT / "fixtures")
    assert len(inputs) >= 10
    same = tmp_path / "same"
    shutil.copytree(same_records.ROOT / "newsclean", same / "newsclean")
    assert same_records.differing(same, same_records.ROOT, inputs) == []

    changed = tmp_path / "changed"
    shutil.copytree(same_records.ROOT / "newsclean", changed / "newsclean")
    model = changed / "newsclean" / "model.py"
    model.write_text(model.read_text(encoding="utf-8").replace('SCHEMA_VERSION = "', 'SCHEMA_VERSION = "x'), "utf-8")
    differ = same_records.differing(changed, same_records.ROOT, inputs)
    assert [key for key, _, _ in differ] == [key for key, _, _ in inputs]
    assert '"schema_version": "x' in differ[0][1] and '"schema_version": "x' not in differ[0][2]
