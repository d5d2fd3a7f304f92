"""Interwoven threats on real series: the correlation matrix is a correlation matrix, it equals numpy's on
the series fetched through the indicator API, and a known lead in real data is found."""

from __future__ import annotations

import json
from datetime import date

import numpy as np
import pytest
from scipy import stats
from typer.testing import CliRunner

from holosec.cli import app
from holosec.errors import InputError
from holosec.indicators import Selection, indicators
from holosec.indicators.coupling import Series, coupling, field_series, lead, leads
from holosec.store import Store

START, END = date(2005, 1, 1), date(2015, 12, 31)  # the span of the ICEWS sample, every month with data


def _intensity(store: Store, field: str, by: str = "month") -> np.ndarray:
    """Events per 1,000 of one CHN field per period, straight from ``indicators()``."""
    selection = Selection(country="CHN", field=field, by=by, start=START, end=END)
    return np.array([row["per_1000"] for row in indicators(store, selection)], dtype=float)


@pytest.fixture(scope="module")
def chn(demo_store: Store) -> dict[str, object]:
    return coupling(demo_store, "CHN", start=START, end=END)


def test_matrix_is_a_correlation_matrix(chn: dict[str, object]) -> None:
    matrix = chn["matrix"]
    fields = chn["fields"]
    assert isinstance(matrix, list) and isinstance(fields, list) and len(matrix) == len(fields)
    known = [(i, j) for i in range(len(fields)) for j in range(len(fields)) if matrix[i][j] is not None]
    assert any(i != j for i, j in known), "real CHN fields should couple somewhere"
    for i, j in known:
        assert matrix[j][i] == matrix[i][j]
        assert -1.0 <= matrix[i][j] <= 1.0
        assert matrix[i][i] == 1.0 and matrix[j][j] == 1.0
    for i in range(len(fields)):
        if matrix[i][i] is None:
            assert all(value is None for value in matrix[i])


def test_sparse_fields_give_no_claim(chn: dict[str, object]) -> None:
    fields, matrix = chn["fields"], chn["matrix"]
    assert isinstance(fields, list) and isinstance(matrix, list)
    nuclear = fields.index("nuclear")  # three tags in the whole sample
    assert all(value is None for value in matrix[nuclear])
    assert all("nuclear" not in (item["leader"], item["follower"]) for item in chn["leads"])  # type: ignore[attr-defined]


@pytest.mark.parametrize("method", ["pearson", "spearman"])
def test_latest_window_equals_numpy_on_the_fetched_series(demo_store: Store, method: str) -> None:
    result = coupling(demo_store, "CHN", method=method, window=12, start=START, end=END)
    political, military = _intensity(demo_store, "political"), _intensity(demo_store, "military")
    dp, dm = np.diff(political)[-12:], np.diff(military)[-12:]
    expected = np.corrcoef(dp, dm)[0, 1] if method == "pearson" else stats.spearmanr(dp, dm).statistic
    i, j = result["fields"].index("political"), result["fields"].index("military")
    assert result["window"] == {"size": 12, "start": "2015-01", "end": "2015-12"}
    assert result["matrix"][i][j] == pytest.approx(expected, abs=1e-4)
    before = np.corrcoef(np.diff(political)[-24:-12], np.diff(military)[-24:-12])[0, 1]
    if method == "pearson":
        assert result["previous"]["matrix"][i][j] == pytest.approx(before, abs=1e-4)


def test_changes_are_the_differences_of_the_two_windows(chn: dict[str, object]) -> None:
    fields, latest, previous = chn["fields"], chn["matrix"], chn["previous"]["matrix"]  # type: ignore[index]
    assert chn["changes"]
    for item in chn["changes"]:  # type: ignore[attr-defined]
        i, j = (fields.index(name) for name in item["fields"])
        assert item["change"] == pytest.approx(latest[i][j] - previous[i][j], abs=1e-3)
    sizes = [abs(item["change"]) for item in chn["changes"]]  # type: ignore[attr-defined]
    assert sizes == sorted(sizes, reverse=True)


def test_a_real_series_shifted_by_two_periods_is_led_by_two(demo_store: Store) -> None:
    changes = np.diff(_intensity(demo_store, "political"))
    later = np.concatenate([[np.nan, np.nan], changes[:-2]])
    found = lead(changes, later, 3)
    assert found is not None and found["lag"] == 2 and found["strength"] == pytest.approx(1.0)
    assert lead(later, changes, 3) is None


def test_leads_over_a_series_with_a_shifted_copy(demo_store: Store) -> None:
    values = _intensity(demo_store, "social")
    later = np.concatenate([[np.nan, np.nan], values[:-2]])
    both = np.column_stack([values, later])
    labels = [str(t) for t in range(len(values))]
    series = Series(labels, ["social", "social_later"], both, np.nan_to_num(both) > 0)
    claims = leads(series, 3)
    assert [(c["leader"], c["follower"], c["lag"]) for c in claims] == [("social", "social_later", 2)]


def test_perspective_uses_its_home_country(demo_store: Store, chn: dict[str, object]) -> None:
    seen = coupling(demo_store, perspective="CHN", start=START, end=END)
    assert seen["country"] == "CHN" and seen["fields"] == chn["fields"]
    china = field_series(demo_store, "CHN", start=START, end=END, home=("CHN", "HKG", "MAC", "TWN"))
    alone = field_series(demo_store, "CHN", start=START, end=END)
    assert china.labels == alone.labels and not np.array_equal(china.values, alone.values, equal_nan=True)
    assert seen["matrix"] != chn["matrix"]  # CHN.toml counts Hong Kong, Macao and Taiwan as home
    with pytest.raises(InputError):
        coupling(demo_store, "CHN", perspective="CHN")
    with pytest.raises(InputError, match=r"^max_lag: "):
        coupling(demo_store, "CHN", max_lag=20)


def test_cli_json(demo_store: Store) -> None:
    args = ["coupling", "--country", "CHN", "--by", "month", "--window", "12", "--max-lag", "3", "--json"]
    result = CliRunner().invoke(app, [*args, "--data-dir", str(demo_store.data_dir)])
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert {"country", "fields", "matrix", "leads", "changes", "window", "previous", "method"} <= set(found)
    assert len(found["matrix"]) == len(found["fields"])
    for item in found["leads"]:
        assert {"leader", "follower", "lag", "strength"} <= set(item)
