"""Run parameters: `params/defaults.yaml`, overridden by `params/YYYY-MM.yaml`, checked by a typed model.

A mistyped key or a wrong type fails here, before any notebook kernel starts.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from helpers.settings.contract import DOMAINS, GRADES
from helpers.settings.periods import MONTH_PATTERN

PROJECT_ROOT = Path(__file__).resolve().parents[3]
PARAMS_DIR = PROJECT_ROOT / "params"
DEFAULTS_FILE = PARAMS_DIR / "defaults.yaml"


class ParamsError(ValueError):
    """Parameters that cannot be used, with a message meant for the analyst."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DataPaths(_Strict):
    # Relative paths are read against the folder of the parameters file that names them.
    audits: Path | None = None
    visits: Path | None = None
    # Optional extracts of the audit cycle; read only with the audits named beside them.
    actions: Path | None = None
    moderation: Path | None = None


class Segment(_Strict):
    """A subset of audits reported beside the month, e.g. CWAD over the reporting year to date."""

    team: list[str] | None = None
    cohort: list[str] | None = None
    district: list[str] | None = None
    period: Literal["month", "reporting_year"] = "reporting_year"

    @model_validator(mode="after")
    def _has_a_filter(self) -> Segment:
        if not (self.team or self.cohort or self.district):
            raise ValueError("a segment needs at least one of team, cohort or district")
        return self


class Targets(_Strict):
    compliance_rate: float | None = Field(default=0.9, ge=0, le=1)
    visits_on_time_rate: float | None = Field(default=0.95, ge=0, le=1)
    max_inadequate: int | None = Field(default=0, ge=0)
    good_or_better_share: float | None = Field(default=None, ge=0, le=1)


class ThemeSettings(_Strict):
    # A codebook file replacing the built-in one; None keeps the default codebook.
    codebook: Path | None = None
    # Themes to add, or to replace by id, on top of the codebook (same shape as codebook entries).
    add: list[dict[str, Any]] = Field(default_factory=list)
    excerpts_per_theme: int = Field(default=3, ge=0, le=10)
    # The analyst's confirmed labels (one CSV: comment, themes, note); a confirmed label always wins.
    labels: Path | None = None
    # The learned model adds themes on top of the codebook. Off: on the blind batch it did not beat
    # the codebook (`make eval-themes`, "what each part adds").
    learned_model: bool = False
    model_threshold: float = Field(default=0.5, gt=0, lt=1)


class AllocationSettings(_Strict):
    """`case-audit allocate`: how many audits a month and how long before a child is picked again."""

    size: int | None = Field(default=40, ge=1)  # None: every eligible child in the cohort
    recent_months: int = Field(default=6, ge=0, le=120)


class EmailSettings(_Strict):
    smtp_host: str = "localhost"
    smtp_port: int = Field(default=587, ge=1, le=65535)
    security: Literal["starttls", "ssl", "none"] = "starttls"
    username: str | None = None
    sender: str | None = None
    allowed_domains: list[str] = Field(default_factory=list)
    max_attachment_mb: float = Field(default=10.0, gt=0)
    attach_sections: bool = False


class Publication(_Strict):
    """Publication mode: counts of 1 to `threshold`-1 are hidden as [c] (0 is shown).

    `publication: true` in a parameters file means `publication: {enabled: true}`; the model
    reads as a bool (`if params.publication:`), so code that only asks "is this a publication
    run?" need not change.
    """

    enabled: bool = False
    threshold: int = Field(default=5, ge=2, le=100)

    def __bool__(self) -> bool:
        return self.enabled

    def __eq__(self, other: object) -> bool:
        if isinstance(other, bool):
            return self.enabled is other
        return super().__eq__(other)

    def __hash__(self) -> int:
        return hash((self.enabled, self.threshold))

    def turned(self, enabled: bool) -> Publication:
        return self.model_copy(update={"enabled": enabled})


class OfficerContact(_Strict):
    name: str | None = None
    role: str | None = None
    tel: str | None = None
    email: str | None = None


class CoverSheet(_Strict):
    """The committee cover sheet. Defaults are the reference paper's wording where it has one.

    None marks a value the paper needs and nobody has set: the sheet shows it as "To be
    completed" (see `helpers.pages.wording.cover`), so a month can still be run and checked
    before the meeting's date and names are known.
    """

    meeting: str | None = "Corporate Parenting Board"
    meeting_date: date | None = None
    lead_member: str | None = None
    lead_officer: str | None = None
    # None: drafted from the month's figures.
    executive_summary: str | None = None
    equalities_impact: str = "There are no equalities implications arising from this report."
    budget: str = "There are no budget implications related to this report."
    current_risk: Literal["High", "Medium", "Low"] | None = None
    residual_risk: Literal["High", "Medium", "Low"] | None = None
    risk_assessment: str = "This paper does not require a Risk Assessment."
    climate_implications: str = "None"
    other_implications: str = "None"
    recommendation: str = (
        "There are no recommendations from this paper except to note its contents."
    )
    reason_for_recommendation: str = "To keep the Board informed of the findings of case audits."
    # None: "Appendix A - Monthly Audit Report - <month>" (and its segments).
    appendices: str | None = None
    background_papers: str = "None"
    officer_contact: OfficerContact = Field(default_factory=OfficerContact)


class Params(_Strict):
    authority: str = "Example Council"
    service: str = "Children's Services"
    data: DataPaths = Field(default_factory=DataPaths)
    domain_labels: dict[str, str]
    domain_short_labels: dict[str, str] = Field(default_factory=dict)
    segments: dict[str, Segment] = Field(default_factory=dict)
    targets: Targets = Field(default_factory=Targets)
    themes: ThemeSettings = Field(default_factory=ThemeSettings)
    email: EmailSettings = Field(default_factory=EmailSettings)
    allocation: AllocationSettings = Field(default_factory=AllocationSettings)
    publication: Publication = Field(default_factory=Publication)
    # Actions the service has agreed, printed under "Moving forward" in the month's report.
    moving_forward: list[str] = Field(default_factory=list)
    # The committee paper's cover sheet, and the cohort to be audited next (section 8), if set.
    cover: CoverSheet = Field(default_factory=CoverSheet)
    next_cohort: str | None = None
    trend_months: int = Field(default=12, ge=1, le=240)

    @field_validator("authority", "service")
    @classmethod
    def _one_line(cls, value: str) -> str:
        # These go into email subjects and page titles, where a line break cannot be written.
        if any(ord(c) < 32 or c in "\x7f\u2028\u2029" for c in value):
            raise ValueError(
                "must be one line of text (it holds a line break or control character)"
            )
        return value

    @field_validator("publication", mode="before")
    @classmethod
    def _publication_flag(cls, value: Any) -> Any:
        return {"enabled": value} if isinstance(value, bool) else value

    @field_validator("domain_labels", "domain_short_labels")
    @classmethod
    def _known_domains(cls, labels: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(labels) - set(DOMAINS))
        if unknown:
            raise ValueError(f"unknown domain(s) {unknown}; the domains are {list(DOMAINS)}")
        return labels

    @model_validator(mode="after")
    def _every_domain_labelled(self) -> Params:
        missing = [d for d in DOMAINS if d not in self.domain_labels]
        if missing:
            raise ValueError(f"domain_labels is missing {missing}")
        return self

    def short_label(self, domain: str) -> str:
        return self.domain_short_labels.get(domain) or self.domain_labels[domain]

    @property
    def grades(self) -> tuple[str, ...]:
        return GRADES


def merge_settings(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """`override` laid over `base`, merging nested mappings key by key."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge_settings(merged[key], value)
        else:
            merged[key] = value
    return merged


def read_settings_file(path: Path) -> dict[str, Any]:
    """A YAML mapping with its relative data and codebook paths made absolute against its folder."""
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise ParamsError(f"{path}: parameters file not found") from None
    except yaml.YAMLError as error:
        raise ParamsError(f"{path}: not valid YAML: {error}") from None
    if not isinstance(loaded, dict):
        raise ParamsError(f"{path}: parameters must be a mapping of keys to values")
    paths = [("data", k) for k in DataPaths.model_fields]
    paths += [("themes", "codebook"), ("themes", "labels")]
    for section, key in paths:
        value = (
            (loaded.get(section) or {}).get(key) if isinstance(loaded.get(section), dict) else None
        )
        if isinstance(value, str) and value and not Path(value).is_absolute():
            loaded[section][key] = str((path.parent / value).resolve())
    return loaded


def describe_validation_error(error: ValidationError, source: str) -> str:
    lines = [f"{source}: the parameters are not valid:"]
    for problem in error.errors():
        where = ".".join(str(part) for part in problem["loc"]) or "(top level)"
        message = problem["msg"]
        if problem["type"] == "extra_forbidden":
            message = "unknown key (check its spelling)"
        lines.append(f"  - {where}: {message}")
    return "\n".join(lines)


def load_params(
    month: str | None = None,
    params_file: Path | str | None = None,
    overrides: dict[str, Any] | None = None,
    params_dir: Path = PARAMS_DIR,
) -> Params:
    """Defaults, then `params_dir/<month>.yaml` if present, then `params_file`, then `overrides`."""
    if month is not None and not MONTH_PATTERN.match(str(month)):
        # Checked first: the month names a file under params/, and must never lead outside it.
        raise ParamsError(f"month must look like YYYY-MM (e.g. 2019-06), got {month!r}")
    defaults = params_dir / "defaults.yaml"
    settings = read_settings_file(defaults)
    sources = [str(defaults)]
    layers: list[Path] = []
    if month is not None and (params_dir / f"{month}.yaml").exists():
        layers.append(params_dir / f"{month}.yaml")
    if params_file is not None:
        layers.append(Path(params_file))
    for layer in layers:
        settings = merge_settings(settings, read_settings_file(layer))
        sources.append(str(layer))
    settings = merge_settings(settings, overrides or {})
    try:
        return Params.model_validate(settings)
    except ValidationError as error:
        raise ParamsError(describe_validation_error(error, " + ".join(sources))) from None
