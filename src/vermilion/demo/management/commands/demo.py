from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vermilion.demo.community import load_demo


class Command(BaseCommand):
    help = ("Load the small bilingual demo community (safe to run again: nothing is duplicated), or with --scale N "
            "a large generated one (N notes, about N/10 people, about 10×N interactions) for load tests.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=int, default=None, metavar="N",
                            help="generate N notes (and N/10 people, 10×N interactions) instead of the small demo")
        parser.add_argument("--seed", type=int, default=1, help="random seed of --scale (same seed, same community)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["scale"] is None:
            people, notes = load_demo(log=self.stdout.write)
            self.stdout.write(f"Demo community ready ({people} new people, {notes} new notes).")
            return
        from vermilion.demo.scale import AlreadyScaled, load_scale

        if options["scale"] < 1:
            raise CommandError("--scale needs a positive number of notes, for example --scale 100000.")
        try:
            report = load_scale(options["scale"], seed=options["seed"], log=self.stdout.write)
        except AlreadyScaled as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Scaled community ready in {report.seconds['total']} s: {report.people:,} people, {report.notes:,} notes, "
            f"{report.topics:,} topics, {report.interactions:,} interactions ({report.follows:,} follows, "
            f"{report.likes:,} likes, {report.collects:,} collects, {report.comments:,} comments). "
            "Sign in as scale_000000 (the most followed) … scale_NNNNNN with the demo password.")
        self.stdout.write("Seconds per step: " + ", ".join(f"{k} {v}" for k, v in report.seconds.items()))
