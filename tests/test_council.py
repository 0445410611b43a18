"""`case-audit init` sets up a new council's parameters; `validate` says what is still to set."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from helpers.extracts.demo import write_demo_extracts
from helpers.running import cli
from helpers.settings.council import (
    CouncilExists,
    template_keys,
    validate_council_params,
    write_council_params,
)
from helpers.settings.params import Params, load_params


def invoke(*args: str):
    return CliRunner().invoke(cli.app, list(args))


def test_every_parameter_is_explained_in_the_new_council_template():
    assert set(Params.model_fields) - template_keys() == set()


def test_init_writes_parameters_that_load_for_the_named_council(tmp_path):
    written = write_council_params(tmp_path, "Dorset Council")

    params = load_params("2019-06", params_dir=written.parent)

    assert written == tmp_path / "params" / "defaults.yaml"
    assert params.authority == "Dorset Council"
    assert params.segments == {} and params.targets.compliance_rate == 0.9
    assert "# The council named on every page" in written.read_text()


def test_names_with_quotes_and_colons_stay_as_written(tmp_path):
    written = write_council_params(
        tmp_path, 'St Helen\'s "Borough": Council', "Children's Social Care"
    )
    params = load_params(params_dir=written.parent)
    assert params.authority == 'St Helen\'s "Borough": Council'
    assert params.service == "Children's Social Care"


def test_init_never_overwrites_unasked(tmp_path):
    write_council_params(tmp_path, "Dorset Council")
    with pytest.raises(CouncilExists, match="--force"):
        write_council_params(tmp_path, "Another Council")
    write_council_params(tmp_path, "Another Council", force=True)
    assert load_params(params_dir=tmp_path / "params").authority == "Another Council"


def test_a_new_council_is_told_what_is_still_to_set(tmp_path):
    params = load_params(params_dir=write_council_params(tmp_path, "Dorset Council").parent)
    missing = [line.split(":")[0] for line in validate_council_params(params)]
    assert missing == ["data.audits", "data.visits", "email.sender", "email.allowed_domains"]


def test_a_data_path_that_is_not_there_is_named(tmp_path):
    params = load_params(params_dir=write_council_params(tmp_path, "Dorset Council").parent)
    params = params.model_copy(
        update={"data": params.data.model_copy(update={"audits": tmp_path / "gone.csv"})}
    )
    assert f"data.audits: {tmp_path / 'gone.csv'} not found" in validate_council_params(params)[0]


def test_init_then_validate_on_the_demo_extracts(tmp_path):
    demo = write_demo_extracts(tmp_path / "demo")
    council = tmp_path / "dorset"

    made = invoke("init", "--authority", "Dorset Council", "--dir", str(council))
    again = invoke("init", "--authority", "Dorset Council", "--dir", str(council))
    checked = invoke(
        "validate",
        "--params-dir",
        str(council / "params"),
        "--audits",
        str(demo["audits"]),
        "--visits",
        str(demo["visits"]),
    )

    assert made.exit_code == 0 and "TO SET" in made.output
    assert again.exit_code == 2 and "already exists" in again.output
    assert checked.exit_code == 0, checked.output
    assert "still to set: email.sender" in checked.output
    assert "data.audits" not in checked.output  # given on the command line
    assert "audits pass" in checked.output


def test_validate_without_any_audits_says_where_to_set_them(tmp_path):
    write_council_params(tmp_path, "Dorset Council")
    result = invoke("validate", "--params-dir", str(tmp_path / "params"))
    assert result.exit_code == 2
    assert "still to set: data.audits" in result.output
    assert "pass --audits or set data.audits" in result.output
