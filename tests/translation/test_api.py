"""The translation endpoints with the fake engine: caching, polling, visibility and every bad input."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from vermilion.translation.models import Translation

from .conftest import run_pending

# Real commits: translations are queued on commit, as in production.
pytestmark = pytest.mark.django_db(transaction=True)


def test_note_translation_keeps_topics_and_is_cached(make_user: Callable[..., Any], client_for: Callable[..., Any],
                                                     post_note: Callable[..., Any]) -> None:
    author, reader = make_user(), make_user()
    note = post_note(author, title="今天的猫税", body="我家猫 #猫税 #CatTax 😺\n\n@" + reader.username + " 快看")
    api = client_for(reader, language="en")
    first = api.get(f"/api/v1/notes/{note['id']}/translation")
    assert first.status_code == 200, first.content
    data = first.json()
    assert data["status"] == "done" and data["source_language"] == "zh" and data["target"] == "en"
    assert data["engine"] == "fake" and data["quality"] == "ok"
    assert data["title"] == "〔en〕今天的猫税"
    # Topics, emoji, mentions and the blank line come back exactly as written.
    assert data["body"] == f"〔en〕我家猫 #猫税 #CatTax 😺\n\n〔en〕@{reader.username} 快看"
    assert Translation.objects.count() == 2
    again = api.get(f"/api/v1/notes/{note['id']}/translation?target=en")
    assert again.json() == data
    assert set(Translation.objects.values_list("attempts", flat=True)) == {1}  # the engine ran once per field


def test_editing_the_note_translates_the_new_text(make_user: Callable[..., Any], client_for: Callable[..., Any],
                                                  post_note: Callable[..., Any]) -> None:
    author, reader = make_user(), make_user()
    note = post_note(author, title="今天的猫税", body="第一版")
    api = client_for(reader, language="en")
    assert api.get(f"/api/v1/notes/{note['id']}/translation").json()["body"] == "〔en〕第一版"
    edited = client_for(author).patch(f"/api/v1/notes/{note['id']}", {"body": "第二版"})
    assert edited.status_code == 200, edited.content
    assert api.get(f"/api/v1/notes/{note['id']}/translation").json()["body"] == "〔en〕第二版"


def test_pending_then_poll(make_user: Callable[..., Any], client_for: Callable[..., Any], post_note: Callable[..., Any],
                           queued_only: None) -> None:
    author, reader = make_user(), make_user()
    note = post_note(author, title="今天的猫税", body="我家猫")
    api = client_for(reader, language="en")
    url = f"/api/v1/notes/{note['id']}/translation"
    pending = api.get(url)
    assert pending.status_code == 202, pending.content
    assert pending["Retry-After"] == "2"
    assert pending.json()["status"] == "pending" and pending.json()["poll"] == url and pending.json()["title"] is None
    assert api.get(url).status_code == 202  # asking again files nothing new
    assert Translation.objects.count() == 2
    assert run_pending() == 2
    done = api.get(url)
    assert done.status_code == 200 and done.json()["title"] == "〔en〕今天的猫税"


def test_invisible_note_is_404_and_files_nothing(make_user: Callable[..., Any], client_for: Callable[..., Any],
                                                 post_note: Callable[..., Any], anon: Any) -> None:
    author, stranger = make_user(), make_user()
    note = post_note(author, title="只给自己看", body="秘密", visibility="private")
    assert client_for(stranger).get(f"/api/v1/notes/{note['id']}/translation?target=en").status_code == 404
    assert anon.get(f"/api/v1/notes/{note['id']}/translation?target=en").status_code == 404
    assert anon.get("/api/v1/notes/not-an-id/translation?target=en").status_code == 404
    assert Translation.objects.count() == 0
    assert client_for(author).get(f"/api/v1/notes/{note['id']}/translation?target=en").status_code == 200


def test_unsupported_target_in_the_readers_language(make_user: Callable[..., Any], client_for: Callable[..., Any],
                                                    post_note: Callable[..., Any]) -> None:
    author = make_user()
    note = post_note(author, title="今天的猫税", body="我家猫")
    response = client_for(make_user(), language="zh-hans").get(f"/api/v1/notes/{note['id']}/translation?target=fr")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "unsupported_language" and "target" in error["fields"]
    assert "英文" in error["message"]
    same = client_for(make_user()).get(f"/api/v1/notes/{note['id']}/translation?target=zh")
    assert same.status_code == 400 and same.json()["error"]["code"] == "same_language"
    assert Translation.objects.count() == 0


def test_engine_unavailable_is_503_and_caches_nothing(make_user: Callable[..., Any], client_for: Callable[..., Any],
                                                      post_note: Callable[..., Any],
                                                      engine_config: Callable[..., None]) -> None:
    note = post_note(make_user(), title="今天的猫税", body="我家猫")
    for config in ({"ENGINE": "off"}, {"ENGINE": "local", "MODEL_PATH": "/nonexistent/model.gguf"},
                   {"ENGINE": "libretranslate", "LIBRETRANSLATE_URL": ""}, {"ENGINE": "deepl", "DEEPL_API_KEY": ""}):
        engine_config(**config)
        response = client_for(make_user(), language="zh-hans").get(f"/api/v1/notes/{note['id']}/translation?target=en")
        assert response.status_code == 503, config
        assert response.json()["error"]["code"] == "translation_unavailable"
        assert "翻译" in response.json()["error"]["message"]
        assert response["Retry-After"]
    assert Translation.objects.count() == 0
    # The note itself is still there for everyone.
    assert client_for(make_user()).get(f"/api/v1/notes/{note['id']}").status_code == 200


def test_crashing_engine_fails_the_job_without_caching_a_translation(
    make_user: Callable[..., Any], client_for: Callable[..., Any], engine_config: Callable[..., None]
) -> None:
    api = client_for(make_user(), language="en")
    # A POST's work is queued when its transaction commits, after the answer: 202 first.
    assert api.post("/api/v1/translate", {"text": "这段 FAKE_CRASH 文字", "target": "en"}).status_code == 202
    response = api.post("/api/v1/translate", {"text": "这段 FAKE_CRASH 文字", "target": "en"})
    assert response.status_code == 503 and response.json()["error"]["code"] == "translation_failed"
    row = Translation.objects.get()
    assert row.status == "failed" and row.error == "crashed" and row.text == ""
    # Asked again within the cool-down: still an honest 503, the engine is not hammered.
    assert api.post("/api/v1/translate", {"text": "这段 FAKE_CRASH 文字", "target": "en"}).status_code == 503
    assert Translation.objects.get().attempts == 1
    # After the cool-down it is tried again (and fails again, visibly).
    engine_config(RETRY_SECONDS=0)
    assert api.post("/api/v1/translate", {"text": "这段 FAKE_CRASH 文字", "target": "en"}).status_code == 202
    assert Translation.objects.get().attempts == 2
    assert Translation.objects.get().status == "failed"


def test_a_line_that_cannot_be_translated_stays_original_and_says_so(make_user: Callable[..., Any],
                                                                      client_for: Callable[..., Any]) -> None:
    api = client_for(make_user())
    assert api.post("/api/v1/translate", {"text": "第一行\nFAKE_FAIL 第二行", "target": "en"}).status_code == 202
    response = api.post("/api/v1/translate", {"text": "第一行\nFAKE_FAIL 第二行", "target": "en"})
    assert response.status_code == 200
    assert response.json()["text"] == "〔en〕第一行\nFAKE_FAIL 第二行"
    assert response.json()["quality"] == "partial"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty_text"),
        ("   \n  ", "empty_text"),
        ("好" * 20_000, "text_too_long"),
        ("\x00\x01\x02\x89PNG\r\n\x1a\n", "invalid_characters"),  # refused where text enters (kit/http/inputs.py)
        ("正常的字\ufffd\ufffd", "invalid_text"),
        ("😀😀 123 !!", "nothing_to_translate"),
    ],
)
def test_free_text_bad_input(make_user: Callable[..., Any], client_for: Callable[..., Any], text: str, code: str) -> None:
    response = client_for(make_user(), language="zh-hans").post("/api/v1/translate", {"text": text, "target": "en"})
    assert response.status_code == 400, response.content
    assert response.json()["error"]["code"] == code
    assert Translation.objects.count() == 0


def test_free_text_lone_surrogate_and_bad_languages(make_user: Callable[..., Any], client_for: Callable[..., Any]) -> None:
    api = client_for(make_user())
    surrogate = api.request("POST", "/api/v1/translate", data='{"text": "abc \\ud800 def", "target": "zh"}',
                            content_type="application/json")
    # JSON may carry a lone surrogate; it is refused as invalid input before anything else.
    assert surrogate.status_code == 400 and surrogate.json()["error"]["code"] == "invalid_input"
    assert api.post("/api/v1/translate", {"text": "hello", "target": "xx"}).json()["error"]["code"] == "unsupported_language"
    assert api.post("/api/v1/translate", {"text": "hello", "target": "zh", "source": "!!"}).status_code == 400
    assert api.post("/api/v1/translate", {"target": "zh"}).status_code == 400
    assert Translation.objects.count() == 0


def test_free_text_needs_sign_in_and_translates(make_user: Callable[..., Any], client_for: Callable[..., Any],
                                                anon: Any) -> None:
    assert anon.post("/api/v1/translate", {"text": "hello there", "target": "zh"}).status_code == 401
    api = client_for(make_user())
    assert api.post("/api/v1/translate", {"text": "hello there #ootd", "target": "zh"}).status_code == 202
    response = api.post("/api/v1/translate", {"text": "hello there #ootd", "target": "zh"})
    assert response.status_code == 200
    assert response.json()["text"] == "〔zh〕hello there #ootd" and response.json()["source_language"] == "en"


def test_queue_is_bounded(make_user: Callable[..., Any], client_for: Callable[..., Any], queued_only: None,
                          engine_config: Callable[..., None]) -> None:
    engine_config(QUEUE_LIMIT=1)
    api = client_for(make_user())
    assert api.post("/api/v1/translate", {"text": "第一段", "target": "en"}).status_code == 202
    busy = api.post("/api/v1/translate", {"text": "第二段", "target": "en"})
    assert busy.status_code == 503 and busy.json()["error"]["code"] == "translation_busy" and busy["Retry-After"]
    assert api.post("/api/v1/translate", {"text": "第一段", "target": "en"}).status_code == 202  # still waiting, not refused
    assert Translation.objects.count() == 1


def test_a_lost_job_is_filed_again_after_the_timeout(make_user: Callable[..., Any], client_for: Callable[..., Any],
                                                     queued_only: None, engine_config: Callable[..., None]) -> None:
    api = client_for(make_user())
    assert api.post("/api/v1/translate", {"text": "第一段", "target": "en"}).status_code == 202
    engine_config(TIMEOUT_SECONDS=0)
    assert api.post("/api/v1/translate", {"text": "第一段", "target": "en"}).status_code == 202
    assert Translation.objects.count() == 1
    assert run_pending() == 1
    assert api.post("/api/v1/translate", {"text": "第一段", "target": "en"}).json()["text"] == "〔en〕第一段"


def test_comment_translation_respects_visibility(make_user: Callable[..., Any], client_for: Callable[..., Any],
                                                 post_note: Callable[..., Any]) -> None:
    from vermilion.graph.actions import do_block

    author, commenter, blocked = make_user(), make_user(), make_user()
    note = post_note(author)
    comment = client_for(commenter).post(f"/api/v1/notes/{note['id']}/comments", {"body": "This looks so cozy!"}).json()
    assert comment["language"] == "en"
    api = client_for(make_user(), language="zh-hans")
    response = api.get(f"/api/v1/comments/{comment['id']}/translation")
    assert response.status_code == 200 and response.json()["body"] == "〔zh〕This looks so cozy!"
    do_block(commenter, blocked)
    assert client_for(blocked).get(f"/api/v1/comments/{comment['id']}/translation?target=zh").status_code == 404


def test_message_translation_only_for_the_two_people(make_user: Callable[..., Any], client_for: Callable[..., Any]) -> None:
    alice, bob, eve = make_user(), make_user(), make_user()
    api = client_for(alice)
    conversation = api.post("/api/v1/conversations", {"username": bob.username}).json()["id"]
    sent = api.post(f"/api/v1/conversations/{conversation}/messages", {"body": "你好呀，周末一起去吃火锅吗？"}).json()
    assert sent["language"] == "zh"
    url = f"/api/v1/messages/{sent['id']}/translation?target=en"
    assert client_for(bob).get(url).json()["body"] == "〔en〕你好呀，周末一起去吃火锅吗？"
    assert client_for(eve).get(url).status_code == 404
    assert client_for(eve).get("/api/v1/messages/123/translation?target=en").status_code == 404


def test_auto_translate_preference(make_user: Callable[..., Any], client_for: Callable[..., Any], anon: Any) -> None:
    api = client_for(make_user())
    assert api.get("/api/v1/me/translation").json() == {"auto_translate": False}
    assert api.request("PUT", "/api/v1/me/translation", json={"auto_translate": True}).json() == {"auto_translate": True}
    assert api.get("/api/v1/me/translation").json() == {"auto_translate": True}
    assert api.request("PUT", "/api/v1/me/translation", json={"auto_translate": "maybe"}).status_code == 400
    assert anon.get("/api/v1/me/translation").status_code == 401


def test_trending_notes_are_translated_before_anyone_asks(make_user: Callable[..., Any], post_note: Callable[..., Any],
                                                          queued_only: None) -> None:
    from vermilion.feed.models import Trending
    from vermilion.translation.tasks import pretranslate_trending

    hot = post_note(make_user(), title="超火的网红店", body="排队两小时")
    post_note(make_user(), title="没人看的笔记", body="安静")
    Trending.objects.create(note_id=int(hot["id"]), region="", score=1.0)
    assert pretranslate_trending.call() == 2
    assert pretranslate_trending.call() == 0  # already filed: nothing new
    assert sorted(Translation.objects.values_list("source_text", flat=True)) == ["排队两小时", "超火的网红店"]
    assert set(Translation.objects.values_list("target", "status")) == {("en", "pending")}


def test_one_row_per_text_even_when_asked_at_once(make_user: Callable[..., Any]) -> None:
    from django.db import IntegrityError, transaction

    Translation.objects.create(text_hash="a" * 64, source="zh", target="en", engine="fake", source_text="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        Translation.objects.create(text_hash="a" * 64, source="zh", target="en", engine="fake", source_text="x")
