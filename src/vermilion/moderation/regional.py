"""Regional rules: operators restrict words or topics in some regions; matching notes are hidden
there only (the one visibility query in notes asks `hidden_notes`), and the author gets a statement saying where and why."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from vermilion.kit.events import emit
from vermilion.kit.text import fold

from . import targets
from .events import ModerationDecided
from .models import Decision, RegionalBlock, RegionRule, Target


def hidden_notes(region: str) -> QuerySet[Any]:
    """The ids of the notes hidden where a reader is (a subquery; a province's code also matches
    its country's rules). Answers notes.visibility.hidden_in_region (vermilion/wiring/connections.py)."""
    return RegionalBlock.objects.filter(region__in={region, region.split("-")[0]}).values("note_id")


def matching_rules(text: str) -> list[RegionRule]:
    folded = fold(text)
    return [rule for rule in RegionRule.objects.filter(enabled=True)
            if any(fold(term.lstrip("#")) in folded for term in rule.terms if term.strip())]


def apply_regional_rules(content: targets.Content) -> list[str]:
    """Block the note in the regions of every matching rule; returns the regions newly blocked."""
    if content.target_type != Target.NOTE or content.author_id is None:
        return []
    blocked: list[str] = []
    for rule in matching_rules(content.full_text):
        new = [r for r in rule.regions
               if not RegionalBlock.objects.filter(note_id=content.target_id, region=r, rule=rule).exists()]
        if not new:
            continue
        RegionalBlock.objects.bulk_create([RegionalBlock(note_id=content.target_id, region=r, rule=rule) for r in new],
                                          ignore_conflicts=True)
        emit(ModerationDecided(target_type=Target.NOTE, target_id=content.target_id, state="regional"))
        Decision.objects.create(
            user_id=content.author_id, action=Decision.Action.REGION, target_type=Target.NOTE,
            target_id=content.target_id, facts=rule.explanation, ground="regional_law", regions=new,
            automated_detection=True, automated_decision=True, appeal_deadline=timezone.now() + timedelta(days=14))
        blocked += new
    return blocked
