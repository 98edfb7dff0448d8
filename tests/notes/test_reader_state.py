"""The compiled visibility check (notes/reader_state.py) answers exactly what `visible_to` answers,
for every kind of reader and shape of region, with the reader's own like and collect."""

from __future__ import annotations

import pytest
from django.db import router
from django.utils import timezone

from vermilion.feed.queries import _SLICE_CHECK
from vermilion.graph.models import Block, Follow, Mute
from vermilion.moderation.models import RegionalBlock, RegionRule
from vermilion.notes.models import Note
from vermilion.notes.reader_state import VISIBLE, reader_states

REGIONS = ["", "US", "CN-GD"]


@pytest.mark.parametrize("query", [VISIBLE, _SLICE_CHECK], ids=["visibility", "discover slice"])
@pytest.mark.parametrize("signed_in", [True, False])
@pytest.mark.parametrize("region", REGIONS)
def test_every_shape_compiles_on_this_database(db, query, signed_in, region):
    # None would send every such read back to the ORM (and log an error): slower, not wrong.
    assert query.compiled(router.db_for_read(Note), signed_in, region) is not None


def test_the_compiled_check_agrees_with_visible_to(make_user, client_for, post_note):
    rule = RegionRule.objects.create(name="Gaming ban", regions=["CN-GD"], terms=["博彩"], explanation="Unlawful here.")
    reader, author, blocker, muted, followed = (make_user(name) for name in
                                                ("rs_reader", "rs_author", "rs_blocker", "rs_muted", "rs_followed"))
    Follow.objects.create(follower=reader, followee=followed)
    Block.objects.create(blocker=blocker, blocked=reader)
    Mute.objects.create(muter=reader, muted=muted)
    notes = {
        "public": post_note(author, title="public"),
        "own": post_note(reader, title="mine"),
        "blocked": post_note(blocker, title="from someone who blocked the reader"),
        "muted": post_note(muted, title="from someone the reader muted"),
        "followers of followed": post_note(followed, title="for followers", visibility="followers"),
        "followers of another": post_note(author, title="for followers", visibility="followers"),
        "private": post_note(author, title="private", visibility="private"),
        "region": post_note(author, title="周末", body="澳门博彩攻略"),
        "deleted": post_note(author, title="deleted"),
    }
    Note.objects.filter(pk=notes["deleted"]["id"]).update(deleted_at=timezone.now())
    # What screening records after the note commits (moderation/regional.py), here at once.
    RegionalBlock.objects.create(note_id=notes["region"]["id"], region="CN-GD", rule=rule)
    liked = notes["public"]["id"]
    api = client_for(reader)
    assert api.post(f"/api/v1/notes/{liked}/like").status_code == 200
    assert api.post(f"/api/v1/notes/{liked}/collect").status_code == 200
    ids = [int(n["id"]) for n in notes.values()]

    for region in REGIONS:
        for viewer in (reader, None):
            expected = set(Note.objects.visible_to(viewer, region).filter(pk__in=ids).values_list("pk", flat=True))
            states = reader_states(viewer.pk if viewer else None, region, ids)
            assert set(states) == expected, (region, viewer)
    states = reader_states(reader.pk, "CN-GD", ids)
    names = {int(n["id"]): name for name, n in notes.items()}
    assert sorted(names[pk] for pk in states) == ["followers of followed", "own", "public"]
    assert "region" in {names[pk] for pk in reader_states(reader.pk, "US", ids)}
    assert states[int(liked)].liked and states[int(liked)].board_id is not None
    assert states[int(liked)].likes == 1 and states[int(liked)].collects == 1
    assert not states[int(notes["own"]["id"])].liked
    anonymous = reader_states(None, "US", ids)
    assert not any(s.liked or s.board_id for s in anonymous.values())
    assert reader_states(reader.pk, "US", []) == {}
