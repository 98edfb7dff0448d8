"""The persisted ANN index: built and updated by tasks, reopened by readers, newer notes exact."""

from __future__ import annotations

import pytest

from vermilion.feed.embeddings import encode
from vermilion.search import vectors
from vermilion.search.tasks import rebuild_vector_index, update_vector_index

pytestmark = pytest.mark.django_db


def test_index_is_saved_updated_incrementally_and_newer_notes_are_compared_exactly(make_user, post_note, client_for):
    author = make_user("vectors")
    first = post_note(author, title="Sourdough bread at home", body="Starter, long proof, crusty loaf")
    result = update_vector_index.enqueue().return_value
    assert result["added"] == 1 and (vectors.index_dir() / "notes.usearch").exists()
    vectors.reset()
    query = encode(["baking bread"])[0]
    assert int(first["id"]) in vectors.nearest(query, 5)
    assert vectors.current().index is not None

    # Published after the index was saved: found by the exact comparison of the fresh tail.
    later = post_note(author, title="火锅底料推荐", body="麻辣牛油")
    assert int(later["id"]) in vectors.nearest(encode(["spicy hotpot"])[0], 5)

    # An edit replaces the note's vector at the next update; nothing is added twice.
    client_for(author).patch(f"/api/v1/notes/{first['id']}", {"title": "Hiking boots review", "body": "Trail tested"})
    assert update_vector_index.enqueue().return_value["size"] == 2
    assert rebuild_vector_index.enqueue().return_value["size"] == 2
