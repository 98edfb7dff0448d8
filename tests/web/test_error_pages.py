"""Errors end on the site's own page (in its frame, in the reader's language, with a search box and a
way home), never on Django's bare "Not Found"; the API keeps its JSON errors."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory

from vermilion.web import errors

pytestmark = pytest.mark.django_db(transaction=True)

ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}


def signed_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def assert_styled(response, status: int, *texts: str) -> str:  # type: ignore[no-untyped-def]
    html = response.content.decode()
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert f'data-error="{status}"' in html and 'class="topbar"' in html  # inside the site's frame
    assert 'action="/search"' in html and 'name="q"' in html  # a search box
    assert 'href="/"' in html  # a way home
    for text in texts:
        assert text in html, text
    return html


@pytest.mark.parametrize("path", ["/n/123", "/n/not-an-id", "/n/" + "9" * 40])
def test_a_missing_note_is_the_styled_note_page(client, path):
    assert_styled(client.get(path), 404, "This note is not available")
    assert_styled(client.get(path, headers=ZH), 404, "这篇笔记无法查看", 'lang="zh-hans"')


@pytest.mark.parametrize("path", ["/u/nobody-here", "/u/nobody-here/followers", "/u/nobody-here/following"])
def test_a_missing_person_is_the_styled_person_page(client, path):
    assert_styled(client.get(path), 404, "This person is not here")
    assert_styled(client.get(path, headers=ZH), 404, "找不到这个用户")


@pytest.mark.parametrize("path", ["/t/never-used", "/b/42", "/no/such/page", "/static/web/missing.css"])
def test_other_missing_pages_are_styled(client, path):
    html = assert_styled(client.get(path), 404, "Page not found")
    assert "<h1>Not Found</h1>" not in html
    assert_styled(client.get(path, headers=ZH), 404, "页面不存在")


def test_a_reader_opening_the_moderation_console_gets_the_styled_403(make_user):
    web = signed_in(make_user("curious"))
    for path in ("/mod", "/mod/cases/1"):
        assert_styled(web.get(path), 403, "You may not see this page")
        assert_styled(web.get(path, headers=ZH), 403, "你无权查看此页面")


def test_the_signed_in_frame_is_kept_on_error_pages(make_user):
    web = signed_in(make_user("framed"))
    html = assert_styled(web.get("/n/404404"), 404)
    assert 'data-me="framed"' in html and "/u/framed" in html


def test_a_control_character_in_the_address_is_a_styled_400_naming_the_problem(client):
    response = client.get("/search", {"q": "cat\x00tax"})
    html = assert_styled(response, 400, "That request could not be understood")
    assert "error-detail" in html  # the lower layer's reason is kept, in the reader's language


def test_a_malformed_proxy_header_is_a_styled_400_before_anyone_is_signed_in(client, settings):
    settings.VERMILION_TRUSTED_PROXIES = ["127.0.0.1"]
    response = client.get("/", headers={"X-Forwarded-For": "not-an-address", **ZH})
    assert_styled(response, 400, "无法处理这个请求", "X-Forwarded-For")
    api = client.get("/api/v1/feed/discover", headers={"X-Forwarded-For": "not-an-address"})
    assert api.status_code == 400 and api.json()["error"]["code"] == "bad_forwarded_for"  # the API keeps its JSON


def test_a_busy_database_is_a_styled_503_that_keeps_retry_after():
    def busy(request):  # type: ignore[no-untyped-def]
        response = HttpResponse("The server is busy.", status=503, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = "2"
        return response

    request = RequestFactory().get("/compose", headers=ZH)
    response = errors.StyledErrorsMiddleware(busy)(request)
    assert_styled(response, 503, "朱红现在有点忙")
    assert response["Retry-After"] == "2"


def test_the_middleware_leaves_the_api_json_and_pages_alone():
    def refusal(request):  # type: ignore[no-untyped-def]
        return HttpResponse('{"error": {}}', status=400, content_type="application/json")

    def plain_api(request):  # type: ignore[no-untyped-def]
        return HttpResponse("busy", status=503, content_type="text/plain")

    factory = RequestFactory()
    assert errors.StyledErrorsMiddleware(refusal)(factory.get("/n/1")).content == b'{"error": {}}'
    assert errors.StyledErrorsMiddleware(plain_api)(factory.get("/api/v1/feed/discover")).content == b"busy"


def test_a_server_error_is_styled_and_reads_nothing_of_the_reader(make_user):
    request = RequestFactory().get("/u/someone")
    request.user = make_user("secret_name")
    html = assert_styled(errors.server_error(request), 500, "Something went wrong on our side")
    assert "secret_name" not in html


def test_a_server_error_page_that_cannot_render_falls_back_to_text(monkeypatch):
    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("templates are gone")

    monkeypatch.setattr(errors, "render_to_string", broken)
    response = errors.server_error(RequestFactory().get("/"))
    assert response.status_code == 500 and b"Vermilion" in response.content


def test_an_expired_form_is_a_styled_403_that_says_what_to_do(make_user):
    make_user("jake")
    response = Client(enforce_csrf_checks=True).post("/login", {"username": "jake", "password": "correct-horse-9"})
    assert_styled(response, 403, "The form had expired")


def test_the_api_keeps_its_json_errors(anon, client):
    missing = anon.get("/api/v1/notes/123")
    assert missing.status_code == 404 and missing.json()["error"]["code"]
    unknown = client.get("/api/v1/no-such-endpoint")
    assert unknown.status_code == 404
    assert 'class="topbar"' not in unknown.content.decode()
    refused = anon.post("/api/v1/notes", {"title": "x"})
    assert refused.status_code == 401 and "error" in refused.json()


def test_error_pages_say_nothing_about_a_private_note(make_user, client_for, ready_image):
    author = make_user("secretive")
    private = client_for(author).post("/api/v1/notes", {"title": "my hidden diary", "body": "nobody reads this",
                                                        "visibility": "private",
                                                        "media_ids": [str(ready_image(author).pk)]}).json()
    for web in (Client(), signed_in(make_user("nosy"))):
        html = assert_styled(web.get(f"/n/{private['id']}"), 404, "This note is not available")
        assert "hidden diary" not in html and "nobody reads" not in html and "og:title" not in html
