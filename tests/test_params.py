"""Parameters: defaults, a month's override, and clear messages for mistakes."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.settings.params import PARAMS_DIR, ParamsError, load_params


def _params_dir(tmp_path: Path, month_yaml: str | None = None, defaults_extra: str = "") -> Path:
    folder = tmp_path / "params"
    folder.mkdir()
    defaults = (PARAMS_DIR / "defaults.yaml").read_text(encoding="utf-8")
    (folder / "defaults.yaml").write_text(defaults + defaults_extra, encoding="utf-8")
    if month_yaml is not None:
        (folder / "2019-06.yaml").write_text(month_yaml, encoding="utf-8")
    return folder


def test_defaults_name_the_cwad_segment_over_the_reporting_year():
    params = load_params("2019-06")
    assert params.segments["CWAD"].team == ["CWAD"]
    assert params.segments["CWAD"].period == "reporting_year"
    assert params.targets.compliance_rate == 0.9


def test_relative_data_paths_are_read_against_the_params_folder():
    params = load_params("2019-06")
    assert params.data.audits == (PARAMS_DIR.parent / "data" / "demo" / "audits.csv").resolve()


def test_a_month_file_overrides_only_what_it_names(tmp_path):
    folder = _params_dir(tmp_path, "targets:\n  compliance_rate: 0.8\n")
    june = load_params("2019-06", params_dir=folder)
    may = load_params("2019-05", params_dir=folder)
    assert june.targets.compliance_rate == 0.8 and may.targets.compliance_rate == 0.9
    assert june.targets.visits_on_time_rate == 0.95  # merged, not replaced


def test_unknown_key_is_named(tmp_path):
    folder = _params_dir(tmp_path, "targets:\n  complaince_rate: 0.8\n")
    with pytest.raises(ParamsError, match=r"targets\.complaince_rate: unknown key"):
        load_params("2019-06", params_dir=folder)


def test_wrong_type_is_named(tmp_path):
    folder = _params_dir(tmp_path, "trend_months: twelve\n")
    with pytest.raises(ParamsError, match=r"trend_months: .*integer"):
        load_params("2019-06", params_dir=folder)


def test_rate_target_above_one_is_refused(tmp_path):
    folder = _params_dir(tmp_path, "targets:\n  compliance_rate: 90\n")
    with pytest.raises(ParamsError, match=r"targets\.compliance_rate"):
        load_params("2019-06", params_dir=folder)


def test_segment_without_a_filter_is_refused(tmp_path):
    folder = _params_dir(tmp_path, "segments:\n  Empty:\n    period: month\n")
    with pytest.raises(ParamsError, match="segments.Empty: .*at least one of team"):
        load_params("2019-06", params_dir=folder)


def test_unknown_domain_label_is_refused(tmp_path):
    folder = _params_dir(tmp_path, "domain_labels:\n  voice_of_the_child: Voice\n")
    with pytest.raises(ParamsError, match="unknown domain"):
        load_params("2019-06", params_dir=folder)


def test_broken_yaml_names_the_file(tmp_path):
    folder = _params_dir(tmp_path, "targets: [unclosed\n")
    with pytest.raises(ParamsError, match="2019-06.yaml: not valid YAML"):
        load_params("2019-06", params_dir=folder)


def test_extra_params_file_and_overrides_are_laid_last(tmp_path):
    extra = tmp_path / "extra.yaml"
    extra.write_text("authority: Testshire Council\n", encoding="utf-8")
    params = load_params("2019-06", extra, {"publication": True})
    assert params.authority == "Testshire Council" and params.publication == True  # noqa: E712


def test_publication_threshold_is_a_parameter_and_true_still_means_on(tmp_path):
    extra = tmp_path / "extra.yaml"
    extra.write_text("publication:\n  enabled: true\n  threshold: 10\n", encoding="utf-8")
    params = load_params("2019-06", extra)
    assert params.publication and params.publication.threshold == 10
    assert load_params("2019-06").publication.threshold == 5
    assert not load_params("2019-06").publication
    flag = tmp_path / "flag.yaml"
    flag.write_text("publication: true\n", encoding="utf-8")
    assert load_params("2019-06", flag).publication.enabled is True
