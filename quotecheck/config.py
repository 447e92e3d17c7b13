"""Configuration: ``[tool.quotecheck]`` in pyproject.toml, or a quotecheck.toml.

The nearest file from the current directory upward is read (quotecheck.toml
wins over pyproject.toml in the same directory); command-line options
override it. Unknown keys and bad values are errors naming the key and the
file. ``quotecheck config`` prints every effective value and where it came from.

    [tool.quotecheck]
    fail-on = "warning"
    min-severity = "info"
    lang = "vi"
    backend = "builtin"
    aliases = "aliases.toml"        # relative to the configuration file
    store = "reference.db"          # the default of --against
    baseline = "baseline.json"
    include = ["*.txt", "*.md", "*.jsonl"]
    exclude = ["drafts/*"]
    max-document-size = 10          # MB: a larger file or JSON line is skipped

    [tool.quotecheck.matching]      # scores 0-100 (see quotecheck/matching.py)
    same-score = 66
    contained = 92

    [tool.quotecheck.rules.name-variant]
    enabled = false
    [tool.quotecheck.rules.unattributed]
    severity = "error"
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from quotecheck.errors import UsageError
from quotecheck.files import read_small
from quotecheck.matching import DEFAULT, Thresholds
from quotecheck.records import Report

SEVERITIES = ("info", "warning", "error")
CHOICES = {
    "fail-on": (*SEVERITIES, "never"),
    "min-severity": SEVERITIES,
    "backend": ("auto", "builtin", "stanza"),
}
DEFAULTS: dict[str, Any] = {
    "fail-on": "error", "min-severity": "info", "lang": None, "backend": "auto",
    "aliases": None, "store": None, "baseline": None,
    "include": ["*.txt", "*.md", "*.jsonl"], "exclude": [], "max-document-size": 10,
}
PATH_KEYS = ("aliases", "store", "baseline")
RULE_KEYS = ("enabled", "severity")
MATCHING_KEYS = {"same-score": "same_score", "min-ratio": "min_ratio",
                 "short-ratio": "short_ratio", "contained": "contained"}


@dataclass
class Config:
    values: dict[str, Any] = field(default_factory=lambda: dict(DEFAULTS))
    sources: dict[str, str] = field(default_factory=lambda: dict.fromkeys(DEFAULTS,
                                                                            "default"))
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    matching: dict[str, float] = field(default_factory=dict)
    file: Path | None = None

    def get(self, key: str) -> Any:
        return self.values[key]

    def override(self, key: str, value: Any) -> None:
        """A command-line value: it wins over the file."""
        if value is not None:
            self.values[key] = value
            self.sources[key] = "command line"

    def thresholds(self) -> Thresholds:
        """Matching scores: the file's, else the measured defaults."""
        return replace(DEFAULT, **{MATCHING_KEYS[k]: v for k, v in self.matching.items()})

    def apply_rules(self, report: Report) -> Report:
        """Findings of disabled rules dropped, severities as configured."""
        findings = []
        for finding in report.findings:
            rule = self.rules.get(finding.rule, {})
            if rule.get("enabled", True) is False:
                continue
            severity = rule.get("severity")
            findings.append(replace(finding, severity=severity) if severity else finding)
        return replace(report, findings=tuple(findings))

    def describe(self) -> str:
        lines = [f"# configuration file: {self.file or 'none found'}"]
        for key in DEFAULTS:
            lines.append(f"{key} = {_toml(self.values[key])}    # {self.sources[key]}")
        for key in MATCHING_KEYS:
            value = self.matching.get(key, getattr(DEFAULT, MATCHING_KEYS[key]))
            lines.append(f"matching.{key} = {value:g}    # "
                         f"{self.file if key in self.matching else 'default'}")
        for rule, settings in sorted(self.rules.items()):
            for key, value in settings.items():
                lines.append(f"rules.{rule}.{key} = {_toml(value)}    # {self.file}")
        return "\n".join(lines) + "\n"


def _toml(value: Any) -> str:
    if value is None:
        return "(unset)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"{value:g}"
    if isinstance(value, list):
        return "[" + ", ".join(f'"{v}"' for v in value) + "]"
    return f'"{value}"'


def find(start: Path | None = None) -> tuple[Path, dict[str, Any]] | None:
    """The nearest configuration from ``start`` upward, and its quotecheck table."""
    folder = (start or Path.cwd()).resolve()
    for directory in (folder, *folder.parents):
        own = directory / "quotecheck.toml"
        if own.is_file():
            return own, _read(own)
        project = directory / "pyproject.toml"
        if project.is_file():
            tool = _read(project).get("tool", {})
            table = tool.get("quotecheck") if isinstance(tool, dict) else None
            if table is not None:
                if not isinstance(table, dict):
                    raise UsageError(f"{project}: [tool.quotecheck] must be a table")
                return project, table
    return None


def _read(path: Path) -> dict[str, Any]:
    text = read_small(path, "configuration file")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: {exc}") from None
    except RecursionError:
        raise UsageError(f"{path}: not valid TOML (nested too deeply)") from None


def load(start: Path | None = None, known_rules: tuple[str, ...] = ()) -> Config:
    """The configuration in effect: defaults, then the nearest file."""
    config = Config()
    found = find(start)
    if found is None:
        return config
    path, table = found
    config.file = path
    for key, value in table.items():
        if key == "rules":
            config.rules = _rules(path, value, known_rules)
            continue
        if key == "matching":
            config.matching = _matching(path, value)
            continue
        if key not in DEFAULTS:
            raise UsageError(f"{path}: unknown key '{key}' (known: "
                             f"{', '.join([*DEFAULTS, 'matching', 'rules'])})")
        config.values[key] = _checked(path, key, value)
        config.sources[key] = str(path)
    return config


def _checked(path: Path, key: str, value: Any) -> Any:
    if key == "max-document-size":
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise UsageError(f"{path}: 'max-document-size' must be a number of MB above 0")
        return value
    if key in ("include", "exclude"):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise UsageError(f"{path}: '{key}' must be a list of glob strings")
        return value
    if not isinstance(value, str):
        raise UsageError(f"{path}: '{key}' must be a string, not {type(value).__name__}")
    if key in CHOICES and value not in CHOICES[key]:
        raise UsageError(f"{path}: '{key}' must be one of {', '.join(CHOICES[key])}, "
                         f"not '{value}'")
    if key in PATH_KEYS:
        return str((path.parent / value).resolve())
    return value


def _matching(path: Path, table: Any) -> dict[str, float]:
    if not isinstance(table, dict):
        raise UsageError(f"{path}: 'matching' must be a table")
    found: dict[str, float] = {}
    for key, value in table.items():
        if key not in MATCHING_KEYS:
            raise UsageError(f"{path}: unknown key 'matching.{key}' "
                             f"(known: {', '.join(MATCHING_KEYS)})")
        if isinstance(value, bool) or not isinstance(value, int | float) or not (
                0 <= value <= 100):
            raise UsageError(f"{path}: 'matching.{key}' must be a number from 0 to 100")
        found[key] = float(value)
    return found


def _rules(path: Path, table: Any, known: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    if not isinstance(table, dict):
        raise UsageError(f"{path}: 'rules' must be a table of rule tables")
    rules: dict[str, dict[str, Any]] = {}
    for rule, settings in table.items():
        if known and rule not in known:
            raise UsageError(f"{path}: unknown rule '{rule}' (rules: {', '.join(known)})")
        if not isinstance(settings, dict):
            raise UsageError(f"{path}: 'rules.{rule}' must be a table")
        for key, value in settings.items():
            if key not in RULE_KEYS:
                raise UsageError(f"{path}: unknown key 'rules.{rule}.{key}' "
                                 f"(known: {', '.join(RULE_KEYS)})")
            if key == "enabled" and not isinstance(value, bool):
                raise UsageError(f"{path}: 'rules.{rule}.enabled' must be true or false")
            if key == "severity" and value not in SEVERITIES:
                raise UsageError(f"{path}: 'rules.{rule}.severity' must be one of "
                                 f"{', '.join(SEVERITIES)}")
        rules[rule] = dict(settings)
    return rules
