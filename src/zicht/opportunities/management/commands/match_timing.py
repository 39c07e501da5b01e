"""``zicht manage match_timing [--repeat N]``: how fast matching is on this database.

Times reading the register, building the match index, and the explained top 20 of every
published opportunity (what the owner's opportunity page computes), as docs/opportunities.md
reports them for the demo data.
"""

import statistics
import time

from django.core.management.base import BaseCommand

from zicht.opportunities import matches
from zicht.opportunities.matching import MatchIndex
from zicht.opportunities.models import Opportunity, State


class Command(BaseCommand):
    help = "Time the index build and the top-20 matches of every published opportunity."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=3, help="rounds over all opportunities")

    def handle(self, *args, repeat: int, **options):
        t = time.perf_counter()
        facts = matches.organisation_facts_fast()
        read = time.perf_counter() - t
        t = time.perf_counter()
        MatchIndex.build(facts, matches.current_weights())
        build = time.perf_counter() - t
        self.stdout.write(
            f"register: {len(facts):,} organisations read in {read:.2f} s; "
            f"index built in {build:.2f} s"
        )
        matches.invalidate_index()
        t = time.perf_counter()
        matches.get_index()
        self.stdout.write(
            f"first request (read + build, cached afterwards): {time.perf_counter() - t:.2f} s"
        )
        opps = list(
            Opportunity.objects.filter(state=State.PUBLISHED)
            .select_related("municipality")
            .prefetch_related("cpv_codes")
        )
        if not opps:
            self.stdout.write("no published opportunities to time")
            return
        times = []
        for _ in range(max(1, repeat)):
            for opp in opps:
                _r, _shown, seconds = matches.top_matches(opp)
                times.append(seconds)
        times.sort()
        self.stdout.write(
            f"top 20 with explanations, {len(opps)} opportunities x {max(1, repeat)}: "
            f"median {statistics.median(times) * 1000:.0f} ms, "
            f"p95 {times[int(0.95 * (len(times) - 1))] * 1000:.0f} ms, "
            f"max {times[-1] * 1000:.0f} ms"
        )
