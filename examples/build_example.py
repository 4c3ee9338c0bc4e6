"""Build examples/acme-analytics/ from the shipped knowledge base (run this file to refresh it).

Acme Analytics is a fictional B2B SaaS company (product analytics for mid-market retailers in
the EU, 40 customers, six engineers). The script replays three months of its skeleton work,
24 August to 20 November 2026, through the same operations and store the app uses: the
profile and two scope overrides on day one, a four-day decision workshop, weekly decision
sessions, proposals accepted a week or two later, a rejected option, changes of mind, two
milestones, and checklist progress on about a dozen aspects in dependency order. Options are
chosen so that no rule of the knowledge base is broken, except three deliberate conflicts
(a forbidden pair of options, an option that does not fit the profile, a high-risk choice
against the recommendation) for the analysis to find.

Everything is dated and seeded, so the output changes only when the knowledge base does:
regenerate it after editing the base and review the diff.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from unittest import mock

from decisions import operations
from decisions.findings import analyse
from decisions.history import Change
from decisions.scope import compute_scope
from decisions.store import WorkspaceStore
from decisions.workspace import Workspace
from knowledge.catalog import KnowledgeBase
from knowledge.errors import UsageError
from knowledge.loader import load_knowledge
from knowledge.models import Aspect, DecisionPoint, Option

NAME = "acme-analytics"
HERE = Path(__file__).resolve().parent
SEED = 20260824
START = dt.date(2026, 8, 24)
END = dt.date(2026, 11, 20)
SHARE_DECIDED = 2 / 3
PROGRESSED = 12

PROFILE = {"market": "b2b", "compliance": ["gdpr", "soc2"], "residency": "single-jurisdiction",
           "team-size": 6, "seniority": "mixed", "stage": "post-pmf", "funding": "funded",
           "scale": "medium"}

OWNERS = {
    "identity": ["Mei Lin", "Priya Raman"], "tenancy": ["Priya Raman", "Aisha Okafor"],
    "infrastructure": ["Jonas Berg", "Sam Kowalski"], "api": ["Aisha Okafor", "Tomás Ortega"],
    "events": ["Tomás Ortega", "Aisha Okafor"], "data": ["Aisha Okafor", "Priya Raman"],
    "observability": ["Sam Kowalski", "Jonas Berg"], "delivery": ["Jonas Berg", "Tomás Ortega"],
    "quality": ["Tomás Ortega", "Sam Kowalski"], "product": ["Priya Raman", "Tomás Ortega"],
}
"""Who usually decides in each category (the first name leads)."""

LEFT_OUT = {
    "push-notifications": "Dashboards refresh every minute and no customer has asked for live "
                          "updates; we revisit push when the alerting feature is planned.",
    "resilience-tests": "Fail-over and chaos drills wait until we run in a second availability "
                        "zone; the beta runs in one.",
    "client-sdk": "Customers integrate through the REST API and the CSV export; an SDK waits "
                  "for the first partner who needs one.",
}
"""Aspects the team leaves out of the first skeleton, and why (the first two that apply)."""
LEFT_OUT_OTHERWISE = "Not in the first skeleton: nobody can own it before the beta; we revisit " \
                     "it in the first quarter."
RECOMMENDED = [
    "It is the recommended default and nothing in our situation argues against it.",
    "We follow the recommendation; the alternatives solve problems we do not have.",
    "The recommended option, and the one the team already knows best.",
]
WORKSHOP = [START + dt.timedelta(days=d) for d in range(1, 5)]
SESSIONS = [d for d in (START + dt.timedelta(days=n) for n in range(8, (END - START).days + 1))
            if d.weekday() in (1, 3)]
"""The workshop days (Tuesday to Friday of the first week), then Tuesday and Thursday sessions."""

Step = Callable[[Workspace], tuple[Workspace, list[Change]]]


class Story:
    """The live workspace, written through the store at the moments the story says."""

    def __init__(self, kb: KnowledgeBase, folder: Path):
        self.kb = kb
        self.rng = random.Random(SEED)
        self.now = dt.datetime.combine(START, dt.time(9), tzinfo=dt.UTC)
        self.store = WorkspaceStore(folder, clock=lambda: self.now)
        self.workspace = self.store.init(Workspace(name="Acme Analytics"), who="Priya Raman",
                                         via="example")

    def write(self, when: dt.datetime, who: str, step: Step) -> None:
        if when < self.now:
            raise ValueError(f"the story goes back in time at {when}")
        self.now = when
        self.workspace = self.store.apply(self.workspace.revision, step, who, "example")

    def serious(self, workspace: Workspace) -> set[str]:
        """The findings that the example must not have by accident."""
        return {f.id for f in analyse(self.kb, workspace) if f.severity in ("error", "warning")}


def at(day: dt.date, hour: float) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(int(hour), int(hour % 1 * 60)), tzinfo=dt.UTC)


# -- the plan --------------------------------------------------------------------------------

def dependency_order(kb: KnowledgeBase, aspect_ids: list[str]) -> list[str]:
    """Aspects with their prerequisites first; knowledge-base order breaks ties."""
    remaining, ordered = list(aspect_ids), []
    while remaining:
        ready = next(a for a in remaining if all(r in ordered or r not in remaining
                                                 for r in _aspect(kb, a).requires))
        ordered.append(ready)
        remaining.remove(ready)
    return ordered


def _aspect(kb: KnowledgeBase, aspect_id: str) -> Aspect:
    aspect = kb.aspect(aspect_id)
    assert aspect is not None
    return aspect


def dependents(kb: KnowledgeBase, aspect_id: str, among: list[str]) -> list[str]:
    return [a for a in among if aspect_id in _aspect(kb, a).requires]


def _lower(text: str) -> str:
    """`Renewal is automatic` -> `renewal is automatic`, but `JWKS ...` stays as it is."""
    return text[0].lower() + text[1:] if text[1:2].islower() else text


def rationale(point: DecisionPoint, option: Option) -> str:
    pros = "; ".join([option.pros[0].rstrip("."), *(_lower(p.rstrip(".")) for p in
                                                     option.pros[1:2])])
    if option.id == point.recommended:
        why = " " + RECOMMENDED[sum(map(ord, point.id)) % len(RECOMMENDED)]
    else:
        why = f" It fits us: {_lower(option.fits_when.rstrip('.'))}." if option.fits_when else ""
    return f"{pros}.{why} Trade-off we accept: {_lower(option.cons[0].rstrip('.'))}."


def deciders(story: Story, aspect: Aspect) -> list[str]:
    owners = OWNERS.get(aspect.category, ["Priya Raman", "Tomás Ortega"])
    return owners[:2] if story.rng.random() < 0.4 else owners[:1]


def decide_cleanly(story: Story, when: dt.datetime, point_ref: str, status: str) -> str | None:
    """Decide a point with the preferred option that breaks no rule; None if every one does."""
    aspect, point = story.kb.point(point_ref) or (None, None)
    assert aspect is not None and point is not None
    options = list(point.options)
    story.rng.shuffle(options)
    options.sort(key=lambda o: (o.id != point.recommended or story.rng.random() < 0.2,
                                o.risk is not None))
    before = story.serious(story.workspace)
    names = deciders(story, aspect)
    for option in options:
        new, _ = operations.decide(story.kb, story.workspace, point_ref, option.id,
                                   status=status, rationale=rationale(point, option),
                                   deciders=names, on=when.date())
        if story.serious(new) <= before:
            story.write(when, names[0], lambda w, o=option: operations.decide(
                story.kb, w, point_ref, o.id, status=status, rationale=rationale(point, o),
                deciders=names, on=when.date()))
            return option.id
    return None


# -- the story -------------------------------------------------------------------------------

def day_one(story: Story) -> list[str]:
    """Profile and scope on 24 August; return the in-scope aspects in dependency order."""
    kb = story.kb
    story.write(at(START, 10), "Priya Raman", lambda w: operations.set_profile(kb, w, PROFILE))
    scope = compute_scope(kb, story.workspace)
    in_scope = dependency_order(kb, [a for a in kb.aspects if scope[a].in_scope])
    leaves = [a for a in in_scope if scope[a].priority != "must"
              and not dependents(kb, a, in_scope)]
    left_out = ([a for a in LEFT_OUT if a in leaves] + leaves[::-1])[:2]
    for hour, aspect_id in enumerate(left_out):
        reason = LEFT_OUT.get(aspect_id, LEFT_OUT_OTHERWISE)
        story.write(at(START, 11 + hour / 2), "Priya Raman", lambda w, a=aspect_id, r=reason:
                    operations.set_scope(kb, w, a, False, r))
        in_scope.remove(aspect_id)
    return in_scope


def decision_plan(story: Story, in_scope: list[str]) -> list[str]:
    """About two thirds of the points, foundations first, with some randomness."""
    points = [f"{a}.{p.id}" for a in in_scope for p in _aspect(story.kb, a).decisions]
    ranked = sorted(range(len(points)), key=lambda i: i + story.rng.uniform(0, len(points) * 0.7))
    chosen = sorted(ranked[:round(len(points) * SHARE_DECIDED)])
    return [points[i] for i in chosen]


def decisions(story: Story, plan: list[str]) -> dict[dt.date, list[tuple[str, str]]]:
    """Spread the plan over the workshop and the sessions: (point, status) by day."""
    by_day: dict[dt.date, list[tuple[str, str]]] = {}
    workshop = plan[: len(plan) // 2]
    for index, point in enumerate(workshop):
        day = WORKSHOP[index * len(WORKSHOP) // len(workshop)]
        by_day.setdefault(day, []).append((point, "accepted"))
    later = plan[len(plan) // 2:]
    for index, point in enumerate(later):
        day = SESSIONS[index * (len(SESSIONS) - 1) // len(later)]
        status = "proposed" if story.rng.random() < 0.25 else "accepted"
        by_day.setdefault(day, []).append((point, status))
    return by_day


def progress_plan(story: Story, in_scope: list[str]) -> list[str]:
    """A dozen aspects spread over the categories, each after its in-scope prerequisites."""
    picked: list[str] = []
    while len(picked) < PROGRESSED - 1:
        ready = [a for a in in_scope if a not in picked and all(
            r in picked or r not in in_scope for r in _aspect(story.kb, a).requires)]
        if not ready:
            break
        taken = Counter(_aspect(story.kb, a).category for a in picked)
        picked.append(min(ready, key=lambda a: (taken[_aspect(story.kb, a).category],
                                                in_scope.index(a))))
    return picked


def deferred_aspect(story: Story, in_scope: list[str], picked: list[str]) -> str:
    """An aspect nothing in scope builds on, deferred in October."""
    candidates = [a for a in reversed(in_scope)
                  if a not in picked and not dependents(story.kb, a, in_scope)]
    return candidates[0]


def progress_days(story: Story, picked: list[str]) -> dict[dt.date, list[tuple[str, int]]]:
    """Tick days per aspect: (aspect, item index) by day; -1 marks the start."""
    by_day: dict[dt.date, list[tuple[str, int]]] = {}
    start = dt.date(2026, 9, 1)
    for index, aspect_id in enumerate(picked):
        day = start + dt.timedelta(days=7 * index)
        by_day.setdefault(day, []).append((aspect_id, -1))
        for item in range(len(_aspect(story.kb, aspect_id).checklist)):
            day += dt.timedelta(days=story.rng.randint(3, 7))
            by_day.setdefault(day, []).append((aspect_id, item))
    return by_day


def tick(story: Story, when: dt.datetime, aspect_id: str, item: int, note_instead: int) -> None:
    kb = story.kb
    aspect = _aspect(kb, aspect_id)
    owner = OWNERS.get(aspect.category, ["Tomás Ortega"])[0]
    if item < 0:
        story.write(when, owner, lambda w: operations.set_progress(kb, w, aspect_id,
                                                                   "in-progress"))
        return
    last = len(aspect.checklist) - 1
    if item == note_instead:
        return
    done = item == last
    note = (f"Item {note_instead} moved to the hardening backlog; it needs the production "
            "traffic we will only have after the beta." if done and note_instead >= 0 else None)
    story.write(when, owner, lambda w: operations.set_progress(
        kb, w, aspect_id, "done" if done else None, tick=[item], note=note))


CONFLICTS = [(dt.date(2026, 10, 6), "forbidden_pair"), (dt.date(2026, 10, 27), "profile_misfit"),
             (dt.date(2026, 11, 12), "risky_choice")]
"""When the deliberate conflicts come in, and how."""


def _conflict(story: Story, when: dt.datetime, point_ref: str, option: str, why: str) -> bool:
    """Change an accepted decision so that it adds exactly one serious finding."""
    before = story.serious(story.workspace)
    current = story.workspace.current(point_ref)
    if current is None or current.status != "accepted" or current.option == option:
        return False
    aspect, point = story.kb.point(point_ref) or (None, None)
    assert aspect is not None and point is not None
    step: Step = lambda w: operations.decide(  # noqa: E731 - tried, then written
        story.kb, w, point_ref, option, rationale=why, deciders=deciders(story, aspect)[:1],
        on=when.date())
    if len(story.serious(step(story.workspace)[0]) - before) != 1:
        return False
    story.write(when, OWNERS.get(aspect.category, ["Priya Raman"])[0], step)
    return True


def forbidden_pair(story: Story, when: dt.datetime) -> bool:
    chosen = story.workspace.chosen()
    for site in story.kb.rules():
        rule = site.rule
        if rule.kind != "forbids-option" or rule.severity == "info" or not rule.target:
            continue
        target_point, _, target_option = rule.target.partition("=")
        if target_point in chosen and chosen[target_point].option == target_option and \
                _conflict(story, when, f"{site.aspect.id}.{site.point.id}", site.option.id,
                          f"Sales closed a deal that depends on {site.option.label}; we know it "
                          f"clashes with our {target_point} choice and will sort it out "
                          "before the beta."):
            return True
    return False


def profile_misfit(story: Story, when: dt.datetime) -> bool:
    for site in story.kb.rules():
        if site.rule.kind == "conflicts-with-profile" and site.rule.severity != "info" and \
                _conflict(story, when, f"{site.aspect.id}.{site.point.id}", site.option.id,
                          f"{site.option.label} is what two engineers already know well; the "
                          "profile says it does not fit us and we take that risk for now."):
            return True
    return False


def risky_choice(story: Story, when: dt.datetime) -> bool:
    for aspect, point in story.kb.points():
        for option in point.options:
            if option.risk == "high" and point.recommended not in (None, option.id) and \
                    _conflict(story, when, f"{aspect.id}.{point.id}", option.id,
                              f"A customer's security team insisted on {option.label}; we go "
                              "against the recommendation until their contract renewal."):
                return True
    return False


def tell(story: Story) -> Workspace:
    kb = story.kb
    in_scope = day_one(story)
    plan = decision_plan(story, in_scope)
    picked = progress_plan(story, in_scope)
    deferred = deferred_aspect(story, in_scope, picked)
    days = Days(decisions(story, plan), progress_days(story, picked),
                {picked[2]: len(_aspect(kb, picked[2]).checklist) - 2},
                {SESSIONS[3]: plan[1], SESSIONS[9]: plan[5]})
    evenings: dict[dt.date, Step] = {
        dt.date(2026, 8, 28): lambda w: operations.take_milestone(
            kb, w, "workshop-1", at(dt.date(2026, 8, 28), 18)),
        dt.date(2026, 10, 1): lambda w: operations.set_progress(
            kb, w, deferred, "deferred", note="Waits for the second platform engineer who joins "
                                              "in January."),
        dt.date(2026, 10, 16): lambda w: operations.take_milestone(
            kb, w, "beta-ready", at(dt.date(2026, 10, 16), 18)),
    }
    conflict_days = dict(CONFLICTS)
    for day in sorted(days.all() | set(evenings) | set(conflict_days)):
        if day > END:
            break
        one_day(story, day, days)
        if day in evenings:
            story.write(at(day, 18), "Priya Raman", evenings[day])
        if day in conflict_days:
            globals()[conflict_days[day]](story, at(day, 18.5))
    return story.workspace


class Days:
    """What happens on which day: decisions, ticks, proposals to settle, changes of mind."""

    def __init__(self, decided: dict, ticks: dict, note_instead: dict, changes_of_mind: dict):
        self.decided = decided
        self.ticks = ticks
        self.note_instead = note_instead
        self.changes_of_mind = changes_of_mind
        self.proposals: dict[dt.date, list[str]] = {}
        self.rejected = False

    def all(self) -> set[dt.date]:
        return set(self.decided) | set(self.ticks) | set(self.changes_of_mind)

    def settle_later(self, day: dt.date, point_ref: str) -> None:
        self.proposals.setdefault(day, []).append(point_ref)


def one_day(story: Story, day: dt.date, days: Days) -> None:
    hour = settle_proposals(story, day, days, 9.5)
    for point_ref, status in days.decided.get(day, []):
        chosen = decide_cleanly(story, at(day, hour), point_ref, status)
        if chosen is not None and status == "proposed":
            days.settle_later(day + dt.timedelta(days=story.rng.choice([7, 14])), point_ref)
        hour = min(hour + 0.25, 17)
    if day in days.changes_of_mind:
        change_mind(story, at(day, 17.25), days.changes_of_mind[day])
    for offset, (aspect_id, item) in enumerate(days.ticks.get(day, [])):
        tick(story, at(day, 17.5 + offset / 10), aspect_id, item,
             days.note_instead.get(aspect_id, -1))


def settle_proposals(story: Story, day: dt.date, days: Days, hour: float) -> float:
    """Accept the proposals due today; the first one ever is rejected and re-proposed."""
    for point_ref in days.proposals.get(day, []):
        live = story.workspace.current(point_ref)
        if live is None or live.status != "proposed":
            continue
        status = "accepted" if days.rejected else "rejected"
        days.rejected = True
        story.write(at(day, hour), live.deciders[0], lambda w, p=point_ref, s=status,
                    o=live.option: operations.decide(story.kb, w, p, o, status=s, on=day))
        if status == "rejected":
            decide_cleanly(story, at(day, hour + 0.25), point_ref, "proposed")
            days.settle_later(day + dt.timedelta(days=14), point_ref)
        hour += 0.5
    return hour


def change_mind(story: Story, when: dt.datetime, point_ref: str) -> None:
    """Supersede an accepted decision with another option that breaks no rule."""
    live = story.workspace.current(point_ref)
    aspect, point = story.kb.point(point_ref) or (None, None)
    if live is None or aspect is None or point is None:
        return
    old = live.option
    before = story.serious(story.workspace)
    for option in point.options:
        if option.id == old:
            continue
        why = (f"After a two-day spike we switched from {old} to {option.label}: "
               f"{option.pros[0].rstrip('.').lower()}.")
        step: Step = lambda w, o=option, y=why: operations.decide(  # noqa: E731
            story.kb, w, point_ref, o.id, rationale=y, deciders=deciders(story, aspect),
            on=when.date())
        if story.serious(step(story.workspace)[0]) <= before:
            story.write(when, OWNERS.get(aspect.category, ["Priya Raman"])[0], step)
            return


def build(target: Path = HERE / NAME, kb: KnowledgeBase | None = None) -> Workspace:
    """Write the example's workspace.yaml and history.jsonl into `target`."""
    kb = kb or load_knowledge()
    # The story is written in a throw-away folder: waiting for the disk there buys nothing.
    with tempfile.TemporaryDirectory() as folder, mock.patch("os.fsync"):
        story = Story(kb, Path(folder) / NAME)
        workspace = tell(story)
        target.mkdir(parents=True, exist_ok=True)
        for name in ("workspace.yaml", "history.jsonl"):
            shutil.copyfile(story.store.folder / name, target / name)
    return workspace


def main() -> int:
    try:
        workspace = build()
    except (UsageError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    decided = len(workspace.chosen())
    print(f"wrote {HERE / NAME}: revision {workspace.revision}, {decided} decision points "
          f"decided, {len(workspace.progress)} aspects with progress")
    return 0


if __name__ == "__main__":
    sys.exit(main())
