"""Every bad input from the issue: a clear 4xx or an empty result, never a 5xx or a leaked query error."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

ENDPOINTS = ("/api/v1/search/notes", "/api/v1/search/users", "/api/v1/search/topics", "/api/v1/search/suggest")
NASTY = ['"', "*", "NEAR(", "NEAR(a b)", "OR OR", "AND", "a AND OR NOT b", "title:x", "^x", "x*", "(((", "'", "''",
         "'; DROP TABLE notes; --", "!", "&|!", "\\", "%", "_", "🐱", "🐱🍜😀", "\u200b", "   ", "",
         "ｘ" * 3, "a" * 100]


@pytest.fixture(autouse=True)
def _a_note(make_user, post_note):  # type: ignore[no-untyped-def]
    post_note(make_user("someone"), title="正常的笔记 normal note", body="AND OR NEAR 都是普通的词")


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_syntax_looking_and_empty_queries_answer_200(anon, endpoint):
    for q in NASTY:
        response = anon.get(endpoint, data={"q": q})
        assert response.status_code == 200, (q, response.content)
        assert "items" in response.json()


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_control_characters_in_a_query_are_refused_naming_it(anon, endpoint):
    for q in ("\x00", "cat\x00", "\x1b[2J", "a\x7fb"):
        response = anon.get(endpoint, data={"q": q})
        assert response.status_code == 400, (q, response.content)
        assert response.json()["error"]["code"] == "invalid_characters"
        assert list(response.json()["error"]["fields"]) == ["q"]


def test_operator_words_are_plain_words(anon):
    found = anon.get("/api/v1/search/notes", data={"q": "NEAR"}).json()["items"]
    assert [n["title"] for n in found] == ["正常的笔记 normal note"]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_very_long_query_is_a_clear_400(anon, endpoint):
    response = anon.get(endpoint, data={"q": "长" * 10_000})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "query_too_long"


def test_the_error_is_in_the_readers_language(client_for, make_user):
    api = client_for(make_user("reader"), language="zh-hans")
    message = api.get("/api/v1/search/notes", data={"q": "x" * 101}).json()["error"]["message"]
    assert "搜索" in message


@pytest.mark.parametrize("param", ["sort", "type", "time", "scope"])
def test_unknown_filter_values_are_400(anon, param):
    response = anon.get("/api/v1/search/notes", data={"q": "笔记", param: "sideways"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_input"


@pytest.mark.parametrize("cursor", ["x", "abc.def", "eyJzIjoiYSJ9:1:2", "0" * 500])
def test_invalid_cursors_are_400(anon, cursor):
    for endpoint in ("/api/v1/search/notes", "/api/v1/search/users", "/api/v1/search/topics"):
        response = anon.get(endpoint, data={"q": "笔记", "cursor": cursor})
        assert response.status_code == 400, endpoint
        assert response.json()["error"]["code"] == "invalid_cursor"


@pytest.mark.parametrize("param", ["sort", "type", "time", "scope"])
def test_an_unknown_filter_is_named_in_the_readers_language(client_for, make_user, param):
    api = client_for(make_user("reader"), language="zh-hans")
    error = api.get("/api/v1/search/notes", data={"q": "笔记", param: "sideways"}).json()["error"]
    assert error["code"] == "invalid_input" and list(error["fields"]) == [param]
    for text in (error["message"], *error["fields"][param]):
        assert any("\u4e00" <= ch <= "\u9fff" for ch in text), text
