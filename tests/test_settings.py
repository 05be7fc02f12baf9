"""Settings are read, typed and validated once; a language's own values sit over the course's."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from qrl10n import settings
from qrl10n.errors import ConfigError

CONFIG = {
    "course": {"name": "A course", "team_url": "https://t.example/"},
    "thresholds": {"publish_percent": 80},
    "checks": {"disable": ["doubled-words", 3]},
    "subtitles": {"max_cps": 17, "max_line_length": 40},
    "language": {"ar": {"publish_percent": 60, "disable_checks": "not-a-list", "subtitles": {"max_cps": 15}}},
}


def test_language_values_sit_over_the_course_values(tmp_path: Path) -> None:
    loaded = settings.load(CONFIG, tmp_path / "qrl10n.toml")
    assert loaded.course.name == "A course" and loaded.course.source_language == "en"
    assert loaded.publish_percent == 80.0 and loaded.language("ar").publish_percent == 60.0
    assert loaded.language("es").publish_percent is None
    course, arabic = loaded.subtitle_limits(), loaded.subtitle_limits("ar")
    assert (course.max_cps, course.max_line_length, course.max_lines) == (17.0, 40, 2)
    assert (arabic.max_cps, arabic.max_line_length) == (15.0, 40)
    assert isinstance(arabic.max_line_length, int) and isinstance(arabic.max_cps, float)


def test_what_is_not_a_list_of_strings_switches_nothing_off(tmp_path: Path) -> None:
    loaded = settings.load(CONFIG, tmp_path / "qrl10n.toml")
    assert loaded.disabled_checks == ("doubled-words",) and loaded.language("ar").disable_checks == ()


def test_settings_are_frozen(tmp_path: Path) -> None:
    loaded = settings.load(CONFIG, tmp_path / "qrl10n.toml")
    with pytest.raises(dataclasses.FrozenInstanceError):
        loaded.subtitles.max_cps = 30  # type: ignore[misc]


def test_a_bad_value_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "qrl10n.toml"
    path.write_text("[subtitles]\nmax_cps = 17\nmax_lines = 0\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        settings.load({"subtitles": {"max_cps": 17, "max_lines": 0}}, path)
    assert str(caught.value).startswith(f"{path}:3: [subtitles] max_lines must be a positive number, not 0.")


def test_format_functions_take_a_table_of_limits_too() -> None:
    limits = settings.SubtitleLimits.of({"max_cps": 12, "segmentation": "cue"})
    assert (limits.max_cps, limits.segmentation, limits.max_lines) == (12.0, "cue", 2)
    assert settings.SubtitleLimits.of(limits) is limits and settings.SubtitleLimits.of(None) == settings.SubtitleLimits()
