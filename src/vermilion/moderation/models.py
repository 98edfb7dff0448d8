"""Trust and safety records: the policy (as data), screenings, cases, reports, the audit log,
decisions with their statements of reasons, strikes, restrictions, appeals and regional rules.

A *case* is one piece of content (or one account) that needs a human look; every report and
automated flag on the same target while it is open lands in the same case (a partial unique
constraint makes that true under concurrency). A *decision* is what a moderator or the screening
pipeline did to a target; it carries the fields of an EU DSA statement of reasons.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vermilion.kit.ids import new_id


class Target(models.TextChoices):
    NOTE = "note", _("note")
    COMMENT = "comment", _("comment")
    MESSAGE = "message", _("message")
    USER = "user", _("account")
    PROFILE = "profile", _("profile text")
    IMAGE = "image", _("image")


class Verdict(models.TextChoices):
    """The screening outcome, from mildest to strictest."""

    PUBLISH = "publish", _("published")
    LIMIT = "limit", _("limited reach")
    HOLD = "hold", _("held for review")
    REJECT = "reject", _("rejected")


VERDICT_ORDER = [Verdict.PUBLISH, Verdict.LIMIT, Verdict.HOLD, Verdict.REJECT]


class Policy(models.Model):
    """Per-check thresholds: a score at or above `limit_at` limits reach, `hold_at` holds for a
    moderator, `reject_at` rejects. Edited by admins in the Django admin; seeded by a migration."""

    name = models.CharField(max_length=40, primary_key=True)  # the check's key
    enabled = models.BooleanField(default=True)
    limit_at = models.FloatField(null=True, blank=True)
    hold_at = models.FloatField(null=True, blank=True)
    reject_at = models.FloatField(null=True, blank=True)
    # How much a hit of this check weighs when the moderation queue is ordered by severity.
    severity = models.PositiveSmallIntegerField(default=1)
    note = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        verbose_name_plural = "policies"
        permissions = [("moderate", "Can act as a moderator in the moderation console")]

    def verdict_for(self, score: float) -> str:
        for threshold, verdict in ((self.reject_at, Verdict.REJECT), (self.hold_at, Verdict.HOLD),
                                   (self.limit_at, Verdict.LIMIT)):
            if threshold is not None and score >= threshold:
                return verdict
        return Verdict.PUBLISH


class Setting(models.Model):
    """Numbers of the strike and appeal rules, also data so admins can tune them."""

    key = models.CharField(max_length=40, primary_key=True)
    value = models.IntegerField()
    note = models.CharField(max_length=200, blank=True, default="")


class Screening(models.Model):
    """One automated look at one version of a piece of content."""

    id = models.BigIntegerField(primary_key=True, default=new_id, editable=False)
    target_type = models.CharField(max_length=10, choices=Target.choices)
    target_id = models.BigIntegerField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # Hash of the normalised text (or image bytes): a retried task or an unchanged edit screens once.
    digest = models.CharField(max_length=32)
    # Hash of the normalised text alone: the same words under other photos are still a copy-paste.
    text_digest = models.CharField(max_length=32, blank=True, default="")
    # 64-bit SimHash of the normalised text, for near-duplicate floods (stored signed for SQLite).
    simhash = models.BigIntegerField(default=0)
    verdict = models.CharField(max_length=8, choices=Verdict.choices)
    signals = models.JSONField(default=list)  # [{check, score, reason}]
    language = models.CharField(max_length=8, blank=True, default="")
    region = models.CharField(max_length=8, blank=True, default="")
    elapsed_ms = models.FloatField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["target_type", "target_id", "digest"], name="moderation_screen_once")]
        indexes = [models.Index(fields=["author", "-created_at"]), models.Index(fields=["text_digest", "-created_at"])]


class Case(models.Model):
    class Kind(models.TextChoices):
        REVIEW = "review", _("content review")
        APPEAL = "appeal", _("appeal")
        ACCOUNTS = "accounts", _("suspicious accounts")

    class State(models.TextChoices):
        OPEN = "open", _("open")
        RESOLVED = "resolved", _("resolved")

    id = models.BigIntegerField(primary_key=True, default=new_id, editable=False)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.REVIEW)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    target_type = models.CharField(max_length=10, choices=Target.choices)
    target_id = models.BigIntegerField()
    target_author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    severity = models.PositiveIntegerField(default=0)
    reach = models.PositiveBigIntegerField(default=0)
    language = models.CharField(max_length=8, blank=True, default="")
    region = models.CharField(max_length=8, blank=True, default="")
    reports_count = models.PositiveIntegerField(default=0)
    automated = models.BooleanField(default=False)  # opened by screening rather than by a report
    signals = models.JSONField(default=list)
    evidence = models.JSONField(default=dict, blank=True)
    # Appeals go to someone else: the moderator who decided may not review the appeal.
    excluded_moderator = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                           related_name="+")
    appeal = models.OneToOneField("Appeal", null=True, blank=True, on_delete=models.CASCADE, related_name="case")
    resolution = models.CharField(max_length=12, blank=True, default="")
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "target_type", "target_id"], condition=models.Q(state="open"),
                                    name="moderation_one_open_case_per_target"),
        ]
        indexes = [models.Index(fields=["state", "-severity", "-reach"])]


class Report(models.Model):
    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or traffic diversion")
        HARASSMENT = "harassment", _("Harassment or insults")
        HATE = "hate", _("Hate speech")
        SEXUAL = "sexual", _("Sexual content")
        VIOLENCE = "violence", _("Violence or dangerous acts")
        MISINFORMATION = "misinformation", _("False information")
        ADVERTISING = "advertising", _("Undisclosed advertising")
        IMPERSONATION = "impersonation", _("Fake account or impersonation")
        ILLEGAL = "illegal", _("Illegal content")
        OTHER = "other", _("Something else")

    id = models.BigIntegerField(primary_key=True, default=new_id, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    target_type = models.CharField(max_length=10, choices=Target.choices)
    target_id = models.BigIntegerField()
    reason = models.CharField(max_length=16, choices=Reason.choices)
    detail = models.CharField(max_length=500, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["reporter", "target_type", "target_id"],
                                               name="moderation_report_once")]


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> NoReturn:
        raise PermissionError("the audit log is append-only")

    def delete(self) -> NoReturn:
        raise PermissionError("the audit log is append-only")


class AuditEntry(models.Model):
    """Every moderation action, applied or refused. Append-only: the ORM refuses updates and
    deletes, and database triggers (migration 0002) refuse them for raw SQL too."""

    class Outcome(models.TextChoices):
        APPLIED = "applied"
        CONFLICT = "conflict"  # someone else resolved the case first
        REFUSED = "refused"

    id = models.BigIntegerField(primary_key=True, default=new_id, editable=False)
    case = models.ForeignKey(Case, null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="audit")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.DO_NOTHING, db_constraint=False,
                              related_name="+")
    action = models.CharField(max_length=20)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    reason = models.TextField(blank=True, default="")
    target_type = models.CharField(max_length=10, blank=True, default="")
    target_id = models.BigIntegerField(null=True)
    details = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["case", "id"])]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("the audit log is append-only")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PermissionError("the audit log is append-only")


class Decision(models.Model):
    """A restriction (or its lifting) and its statement of reasons (DSA art. 17 fields)."""

    class Action(models.TextChoices):
        APPROVE = "approve", _("approved")
        LIMIT = "limit", _("reach limited")
        HOLD = "hold", _("held for review")
        REMOVE = "remove", _("removed")
        WARN = "warn", _("warning")
        MUTE = "mute", _("muted")
        SUSPEND = "suspend", _("suspended")
        BAN = "ban", _("banned")
        REGION = "region", _("not shown in some regions")
        REVERSE = "reverse", _("decision reversed on appeal")
        UPHOLD = "uphold", _("decision upheld on appeal")

    id = models.BigIntegerField(primary_key=True, default=new_id, editable=False)
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderation_decisions")
    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    action = models.CharField(max_length=10, choices=Action.choices)
    target_type = models.CharField(max_length=10, choices=Target.choices)
    target_id = models.BigIntegerField()
    facts = models.TextField(blank=True, default="")  # what was found, in words the user reads
    ground = models.CharField(max_length=40, blank=True, default="")  # the policy key (terms of service ground)
    automated_detection = models.BooleanField(default=False)
    automated_decision = models.BooleanField(default=False)
    regions = models.JSONField(default=list, blank=True)  # territorial scope; empty = everywhere
    ends_at = models.DateTimeField(null=True, blank=True)  # for time-limited restrictions
    appeal_deadline = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["user", "-created_at"]), models.Index(fields=["-created_at"])]


class Strike(models.Model):
    id = models.BigIntegerField(primary_key=True, default=new_id, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="strike")
    expires_at = models.DateTimeField()
    revoked = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)


class Restriction(models.Model):
    class Kind(models.TextChoices):
        MUTE = "mute", _("muted: cannot post, comment or message")
        SUSPEND = "suspend", _("suspended")
        BAN = "ban", _("banned")

    id = models.BigIntegerField(primary_key=True, default=new_id, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    decision = models.ForeignKey(Decision, null=True, on_delete=models.SET_NULL, related_name="restrictions")
    ends_at = models.DateTimeField(null=True, blank=True)  # None: until lifted
    lifted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["user", "lifted_at"])]


class Appeal(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("waiting for review")
        UPHELD = "upheld", _("decision upheld")
        REVERSED = "reversed", _("decision reversed")

    id = models.BigIntegerField(primary_key=True, default=new_id, editable=False)
    # One appeal per decision, enforced by the database.
    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="appeal")
    appellant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    statement = models.TextField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)


class RegionRule(models.Model):
    """Words or topics restricted in some regions only: matching content is hidden there, and its
    author is told where and why."""

    id = models.BigIntegerField(primary_key=True, default=new_id, editable=False)
    name = models.CharField(max_length=60)
    regions = models.JSONField(default=list)  # kit.regions codes ("CN-GD", "HK", "DE") or a country prefix ("CN")
    terms = models.JSONField(default=list)  # words or #topics, matched on folded text
    explanation = models.CharField(max_length=300)  # shown to the author: the legal ground
    enabled = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)


class RegionalBlock(models.Model):
    """A note hidden in one region by a rule."""

    note = models.ForeignKey("notes.Note", on_delete=models.CASCADE, related_name="regional_blocks")
    region = models.CharField(max_length=8)
    rule = models.ForeignKey(RegionRule, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["note", "region", "rule"], name="moderation_block_once")]
        indexes = [models.Index(fields=["region", "note"])]


class Signup(models.Model):
    """Where an account was made from, coarsely: for sign-up velocity per network and look-alike
    bursts. Only a keyed hash of the address and of its network (/24 or /48) is kept."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="+")
    network = models.CharField(max_length=16)
    address = models.CharField(max_length=16)
    name_stem = models.CharField(max_length=40, blank=True, default="")  # "shop_girl_" for "shop_girl_07"
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["network", "-created_at"]), models.Index(fields=["name_stem", "-created_at"])]
