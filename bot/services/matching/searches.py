"""One /find-mentor answer: the wish list, a page of matches, and what to offer when none fit."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session

from bot.services import network
from bot.services import skills as skills_service
from bot.services.circles import fit as circle_fit
from bot.services.matching import mentor_pool, near_matches, program_mentors, ranking
from bot.services.matching import peers as peer_fit
from storage.models import IntroRequest, MentorSearch, Person, Skill
from storage.repositories import mentor_profiles as profiles_repo
from storage.repositories import searches as searches_repo
from storage.repositories import skills as skills_repo

PAGE_SIZE = 5
MAX_WORDS_TEXT = 500  # the rest of a 5,000-character paste is noise, not skills
SUGGESTED_SKILLS = 8


@dataclass(frozen=True)
class SkillButton:
    skill_id: int
    label: str


@dataclass(frozen=True)
class SearchResult:
    """Everything the answer shows; labels are for display, keys for matching."""

    team_id: str
    search_id: int | None
    wanted: tuple[str, ...]
    labels: dict[str, str]
    from_reflection: bool
    matches: list[ranking.Match]
    offset: int
    total: int
    partial: list[near_matches.PartialMatch] = field(default_factory=list)
    channels: list[network.ChannelInfo] = field(default_factory=list)
    alumni: list[network.Alum] = field(default_factory=list)
    suggestions: list[SkillButton] = field(default_factory=list)
    # A mentee of a "mentees choose" program: its name, and its mentors (first page only).
    program_name: str = ""
    program_matches: list[ranking.Match] = field(default_factory=list)
    # Open circles that fit, beside the one-to-one matches (first page only).
    circles: list[circle_fit.CircleMatch] = field(default_factory=list)
    # People for whom it goes both ways, beside the mentors (first page only).
    peers: list[peer_fit.PeerMatch] = field(default_factory=list)

    @property
    def best_first(self) -> list[ranking.Match]:
        """The program's mentors (for a mentee choosing in one), then the others."""
        return self.program_matches + self.matches

    @property
    def has_more(self) -> bool:
        return self.offset + len(self.matches) < self.total

    @property
    def next_offset(self) -> int:
        return self.offset + len(self.matches)

    def label(self, key: str) -> str:
        return self.labels.get(key, key)


def wanted_from_words(words: str) -> list[str]:
    """Skill keys from what the person typed (clipped, normalized, at most MAX_WANTED)."""
    keys = skills_service.split_skills(words[:MAX_WORDS_TEXT])
    return [k for k in keys if any(ch.isalnum() for ch in k)][: ranking.MAX_WANTED]


def start_search(session: Session, *, person: Person, words: str, now: datetime) -> SearchResult:
    """Rank for the words given, else the person's skill gaps; store the search for its buttons."""
    assert person.id is not None
    wanted = wanted_from_words(words)
    from_reflection = False
    if not wanted and not words.strip():
        wanted = mentor_pool.wanted_from_reflection(
            session, team_id=person.team_id, person_id=person.id
        )
        from_reflection = bool(wanted)
    if not wanted:
        return SearchResult(
            team_id=person.team_id,
            search_id=None,
            wanted=(),
            labels={},
            from_reflection=False,
            matches=[],
            offset=0,
            total=0,
            suggestions=suggested_skills(session, team_id=person.team_id, now=now),
            alumni=network.fellow_alumni(session, team_id=person.team_id, person_id=person.id),
        )
    search = searches_repo.add_search(
        session,
        team_id=person.team_id,
        person_id=person.id,
        skill_keys="\n".join(wanted),
        from_reflection=from_reflection,
        now=now,
    )
    return page(session, search=search, person=person, offset=0, now=now)


def get_search(session: Session, *, team_id: str, search_id: int) -> MentorSearch | None:
    search = session.get(MentorSearch, search_id)
    return search if search is not None and search.team_id == team_id else None


def search_for_skill(
    session: Session, *, person: Person, skill_id: int, now: datetime
) -> SearchResult | None:
    """A one-click search for one skill of the workspace's list (None if it is not ours)."""
    skill = session.get(Skill, skill_id)
    if skill is None or skill.team_id != person.team_id:
        return None
    return start_search(session, person=person, words=skill.key, now=now)


def page(
    session: Session, *, search: MentorSearch, person: Person, offset: int, now: datetime
) -> SearchResult:
    """One page of a stored search, with the beyond-the-org-chart extras. A mentee of a
    "mentees choose" program sees the program's mentors first, then the other mentors."""
    assert person.id is not None
    wanted = [k for k in search.skill_keys.split("\n") if k]
    labels = skills_service.labels_for(session, team_id=person.team_id, keys=wanted)
    seeker = mentor_pool.seeker_for(session, person=person, wanted=wanted)
    offset = max(0, offset)
    pool = mentor_pool.load_pool(session, team_id=person.team_id, seeker=seeker, now=now)
    choice = program_mentors.choice_for(session, person=person)
    in_program: list[ranking.Match] = []
    if choice is not None:
        if offset == 0:
            in_program = _program_first(session, seeker, pool, choice, labels=labels, now=now)
        pool = program_mentors.without_program(pool, choice)
    ranked = mentor_pool.rank_named(
        session, seeker, pool, now=now, label=lambda k: labels.get(k, k), limit=offset + PAGE_SIZE
    )
    shown = ranked.matches[offset : offset + PAGE_SIZE]
    partial = (
        _near(session, person, seeker, choice, labels=labels, now=now)
        if ranked.total == 0 and not in_program
        else []
    )
    shown_ids = [m.candidate.person_id for m in in_program + shown]
    shown_ids += [p.candidate.person_id for p in partial]
    extras = (
        _first_page_extras(session, person, wanted, labels=labels, now=now, shown=shown_ids)
        if offset == 0
        else _Extras()
    )
    return SearchResult(
        team_id=person.team_id,
        search_id=search.id,
        wanted=tuple(wanted),
        labels=labels,
        from_reflection=search.from_reflection,
        matches=shown,
        offset=offset,
        total=ranked.total,
        partial=partial,
        program_name=choice.name if choice is not None else "",
        program_matches=in_program,
        circles=extras.circles,
        peers=extras.peers,
        channels=extras.channels,
        alumni=extras.alumni,
    )


def _program_first(
    session: Session,
    seeker: ranking.Seeker,
    pool: ranking.Pool,
    choice: program_mentors.ProgramChoice,
    *,
    labels: dict[str, str],
    now: datetime,
) -> list[ranking.Match]:
    """A "mentees choose" program's own mentors, ranked and named, shown before the rest."""
    matches = program_mentors.rank_in_program(
        seeker, pool, choice, now=now, label=lambda k: labels.get(k, k)
    )
    mentor_pool.with_names(session, [m.candidate for m in matches])
    return matches


def _near(
    session: Session,
    person: Person,
    seeker: ranking.Seeker,
    choice: program_mentors.ProgramChoice | None,
    *,
    labels: dict[str, str],
    now: datetime,
) -> list[near_matches.PartialMatch]:
    """Mentors who fit part of it, offered when nobody fits all of it."""
    return near_matches.partial_matches(
        session,
        team_id=person.team_id,
        seeker=seeker,
        now=now,
        label=lambda k: labels.get(k, k),
        also_excluded=choice.mentor_ids if choice is not None else frozenset(),
    )


@dataclass(frozen=True)
class _Extras:
    circles: list[circle_fit.CircleMatch] = field(default_factory=list)
    peers: list[peer_fit.PeerMatch] = field(default_factory=list)
    channels: list[network.ChannelInfo] = field(default_factory=list)
    alumni: list[network.Alum] = field(default_factory=list)


def _first_page_extras(
    session: Session,
    person: Person,
    wanted: list[str],
    *,
    labels: dict[str, str],
    now: datetime,
    shown: list[int],
) -> _Extras:
    """Beside the ranked mentors, only on the first page: open circles that fit, peer
    matches, channels about the skills, and fellow alumni not already shown."""
    assert person.id is not None
    return _Extras(
        circles=circle_fit.circles_for(
            session, person=person, wanted=wanted, now=now, label=lambda k: labels.get(k, k)
        ),
        peers=peer_fit.peers_for(session, person=person, wanted=wanted, now=now),
        channels=network.channels_about(session, team_id=person.team_id, skill_keys=wanted),
        alumni=network.fellow_alumni(
            session, team_id=person.team_id, person_id=person.id, exclude=shown
        ),
    )


def suggested_skills(session: Session, *, team_id: str, now: datetime) -> list[SkillButton]:
    """Listed skills that open mentors offer, most offered first (one-click searches)."""
    skills_service.ensure_default_skills(session, team_id=team_id, now=now)
    rows = skills_repo.most_offered(session, team_id=team_id, limit=SUGGESTED_SKILLS)
    return [SkillButton(int(i or 0), label) for i, label in rows]


def watch_skills(search: MentorSearch) -> list[str]:
    return [k for k in search.skill_keys.split("\n") if k]


def latest_search(session: Session, *, team_id: str, person_id: int) -> MentorSearch | None:
    return searches_repo.latest_search(session, team_id=team_id, person_id=person_id)


def wishes_of(session: Session, *, team_id: str, person_id: int) -> list[str]:
    """What the person last searched for, else their skill gaps."""
    search = latest_search(session, team_id=team_id, person_id=person_id)
    if search is not None:
        return watch_skills(search)
    return mentor_pool.wanted_from_reflection(session, team_id=team_id, person_id=person_id)


def latest_search_skills(session: Session, *, request: IntroRequest) -> list[str]:
    """The skills a new pair will talk about: the mentee's wishes the mentor offers."""
    wishes = wishes_of(session, team_id=request.team_id, person_id=request.mentee_id)
    offered = set(
        profiles_repo.skill_keys_of_mentor(
            session, team_id=request.team_id, person_id=request.mentor_id, ordered=False
        )
    )
    return [k for k in wishes if k in offered]


def next_match(session: Session, *, mentee: Person, now: datetime) -> SearchResult | None:
    """The mentee's next best match after a decline (their last search, or their gaps)."""
    assert mentee.id is not None
    search = latest_search(session, team_id=mentee.team_id, person_id=mentee.id)
    if search is None:
        result = start_search(session, person=mentee, words="", now=now)
        return result if result.wanted else None
    return page(session, search=search, person=mentee, offset=0, now=now)
