"""Regional rules: operators restrict words or topics in some regions; matching notes are hidden
there only (notes.visibility reads RegionalBlock), and the author gets a statement saying where and why."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from vermilion.kit.generations import bump_site
from vermilion.kit.text import fold

from . import targets
from .models import Decision, RegionalBlock, RegionRule, Target


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
        bump_site()
        Decision.objects.create(
            user_id=content.author_id, action=Decision.Action.REGION, target_type=Target.NOTE,
            target_id=content.target_id, facts=rule.explanation, ground="regional_law", regions=new,
            automated_detection=True, automated_decision=True, appeal_deadline=timezone.now() + timedelta(days=14))
        blocked += new
    return blocked
