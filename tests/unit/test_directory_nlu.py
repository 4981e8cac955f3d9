"""data/nlu_directory.yml is generated from the directory and must not drift from it."""

import yaml

from assistant import directory_nlu
from assistant.directory_nlu import OUTPUT_PATH, render


def test_generated_nlu_is_up_to_date(directory):
    committed = OUTPUT_PATH.read_text(encoding="utf-8")
    assert committed == render(directory), (
        f"{OUTPUT_PATH.relative_to(OUTPUT_PATH.parent.parent)} is out of date with "
        "directory/phone-numbers.yml: run `make generate` and commit the result"
    )


def test_generated_nlu_is_valid_training_data(directory):
    data = yaml.safe_load(render(directory))
    assert str(data["version"]) == "3.1"
    intents = {block["intent"]: block["examples"] for block in data["nlu"]}
    assert set(intents) == {"ask_phone_number", "list_category"}
    for examples in intents.values():
        lines = examples.splitlines()
        assert lines and all(line.startswith("- ") for line in lines)
        assert len(lines) == len(set(lines))


def test_every_entry_is_in_the_lookup_examples(directory):
    data = yaml.safe_load(render(directory))
    examples = next(b["examples"] for b in data["nlu"] if b["intent"] == "ask_phone_number")
    for entry in directory.entries:
        assert entry.name.lower() in examples, entry.id


def test_main_writes_the_rendered_file(tmp_path, directory, capsys):
    target = tmp_path / "nlu_directory.yml"
    assert directory_nlu.main(["directory_nlu", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == render(directory)
    assert str(target) in capsys.readouterr().out
