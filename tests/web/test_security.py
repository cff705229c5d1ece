"""Mutating requests need a session and a CSRF token; a viewer cannot edit; cookies are safe."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from journeymap.model.map_history import version_token
from journeymap.service.accounts import Accounts
from journeymap.web import sessions
from tests.web.conftest import csrf_of


def _token(workspace: Path) -> str:
    return version_token((workspace / "maps" / "retail.yaml").read_text(encoding="utf-8"))


def test_pages_need_a_sign_in(client: TestClient) -> None:
    answer = client.get("/maps")
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/login")
    assert client.get("/maps.json").status_code == 401
    assert client.get("/maps/retail/report").status_code == 303


def test_a_post_without_a_session_is_refused(client: TestClient, workspace: Path) -> None:
    before = (workspace / "maps" / "retail.yaml").read_text(encoding="utf-8")
    answer = client.post("/maps/retail/stages", data={"name": "X", "token": _token(workspace)})
    assert answer.status_code == 403
    csrf = csrf_of(client.get("/login").text)  # a token of an anonymous session: still refused
    answer = client.post(
        "/maps/retail/stages", data={"name": "X", "token": _token(workspace), "csrf": csrf}
    )
    assert answer.status_code == 401
    assert (workspace / "maps" / "retail.yaml").read_text(encoding="utf-8") == before


def test_a_post_without_the_csrf_token_is_refused(
    client: TestClient, sign_in: Callable[[str], str], workspace: Path
) -> None:
    sign_in("egor")
    data = {"name": "X", "token": _token(workspace)}
    assert client.post("/maps/retail/stages", data=data).status_code == 403
    wrong = {**data, "csrf": "0" * 64}
    assert client.post("/maps/retail/stages", data=wrong).status_code == 403
    assert (
        client.post("/maps/new", data={"template": "classic", "language": "en"}).status_code == 403
    )
    assert client.post("/logout").status_code == 403


def test_the_login_form_needs_its_token(client: TestClient) -> None:
    answer = client.post("/login", data={"name": "egor", "password": "correct-horse"})
    assert answer.status_code == 403


def test_a_viewer_cannot_edit(
    client: TestClient, sign_in: Callable[[str], str], workspace: Path
) -> None:
    csrf = sign_in("vera")
    before = (workspace / "maps" / "retail.yaml").read_text(encoding="utf-8")
    page = client.get("/maps/retail")
    assert page.status_code == 200
    assert 'action="/maps/retail/stages"' not in page.text  # no edit forms shown
    for url, data in (
        ("/maps/retail/stages", {"name": "X"}),
        ("/maps/retail/stages/store-visit/delete", {}),
        ("/maps/new", {"template": "classic", "language": "en"}),
        ("/maps/retail/duplicate", {"segment": "b2b"}),
    ):
        answer = client.post(url, data={**data, "csrf": csrf, "token": _token(workspace)})
        assert answer.status_code == 403, url
    assert (workspace / "maps" / "retail.yaml").read_text(encoding="utf-8") == before
    assert len(list((workspace / "maps").iterdir())) == 1


def test_the_session_cookie_is_http_only_strict_and_signed(
    client: TestClient, sign_in: Callable[[str], str], workspace: Path
) -> None:
    answer = client.get("/login")
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie.replace("Strict", "strict")
    sign_in("egor")
    value = client.cookies[sessions.COOKIE]
    forged = value[:-4] + ("0000" if not value.endswith("0000") else "1111")
    client.cookies.clear()
    client.cookies.set(sessions.COOKIE, forged)
    assert client.get("/maps.json").status_code == 401


def test_a_wrong_password_is_refused(client: TestClient) -> None:
    csrf = csrf_of(client.get("/login").text)
    answer = client.post("/login", data={"csrf": csrf, "name": "egor", "password": "nope-nope"})
    assert answer.status_code == 401
    assert client.get("/maps.json").status_code == 401


def test_pages_allow_only_the_server_itself(client: TestClient) -> None:
    policy = client.get("/login").headers["content-security-policy"]
    assert "default-src 'self'" in policy
    assert "http" not in policy


def test_only_an_admin_manages_users(
    client: TestClient, sign_in: Callable[[str], str], workspace: Path
) -> None:
    csrf = sign_in("egor")
    assert client.get("/admin/users.json").status_code == 403
    new = {"csrf": csrf, "name": "ivan", "role": "admin", "password": "long-enough"}
    assert client.post("/admin/users", data=new).status_code == 403
    csrf = sign_in("adam")
    assert [u["name"] for u in client.get("/admin/users.json").json()["users"]] == [
        "adam",
        "egor",
        "vera",
    ]
    assert "password" not in client.get("/admin/users.json").text
    added = client.post("/admin/users", data={**new, "csrf": csrf, "role": "viewer"})
    assert added.status_code == 303
    short = client.post("/admin/users", data={**new, "csrf": csrf, "password": "short"})
    assert short.status_code == 422
    roles = {u["name"]: u["role"] for u in client.get("/admin/users.json").json()["users"]}
    assert roles["ivan"] == "viewer"


def test_sign_in_never_redirects_off_the_site(client: TestClient) -> None:
    for target in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        csrf = csrf_of(client.get("/login").text)
        answer = client.post(
            "/login",
            data={"csrf": csrf, "name": "egor", "password": "correct-horse", "next": target},
        )
        assert answer.headers["location"] == "/maps", target
        client.cookies.clear()


def test_signing_out_ends_the_session_even_for_a_copied_cookie(
    client: TestClient, sign_in: Callable[[str], str], workspace: Path
) -> None:
    csrf = sign_in("egor")
    copied = client.cookies[sessions.COOKIE]
    Accounts(workspace).sign_out_everywhere("nobody")  # unknown names change nothing
    assert client.post("/logout", data={"csrf": csrf}).status_code == 303
    client.cookies.clear()
    client.cookies.set(sessions.COOKIE, copied)
    assert client.get("/maps.json").status_code == 401
