"""Shared fixtures: the repository, the loaded environment and a fixed as-of date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.project import Project
from generator.validate import Environment

REPO = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 11, 27)


@pytest.fixture(scope="session")
def project() -> Project:
    return Project(REPO)


@pytest.fixture(scope="session")
def env(project: Project) -> Environment:
    return Environment.load(project)


@pytest.fixture(scope="session")
def as_of() -> dt.date:
    return AS_OF
