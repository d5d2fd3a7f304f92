"""The one time module: labels read and written, the calendar's edges, the bounds (years 0001 to 9998),
and the laws every period keeps (checked on bounded, derandomised examples over the whole calendar)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from holosec.periods import GRAINS, LAST_YEAR, Grain, Period, span

EXAMPLES = settings(max_examples=300, derandomize=True, database=None, deadline=None)
LAST_DAY = date(LAST_YEAR, 12, 31)
days = st.dates(min_value=date(1, 1, 1), max_value=LAST_DAY)
grains = st.sampled_from(list(Grain))
periods = st.builds(Period.of, days, grains)


@pytest.mark.parametrize(
    ("text", "grain", "start", "end"),
    [
        ("2024-02-03", "day", date(2024, 2, 3), date(2024, 2, 3)),
        ("2024-W07", "week", date(2024, 2, 12), date(2024, 2, 18)),
        ("2024-02", "month", date(2024, 2, 1), date(2024, 2, 29)),
        ("2023-02", "month", date(2023, 2, 1), date(2023, 2, 28)),
        ("2020-W53", "week", date(2020, 12, 28), date(2021, 1, 3)),
        ("2025-W01", "week", date(2024, 12, 30), date(2025, 1, 5)),
        ("0001-W01", "week", date(1, 1, 1), date(1, 1, 7)),
        ("0001-01", "month", date(1, 1, 1), date(1, 1, 31)),
        ("9998-12", "month", date(9998, 12, 1), date(9998, 12, 31)),
        ("9998-W53", "week", date(9998, 12, 28), date(9999, 1, 3)),
    ],
)
def test_labels_name_their_days(text: str, grain: str, start: date, end: date) -> None:
    period = Period.parse(text)
    assert (period.grain, period.start, period.end, period.label, str(period)) == (
        grain,
        start,
        end,
        text,
        text,
    )
    assert Period.of(start, grain) == Period.of(end, grain) == period


def test_a_year_is_read_only_where_asked() -> None:
    year = Period.parse("2024", grains=["year", "month", "week"])
    assert (year.grain, year.start, year.end, year.label) == (
        "year",
        date(2024, 1, 1),
        date(2024, 12, 31),
        "2024",
    )
    with pytest.raises(ValueError, match="'2024' is a year: use a date"):
        Period.parse("2024")


def test_the_ordinals_the_warning_series_use() -> None:
    assert Period.parse("2024-03").ordinal == 24290
    assert Period.parse("2024-03-05").ordinal == date(2024, 3, 5).toordinal()
    assert Period(Grain.month, 24000).label == "2000-01"
    assert Period("week", Period.parse("2024-W07").ordinal).label == "2024-W07"


def test_weeks_are_iso_weeks_across_the_year_end() -> None:
    assert Period.of(date(2024, 12, 30), "week").label == "2025-W01"
    assert Period.of(date(2021, 1, 3), "week").label == "2020-W53"
    assert Period.parse("2021-W01").previous.label == "2020-W53"


def test_span_covers_whole_periods() -> None:
    assert [p.label for p in span(date(2023, 12, 5), date(2024, 2, 1), "month")] == [
        "2023-12",
        "2024-01",
        "2024-02",
    ]
    assert [p.label for p in span(date(2024, 2, 14), date(2024, 2, 12), "week")] == ["2024-W07"]
    assert list(span(date(2024, 3, 1), date(2024, 2, 1), "month")) == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("9999-12", "'9999-12' is not a period: years 0001 to 9998 only"),
        ("0000-00", "'0000-00' is not a period: years 0001 to 9998 only"),
        ("0000-01", "'0000-01' is not a period: years 0001 to 9998 only"),
        ("9999-W52", "'9999-W52' is not a period: years 0001 to 9998 only"),
        ("9999-W01", "'9999-W01' is not a period: years 0001 to 9998 only"),
        ("9999-12-31", "'9999-12-31' is not a period: years 0001 to 9998 only"),
        ("1991-13", "'1991-13' is not a period: month must be 01..12"),
        ("2023-W53", "'2023-W53' is not a period: 2023 has no ISO week 53"),
        ("2024-W00", "'2024-W00' is not a period: 2024 has no ISO week 0"),
        ("2023-02-29", "'2023-02-29' is not a period: day is out of range for month"),
        (
            "W05",
            "'W05' is not a period: use a date (2024-03-05), a month (2024-03) or an ISO week (2024-W07)",
        ),
        ("9", "'9' is not a period: use a date"),
        ("20240203", "'20240203' is not a period"),
        ("2024-W07-1", "'2024-W07-1' is not a period"),
        ("\uff12\uff10\uff12\uff14-\uff10\uff12", "is not a period"),  # full-width digits: not a label
    ],
)
def test_what_the_calendar_cannot_hold_is_refused(text: str, message: str) -> None:
    with pytest.raises(ValueError) as refused:
        Period.parse(text)
    assert message in str(refused.value) and str(refused.value).startswith(repr(text))


def test_a_label_of_another_grain_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match=r"^'2014-W05' is a week: use a month \(2024-03\)$"):
        Period.parse("2014-W05", grains=["month"])
    with pytest.raises(ValueError, match=r"^'2014-05-02' is a day: use a month \(2024-03\) or an ISO week"):
        Period.parse("2014-05-02", grains=["week", "month"])
    with pytest.raises(ValueError, match="grain must be one of day, week, month, year, not 'decade'"):
        Period.parse("2014-05", grains=["decade"])
    assert Period.parse(" 2014-05 ", grains=["month"]).label == "2014-05"


def test_periods_of_two_grains_are_not_ordered() -> None:
    assert Period.parse("2014-05") != Period.parse("2014-05-01")
    with pytest.raises(TypeError, match="a month and a day are not ordered"):
        _ = Period.parse("2014-05") < Period.parse("2014-05-01")


def test_grains() -> None:
    assert GRAINS == ("day", "week", "month")
    assert [Grain(g).season for g in (*GRAINS, "year")] == [7, 52, 12, 1]
    with pytest.raises(ValueError, match="grain must be one of"):
        Period.of(date(2024, 1, 1), "fortnight")


@EXAMPLES
@given(periods)
def test_parse_reads_back_what_label_writes(period: Period) -> None:
    assert Period.parse(period.label, grains=list(Grain)) == period


@EXAMPLES
@given(periods)
def test_previous_and_next_undo_each_other(period: Period) -> None:
    assert period.previous.next == period == period.next.previous
    assert period.previous < period < period.next


@EXAMPLES
@given(periods)
def test_a_period_tiles_the_calendar(period: Period) -> None:
    assert period.start <= period.end
    assert period.next.start == period.end + timedelta(days=1)
    assert Period.of(period.start, period.grain) == Period.of(period.end, period.grain) == period


@EXAMPLES
@given(days, days, grains)
def test_ordinals_order_periods_as_their_days(first: date, second: date, grain: Grain) -> None:
    a, b = Period.of(first, grain), Period.of(second, grain)
    assert (a < b) == (a.start < b.start) == (a.ordinal < b.ordinal)
    assert (a == b) == (a.label == b.label)


@EXAMPLES
@given(days, st.integers(min_value=0, max_value=800), grains)
def test_span_runs_period_by_period(first: date, length: int, grain: Grain) -> None:
    last = min(first + timedelta(days=length), LAST_DAY)
    found = list(span(first, last, grain))
    assert found[0] == Period.of(first, grain) and found[-1] == Period.of(last, grain)
    assert [p.ordinal for p in found] == list(range(found[0].ordinal, found[-1].ordinal + 1))
