from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO.parent / "shared" / "seeds"


@pytest.fixture
def seeds() -> Path:
    if not (SEEDS / "gold").is_dir():
        pytest.skip("seed reports (../shared/seeds) are not available")
    return SEEDS
