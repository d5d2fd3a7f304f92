"""Forecasts of a store series: three models with quantiles, each judged on the series' own past."""

from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from holosec.cli import app
from holosec.errors import HolosecError, InputError
from holosec.indicators import Selection
from holosec.store import Store
from holosec.warning.outlook import forecast

runner = CliRunner()
PAIR = Selection(country="CHN", partner="VNM", undirected=True, by="month", start=date(2005, 1, 1))


def test_next_month_of_china_vietnam_before_the_oil_rig_crisis(demo_store: Store) -> None:
    result = forecast(demo_store, PAIR, last=date(2014, 4, 30))
    assert (result["last_period"], result["period"]) == ("2014-04", "2014-05")
    last = demo_store.execute(
        """SELECT count(*) FROM events WHERE date BETWEEN '2014-04-01' AND '2014-04-30'
           AND quad_class IN (3, 4) AND list_sort([actor1_country, actor2_country]) = ['CHN', 'VNM']"""
    ).fetchall()[0][0]
    assert result["last_value"] <= last  # stories collapse duplicate records, never add any
    assert set(result["models"]) == {"persistence", "seasonal", "learned"}
    for model in result["models"].values():
        assert model["quantiles"] == sorted(model["quantiles"])
        assert min(model["quantiles"]) >= 0
        assert model["crps"] is not None and model["crps"] >= 0
    assert result["models"]["persistence"]["skill"] == 0


def test_short_series_and_bad_indicator_are_refused(demo_store: Store) -> None:
    short = Selection(country="CHN", by="month", start=date(2014, 1, 1), end=date(2014, 6, 30))
    with pytest.raises(HolosecError, match="at least 24") as raised:
        forecast(demo_store, short)
    assert not isinstance(raised.value, InputError)  # too little data is a failure, not a wrong argument
    with pytest.raises(InputError, match="must be one of"):
        forecast(demo_store, PAIR, indicator="mood")


def test_cli_forecast_json(demo_store: Store) -> None:
    args = ["forecast", "--country", "CHN", "--partner", "VNM", "--undirected", "--from", "2005-01-01"]
    result = runner.invoke(
        app, [*args, "--to", "2014-04-30", "--json", "--data-dir", str(demo_store.data_dir)]
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["period"] == "2014-05" and body["levels"] == [0.05, 0.25, 0.5, 0.75, 0.95]
    text = runner.invoke(app, [*args, "--data-dir", str(demo_store.data_dir)])
    assert text.exit_code == 0 and "persistence" in text.stdout and "CRPS" in text.stdout
