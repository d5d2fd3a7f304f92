"""Corrections through the command line and the API, on a store of the bundled real GDELT file: round
trips (add, list, withdraw, export, import), the numbers they move, and who may do what."""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from holosec.cases import audit
from holosec.cli import app
from holosec.ingest import ingest_paths
from holosec.server import create_app
from holosec.store import Store
from holosec.taxonomy import DEFAULT

from conftest import EVENTS2

runner = CliRunner()


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    found = tmp_path_factory.mktemp("interfaces") / "store"
    with Store.open(found) as store:
        ingest_paths(store, [EVENTS2])
    return found


def day_total(data_dir: Path) -> float:
    """The world's events on 2018-01-01 in the day cells of the default taxonomy."""
    with Store.open(data_dir, read_only=True) as store:
        return float(
            store.scalar(
                "SELECT events FROM rollup_days WHERE taxonomy = ? AND view = 'world' AND field = '' "
                "AND period = DATE '2018-01-01'",
                [DEFAULT],
            )
        )


@pytest.fixture(scope="module")
def counted(data_dir: Path) -> list[str]:
    """Reports counted for their story on 2018-01-01 (each the only report of its story)."""
    with Store.open(data_dir, read_only=True) as store:
        rows = store.execute(
            "SELECT min(event_id) FROM events WHERE date = DATE '2018-01-01' "
            "GROUP BY event_code, actor1_code, actor2_code, coalesce(loc_feature_id, loc_name, loc_country) "
            "HAVING count(*) = 1 ORDER BY 1"
        ).fetchall()
    return [str(row[0]) for row in rows]


def cli(*args: str) -> Any:
    result = runner.invoke(app, [*args])
    return result


def test_command_line_round_trip(data_dir: Path, counted: list[str], tmp_path: Path) -> None:
    event_id, before = counted[0], day_total(data_dir)
    where = ["--data-dir", str(data_dir)]
    added = cli("corrections", "add", event_id, "--kind", "not-an-event", "--user", "ana", "--note", "sport",
                "--json", *where)  # fmt: skip
    assert added.exit_code == 0, added.output
    made = json.loads(added.stdout)
    assert (made["event_id"], made["kind"], made["created_by"], made["note"]) == (
        event_id,
        "not-an-event",
        "ana",
        "sport",
    )
    assert day_total(data_dir) == pytest.approx(before - 1)

    listed = json.loads(cli("corrections", "list", "--json", *where).stdout)
    assert listed["count"] == 1 and listed["corrections"][0]["correction_id"] == made["correction_id"]
    table = cli("corrections", "list", *where)
    assert table.exit_code == 0 and made["correction_id"] in table.stdout.replace("\n", "")

    exported = tmp_path / "corrections.jsonl"
    training = tmp_path / "labelled.tsv"
    done = cli("corrections", "export", "--out", str(exported), "--training", str(training), *where)
    assert done.exit_code == 0, done.output
    assert [json.loads(line)["correction_id"] for line in exported.read_text().splitlines()] == [
        made["correction_id"]
    ]
    assert training.read_text().splitlines() == ["source\tlang\tlabel\ttext"]  # no field corrections yet

    withdrawn = cli("corrections", "withdraw", made["correction_id"], "--user", "ben", "--json", *where)
    assert withdrawn.exit_code == 0 and json.loads(withdrawn.stdout)["withdrawn_by"] == "ben"
    assert day_total(data_dir) == pytest.approx(before)

    again = cli("corrections", "import", str(exported), "--json", *where)
    assert json.loads(again.stdout) == {"added": 0, "withdrawn": 0, "unchanged": 1}
    assert day_total(data_dir) == pytest.approx(before)  # a withdrawal is not undone by an old export

    rules = cli("corrections", "rules", "--json", *where)
    assert rules.exit_code == 0 and json.loads(rules.stdout)["count"] == 0


def test_command_line_refuses_wrong_input(data_dir: Path, counted: list[str], tmp_path: Path) -> None:
    where = ["--data-dir", str(data_dir)]
    wrong = cli("corrections", "add", "gdelt2:1", "--kind", "not-an-event", "--user", "ana", *where)
    assert wrong.exit_code == 2 and "no event" in wrong.stderr
    code = cli("corrections", "add", counted[0], "--kind", "wrong-code", "--value", "999",
               "--user", "ana", *where)  # fmt: skip
    assert code.exit_code == 2 and "CAMEO" in code.stderr
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n")
    assert cli("corrections", "import", str(bad), *where).exit_code == 2
    assert cli("corrections", "withdraw", "nope", "--user", "ana", *where).exit_code == 2


@pytest.fixture
def api(data_dir: Path, counted: list[str]) -> Iterator[tuple[TestClient, dict[str, dict[str, str]]]]:
    with contextlib.redirect_stderr(io.StringIO()):
        web = create_app(data_dir)
    headers = {}
    for role in ("observer", "agency-analyst"):
        if web.state.users.get(f"t-{role}") is None:
            web.state.users.add(f"t-{role}", role)
        headers[role] = {"Authorization": f"Bearer {web.state.users.new_token(f't-{role}')}"}
    with TestClient(web) as client:
        yield client, headers


def test_api_round_trip_and_roles(
    api: tuple[TestClient, dict[str, dict[str, str]]], counted: list[str]
) -> None:
    client, headers = api
    viewer, analyst = headers["observer"], headers["agency-analyst"]
    event_id, other = counted[3], counted[4]
    body = {"event_id": event_id, "kind": "duplicate", "value": other, "note": "the same clash"}
    assert client.post("/api/v1/corrections", json=body, headers=viewer).status_code == 403
    assert client.post("/api/v1/corrections", json=body).status_code == 401
    made = client.post("/api/v1/corrections", json=body, headers=analyst)
    assert made.status_code == 201, made.text
    found = made.json()
    assert found["created_by"] == "t-agency-analyst" and found["value"] == other  # the signed-in user

    listed = client.get("/api/v1/corrections", params={"event": event_id}, headers=viewer).json()
    assert [c["correction_id"] for c in listed["data"]] == [found["correction_id"]]
    exported = client.get("/api/v1/corrections/export", headers=viewer)
    assert exported.status_code == 200
    assert found["correction_id"] in {
        json.loads(line)["correction_id"] for line in exported.text.splitlines()
    }

    total = client.get(
        "/api/v1/indicators",
        params={"by": "day", "from": "2018-01-01", "to": "2018-01-01"},
        headers=viewer,
    )
    assert total.status_code == 200, total.text

    wrong = client.post(
        "/api/v1/corrections", json={**body, "kind": "wrong-code", "value": "9"}, headers=analyst
    )
    assert wrong.status_code == 400 and "CAMEO" in wrong.json()["error"]["message"]
    path = f"/api/v1/corrections/{found['correction_id']}/withdraw"
    assert client.post(path, headers=viewer).status_code == 403
    gone = client.post(path, headers=analyst)
    assert gone.status_code == 200 and gone.json()["active"] is False
    assert client.post("/api/v1/corrections/nope/withdraw", headers=analyst).status_code == 404
    trail, _ = audit.entries(client.app.state.workspace, offset=0, limit=1000)  # type: ignore[attr-defined]
    mine = [(e["actor"], e["action"], e["target"]) for e in trail if str(e["action"]).startswith("correct")]
    assert ("t-agency-analyst", "correction.add", f"event:{event_id}") in mine
    assert ("t-agency-analyst", "correction.withdraw", f"event:{event_id}") in mine


def test_api_changes_the_numbers_it_serves(
    api: tuple[TestClient, dict[str, dict[str, str]]], counted: list[str]
) -> None:
    client, headers = api
    params = {"by": "day", "from": "2018-01-01", "to": "2018-01-01"}

    def served() -> Any:
        answer = client.get("/api/v1/indicators", params=params, headers=headers["observer"])
        assert answer.status_code == 200, answer.text
        return [row["events"] for row in answer.json()["data"]]

    before = served()
    made = client.post(
        "/api/v1/corrections",
        json={"event_id": counted[6], "kind": "not-an-event"},
        headers=headers["agency-analyst"],
    ).json()
    assert served() == [before[0] - 1]
    client.post(f"/api/v1/corrections/{made['correction_id']}/withdraw", headers=headers["agency-analyst"])
    assert served() == before


def signed_in(web: Any, name: str, role: str) -> TestClient:
    """A browser of ``web`` signed in through the login form as a new user ``name`` of ``role``."""
    password = web.state.users.add(name, role)
    client = TestClient(web, follow_redirects=False)
    client.get("/login")
    form = {"username": name, "password": password, "csrf_token": client.cookies["holosec_csrf"]}
    assert client.post("/login", data=form).status_code == 303
    return client


def test_the_event_page_corrects_and_withdraws(data_dir: Path, counted: list[str]) -> None:
    html = {"Accept": "text/html"}
    event_id = counted[8]
    with contextlib.redirect_stderr(io.StringIO()):
        web = create_app(data_dir)
    with TestClient(web):  # runs the app's lifespan (the store opens)
        analyst, viewer = (
            signed_in(web, "w-analyst", "agency-analyst"),
            signed_in(web, "w-viewer", "observer"),
        )
        page = viewer.get(f"/events/{event_id}?lang=zh", headers=html)
        assert page.status_code == 200 and "尚无分析人员更正此事件" in page.text
        assert 'id="correct-event"' not in page.text  # a viewer reads, but has no form
        form = {"kind": "wrong-place", "value": "isl", "note": "<b>Reykjavik</b>"}
        refused = viewer.post(
            f"/events/{event_id}/corrections", data={**form, "csrf_token": viewer.cookies["holosec_csrf"]}
        )
        assert refused.status_code == 403
        assert 'id="correct-event"' in analyst.get(f"/events/{event_id}", headers=html).text
        forged = analyst.post(
            f"/events/{event_id}/corrections", data={**form, "csrf_token": "x"}, headers=html
        )
        assert forged.status_code == 403
        done = analyst.post(
            f"/events/{event_id}/corrections",
            data={**form, "csrf_token": analyst.cookies["holosec_csrf"]},
            headers=html,
        )
        assert done.status_code == 303 and done.headers["location"].startswith(f"/events/{event_id}")
        page = analyst.get(f"/events/{event_id}", headers=html).text
        assert "wrong place" in page and "ISL" in page and "&lt;b&gt;Reykjavik&lt;/b&gt;" in page
        made = web.state.store.execute(
            "SELECT correction_id, created_by FROM corrections WHERE event_id = ? AND withdrawn_at IS NULL",
            [event_id],
        ).fetchall()
        assert [row[1] for row in made] == ["w-analyst"]
        back = analyst.post(
            f"/corrections/{made[0][0]}/withdraw",
            data={"csrf_token": analyst.cookies["holosec_csrf"]},
            headers=html,
        )
        assert back.status_code == 303
        assert "withdrawn" in analyst.get(f"/events/{event_id}", headers=html).text
