"""The YAML pane over HTTP: the source beside the editor, linted as typed, saved with the
version check, and the editor answering with the saved map."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from tests.web.test_editor import HTMX


def test_the_pane_lints_as_you_type_and_saves_with_the_version_check(
    client: TestClient, sign_in: Callable[[str], str], workspace: Path
) -> None:
    csrf = sign_in("egor")
    path = workspace / "maps" / "retail.yaml"
    before = path.read_text(encoding="utf-8")
    shown = client.get("/maps/retail/source").json()
    assert shown["text"] == before
    assert 'id="source-text"' in client.get("/maps/retail").text

    def post(text: str, *, token: str = shown["token"], draft: bool = False) -> object:
        url = "/maps/retail/source" + ("?draft=1" if draft else "")
        data = {"csrf": csrf, "token": token, "text": text}
        return client.post(url, data=data, headers=HTMX)

    broken = before.replace("severity: medium", "severity: [oops", 1)
    answer = post(broken, draft=True)
    assert "retail.yaml:" in answer.text  # where the YAML breaks, as the CLI says it
    start = before.index("        solutions:\n")
    vague = before[:start] + before[before.index("effort: 2\n", start) + len("effort: 2\n") :]
    answer = client.post(
        "/maps/retail/source?draft=1",
        data={"csrf": csrf, "token": shown["token"], "text": vague},
        headers={"Accept": "application/json"},
    )
    assert "JM401" in [f["code"] for f in answer.json()["added"]]  # a barrier with no solution
    assert path.read_text(encoding="utf-8") == before  # drafts save nothing

    edited = before.replace("name: Визит в салон", "name: Визит в шоурум  # переименовали")
    answer = post(edited)
    assert answer.status_code == 200, answer.text
    assert path.read_text(encoding="utf-8") == edited  # written as typed, comment and all
    assert "<h3>Визит в шоурум</h3>" in answer.text  # the visual side shows the saved map
    assert post(before).status_code == 409  # the pane's old token: someone saved since
    answer = post(broken, token=client.get("/maps/retail/source").json()["token"])
    assert answer.status_code == 422
    assert path.read_text(encoding="utf-8") == edited


def test_a_viewer_reads_the_source_but_cannot_save_it(
    client: TestClient, sign_in: Callable[[str], str], workspace: Path
) -> None:
    csrf = sign_in("vera")
    page = client.get("/maps/retail").text
    assert 'id="source-text"' in page
    assert 'action="/maps/retail/source"' not in page
    token = client.get("/maps/retail/source").json()["token"]
    answer = client.post("/maps/retail/source", data={"csrf": csrf, "token": token, "text": "x"})
    assert answer.status_code == 403


def test_the_pane_loads_its_vendored_checkers_and_the_schema_in_the_ui_language(
    client: TestClient, sign_in: Callable[[str], str], workspace: Path
) -> None:
    import jsonschema
    import yaml

    sign_in("egor")
    page = client.get("/maps/retail").text
    assets = re.findall(r'<script[^>]* src="(/static/[^"]+)"', page)
    vendored = [
        "/static/vendor/prism-core.min.js",
        "/static/vendor/prism-yaml.min.js",
        "/static/vendor/js-yaml.min.js",
        "/static/source_pane.js",
    ]
    assert set(vendored) <= set(assets)
    imports = [
        "/static/vendor/json-schema/validator.js",
        "/static/vendor/json-schema/validate.js",
        "/static/yaml_positions.js",
    ]
    for url in [*vendored, *imports]:
        answer = client.get(url)
        assert answer.status_code == 200, url
        assert "javascript" in answer.headers["content-type"], url
    readme = client.get("/static/vendor/README.md").text
    for name in ("js-yaml", "prism", "json-schema"):
        assert f"{name}.LICENSE.txt" in readme
        assert client.get(f"/static/vendor/{name}.LICENSE.txt").status_code == 200
    assert 'data-schema-url="/schema/map.json"' in page
    labels = re.search(r'data-labels="([^"]+)"', page)
    assert labels
    assert "schema_clean" in json.loads(html.unescape(labels.group(1)))

    answer = client.get("/schema/map.json", headers={"Accept-Language": "ru"})
    assert answer.headers["content-type"].startswith("application/schema+json")
    schema = answer.json()
    jsonschema.Draft202012Validator.check_schema(schema)
    severity = schema["$defs"]["Barrier"]["properties"]["severity"]
    assert re.search("[а-я]", severity["description"])  # the UI language: Russian here
    english = client.get("/schema/map.json", headers={"Accept-Language": "en"}).json()
    assert not re.search("[а-я]{4}", english["$defs"]["Barrier"]["properties"]["severity"]["title"])
    text = (workspace / "maps" / "retail.yaml").read_text(encoding="utf-8")
    validator = jsonschema.Draft202012Validator(schema)

    def read(source: str) -> object:  # dates stay text, as js-yaml's core schema reads them
        return json.loads(json.dumps(yaml.safe_load(source), default=str))

    assert list(validator.iter_errors(read(text))) == []
    bad = read(text.replace("severity: medium", "severity: huge", 1))
    assert [e.validator for e in validator.iter_errors(bad)] == ["enum"]
    # the Russian words the loader reads as canonical values travel with the schema
    assert schema["x-journeymap-synonyms"]["severity"]["критично"] == "critical"
    assert schema["x-journeymap-synonyms"]["status"]["в работе"] == "in-progress"
