"""The right conditions: a readiness self-assessment against NDTi's five conditions.

The NDTi study of employment support commissioned by English local areas
:cite:`ndti2014` found that good outcomes depend on five local conditions, each a step
in its theory of change. This module holds the conditions, a prompt for the evidence
behind each rating and the commissioner actions drawn from the guidance (the NDTi slides
and the Whitworth commissioning guide :cite:`whitworth2024guide`) as data, and scores a
self-assessment: each condition is rated on a five-point scale from 0 (not in place) to 4
(in place), and the conditions rated lowest come first in the action plan. Ties go to
the condition that comes earlier in the theory of change, because the later conditions
build on the earlier ones.

Example
-------
>>> ratings = {"priority": 3, "define_work": 1, "plan": 2, "partnership": 2, "check": 0}
>>> readiness_score(ratings)
0.4
>>> [c.key for c in prioritise(ratings)]
['check', 'define_work', 'plan', 'partnership', 'priority']
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from . import validation as v

__all__ = [
    "Action",
    "Condition",
    "CONDITIONS",
    "SCALE",
    "MAX_RATING",
    "STAGES",
    "condition",
    "validate_ratings",
    "band",
    "readiness_score",
    "prioritise",
    "action_plan",
    "ReadinessResult",
    "assess_readiness",
    "conditions_table",
]

MAX_RATING = 4
"""The top of the rating scale (a condition fully in place)."""

SCALE: dict[int, str] = {
    0: "not in place",
    1: "early days",
    2: "partly in place",
    3: "mostly in place",
    4: "in place",
}
"""Rating -> what it means. Ratings are whole numbers from 0 to :data:`MAX_RATING`."""

STAGES = ("start", "strengthen")
"""An action either starts a condition (ratings 0-1) or strengthens it (ratings 0-3)."""


@dataclass(frozen=True)
class Action:
    """One thing a commissioner can do, drawn from a source in the bibliography.

    Parameters
    ----------
    text : str
        The action in plain words.
    stage : {"start", "strengthen"}
        ``start`` actions are for conditions rated 0 or 1; ``strengthen`` actions for
        any condition not yet fully in place.
    source : str
        The citation key of the guidance the action is drawn from.
    """

    text: str
    stage: str
    source: str

    def __post_init__(self) -> None:
        _text("text", self.text)
        v.choice("stage", self.stage, STAGES)
        _text("source", self.source)


def _text(name: str, value: object, required: bool = True) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be text; got {value!r}")
    if required and not value.strip():
        raise ValueError(f"{name} must not be empty")
    return value


@dataclass(frozen=True)
class Condition:
    """One of NDTi's five conditions for an effective local employment strategy.

    Parameters
    ----------
    key : str
        Short identifier used for ratings (e.g. ``"priority"``).
    number : int
        Its place (1-5) in the NDTi list and theory of change.
    name : str
        The condition as NDTi names it.
    theory_of_change : str
        The matching step of NDTi's theory of change.
    meaning : str
        What the condition means, in plain words.
    commissioner : str
        What a commissioner does about it.
    prompt : str
        A question asking for the evidence behind a rating.
    actions : tuple of Action
        What to do when the condition is not yet in place, in order.
    """

    key: str
    number: int
    name: str
    theory_of_change: str
    meaning: str
    commissioner: str
    prompt: str
    actions: tuple[Action, ...]

    def __post_init__(self) -> None:
        _text("key", self.key)
        v.positive_count("number", self.number)
        _text("name", self.name)
        for name in ("theory_of_change", "meaning", "commissioner", "prompt"):
            _text(name, getattr(self, name), required=False)
        if not isinstance(self.actions, tuple):
            raise TypeError(f"actions must be a tuple of Action; got {self.actions!r}")
        for i, action in enumerate(self.actions):
            if not isinstance(action, Action):
                raise TypeError(f"actions[{i}] must be an Action; got {action!r}")


CONDITIONS: tuple[Condition, ...] = (
    Condition(
        key="priority",
        number=1,
        name="Make employment a priority",
        theory_of_change="Shifting culture: increasing opportunities",
        meaning=(
            "Senior decision makers, such as elected members and NHS boards, decide that paid "
            "work is a central outcome for disabled people and people with health conditions, "
            "and that decision shapes how services behave and what is expected of them."
        ),
        commissioner=(
            "Secure a formal decision that names paid employment as a strategic outcome, "
            "carry it into the plans and specifications of other services, and report "
            "progress to the people who made the decision."
        ),
        prompt=(
            "Evidence: where is paid employment named as a strategic outcome, who signed it "
            "off, and when did they last see progress?"
        ),
        actions=(
            Action(
                "Ask elected members or the NHS board to adopt paid employment as a named "
                "strategic outcome, set in the local context.",
                "start",
                "ndti2014",
            ),
            Action(
                "Write employment outcomes into the specifications of social care, mental "
                "health and other services, so that work becomes part of everyday expectations "
                "and performance, not only the employment service's job.",
                "strengthen",
                "ndti2014",
            ),
            Action(
                "Protect the employment budget: in the NDTi study cuts were more common than "
                "either rises or freezes, with disinvestment where employment was not seen as "
                "a priority or was not delivering outcomes.",
                "strengthen",
                "ndti2014",
            ),
        ),
    ),
    Condition(
        key="define_work",
        number=2,
        name="Be clear what is meant by work",
        theory_of_change="Employment outcome: local agreement",
        meaning=(
            "Partners agree that the outcome is real paid work, including the hours, the pay, "
            "the route into work and keeping the job, with only proven steps towards it, so "
            "approaches without evidence are not funded."
        ),
        commissioner=(
            "Write one local definition of a job outcome, use it in every contract, and stop "
            "funding activity that does not lead to paid work."
        ),
        prompt=(
            "Evidence: is there a written local definition of a job outcome (hours, pay, "
            "keeping the job) that every funded service reports against?"
        ),
        actions=(
            Action(
                "Write a local definition of a paid job outcome that covers hours, pay, the "
                "route into work and keeping the job.",
                "start",
                "ndti2014",
            ),
            Action(
                "Check what you fund against the evidence: place-then-train models (IPS and "
                "Supported Employment) have it; train-then-place and volunteering have little "
                "or none.",
                "start",
                "ndti2014",
            ),
            Action(
                "Count jobs kept as well as jobs gained: the most effective services in the "
                "NDTi study balanced helping people keep jobs with finding new ones.",
                "strengthen",
                "ndti2014",
            ),
            Action(
                "Use the same outcome definition in every contract so that services can be "
                "compared: the NDTi study found no common definition across areas.",
                "strengthen",
                "ndti2014",
            ),
        ),
    ),
    Condition(
        key="plan",
        number=3,
        name="Have a plan everyone agrees to",
        theory_of_change="Strategic direction: joint vision",
        meaning=(
            "One employment strategy, owned by the key players, based on evidence and linked "
            "to their wider strategies, is used to guide what is funded and delivered."
        ),
        commissioner=(
            "Draft the plan with partners (NHS, social care, schools and colleges, economic "
            "development, Jobcentre Plus), base it on the evidence, and give it a steering "
            "group that meets."
        ),
        prompt=(
            "Evidence: is there one written employment plan that the NHS, social care, "
            "education and economic development partners have each signed up to, and is it "
            "used to decide what is funded?"
        ),
        actions=(
            Action(
                "Agree one employment strategy with key partners, such as the NHS, schools and "
                "colleges and economic development, linked to their wider strategies.",
                "start",
                "ndti2014",
            ),
            Action(
                "Base the plan on evidence: choose a fidelity model (IPS or SEQF) for each "
                "population group you commission for.",
                "start",
                "whitworth2024guide",
            ),
            Action(
                "Set up a programme steering group with senior local authority, NHS, social "
                "work (for SEQF), Jobcentre Plus and provider members, and people with lived "
                "experience of the service.",
                "strengthen",
                "whitworth2024guide",
            ),
            Action(
                "Consider joint or alliance commissioning, which can bring partners and extra "
                "funding to the table from the start.",
                "strengthen",
                "whitworth2024guide",
            ),
        ),
    ),
    Condition(
        key="partnership",
        number=4,
        name="Strong partnership working",
        theory_of_change="Developing relationships and the market",
        meaning=(
            "Knowledgeable leadership works with everyone involved, and especially with "
            "providers, to specify, support and manage a market that can deliver the first "
            "three conditions."
        ),
        commissioner=(
            "Engage providers and referral partners before you write the specification, "
            "select on quality and fidelity, and use your influence to open doors to referral "
            "and integration partners."
        ),
        prompt=(
            "Evidence: how often do you meet providers and referral partners, what has changed "
            "as a result, and do providers say you help them get referrals and integration?"
        ),
        actions=(
            Action(
                "Involve referral and (for IPS) integration partners in market engagement "
                "before you write the specification.",
                "start",
                "whitworth2024guide",
            ),
            Action(
                "Include a dialogue stage with bidders and award the contract on quality, "
                "values and fidelity, not price.",
                "start",
                "whitworth2024guide",
            ),
            Action(
                "Use your local leverage to secure referrals and co-location with clinical and "
                "other teams: providers rarely have it on their own.",
                "strengthen",
                "whitworth2024guide",
            ),
            Action(
                "Offer longer-term contracts (with an option to extend where money is short "
                "term) so providers can build relationships and employer networks.",
                "strengthen",
                "whitworth2024guide",
            ),
        ),
    ),
    Condition(
        key="check",
        number=5,
        name="Check it is being done",
        theory_of_change="Performance management",
        meaning=(
            "The area gathers the information that shows whether the first three conditions "
            "are being achieved; without it, services that are not cost-effective carry on."
        ),
        commissioner=(
            "Collect the same cost and outcome figures from every service, benchmark them, "
            "agree meaningful targets and review them with providers as partners."
        ),
        prompt=(
            "Evidence: do you know each funded service's cost per person, job outcome rate "
            "and cost per job outcome for last year, and its latest fidelity review?"
        ),
        actions=(
            Action(
                "Collect the same figures from every service you fund: annual cost, people "
                "supported, and new jobs, retained jobs and self-employment.",
                "start",
                "ndti2014",
            ),
            Action(
                "Benchmark each service against the NDTi ranges (the calculator in this "
                "chapter) and agree meaningful targets with it.",
                "start",
                "ndti2014",
            ),
            Action(
                "Review performance with the provider as a partner, with expectations that "
                "rise as the service embeds, rather than by spot-checks.",
                "strengthen",
                "whitworth2024guide",
            ),
            Action(
                "Require regular fidelity reviews and build shared capacity to analyse "
                "delivery and outcome data.",
                "strengthen",
                "whitworth2024guide",
            ),
        ),
    ),
)
"""NDTi's five conditions, in the order of its list and theory of change."""

_BY_KEY = {c.key: c for c in CONDITIONS}


def condition(key: str) -> Condition:
    """The condition with identifier ``key``.

    Examples
    --------
    >>> condition("check").name
    'Check it is being done'
    """
    with v.located("key"):
        return _BY_KEY[v.choice("condition", key, tuple(_BY_KEY))]


def validate_ratings(ratings: Mapping[str, object]) -> dict[str, int]:
    """Check a rating for every condition: whole numbers from 0 to :data:`MAX_RATING`.

    Parameters
    ----------
    ratings : mapping of str to int
        Condition key -> rating. Every one of the five conditions must be rated.

    Returns
    -------
    dict of str to int
        The ratings in the order of :data:`CONDITIONS`.

    Raises
    ------
    TypeError
        If ``ratings`` is not a mapping or a rating is not a number.
    ValueError
        Naming the condition, if a rating is missing, unknown or outside 0-4.

    Examples
    --------
    >>> validate_ratings({"priority": 4, "define_work": 0, "plan": 1, "partnership": 2,
    ...                   "check": 3.0})["check"]
    3
    """
    if not isinstance(ratings, Mapping):
        raise TypeError(f"ratings must be a mapping of condition to rating; got {ratings!r}")
    unknown = set(ratings) - set(_BY_KEY)
    if unknown:
        raise ValueError(
            f"ratings has unknown condition(s) {', '.join(sorted(map(str, unknown)))}; "
            f"allowed: {', '.join(_BY_KEY)}"
        )
    out: dict[str, int] = {}
    for c in CONDITIONS:
        if c.key not in ratings:
            raise ValueError(f"ratings is missing a rating for {c.key!r} ({c.name})")
        with v.located(f"ratings[{c.key!r}]"):
            rating = v.count(f"rating for {c.key}", ratings[c.key])
            if rating > MAX_RATING:
                raise ValueError(
                    f"rating for {c.key} must be a whole number from 0 to {MAX_RATING}; got "
                    f"{ratings[c.key]!r}"
                )
        out[c.key] = rating
    return out


def band(rating: int) -> str:
    """What a rating means in words.

    Examples
    --------
    >>> band(2)
    'partly in place'
    """
    rating = v.count("rating", rating)
    if rating > MAX_RATING:
        raise ValueError(f"rating must be a whole number from 0 to {MAX_RATING}; got {rating}")
    return SCALE[rating]


def readiness_score(ratings: Mapping[str, object]) -> float:
    """Overall readiness: the ratings' total as a share of the highest possible total.

    Examples
    --------
    >>> readiness_score({"priority": 4, "define_work": 4, "plan": 4, "partnership": 4,
    ...                  "check": 2})
    0.9
    """
    checked = validate_ratings(ratings)
    return sum(checked.values()) / (MAX_RATING * len(CONDITIONS))


def prioritise(ratings: Mapping[str, object]) -> list[Condition]:
    """Conditions not yet fully in place, the weakest first.

    Ties go to the condition earlier in NDTi's theory of change, because the later
    conditions build on the earlier ones. Conditions rated :data:`MAX_RATING` are left out.

    Examples
    --------
    >>> [c.number for c in prioritise({"priority": 2, "define_work": 2, "plan": 4,
    ...                                "partnership": 1, "check": 2})]
    [4, 1, 2, 5]
    """
    checked = validate_ratings(ratings)
    todo = [c for c in CONDITIONS if checked[c.key] < MAX_RATING]
    return sorted(todo, key=lambda c: (checked[c.key], c.number))


def action_plan(ratings: Mapping[str, object]) -> pd.DataFrame:
    """The prioritised action list drawn from the guidance.

    For each condition not fully in place, weakest first: the ``start`` actions if it is
    rated 0 or 1, then its ``strengthen`` actions.

    Returns
    -------
    pandas.DataFrame
        Columns ``priority`` (1 = first), ``condition``, ``rating``, ``band``, ``stage``,
        ``action`` and ``source`` (a citation key). Empty if every condition is in place.

    Examples
    --------
    >>> plan = action_plan({"priority": 4, "define_work": 4, "plan": 4, "partnership": 4,
    ...                     "check": 3})
    >>> plan[["priority", "condition", "stage"]].values.tolist()[0]
    [1, 'Check it is being done', 'strengthen']
    """
    checked = validate_ratings(ratings)
    rows = []
    for priority, c in enumerate(prioritise(checked), start=1):
        rating = checked[c.key]
        stages = ("start", "strengthen") if rating <= 1 else ("strengthen",)
        for stage in stages:
            for a in c.actions:
                if a.stage == stage:
                    rows.append(
                        {
                            "priority": priority,
                            "condition": c.name,
                            "rating": rating,
                            "band": SCALE[rating],
                            "stage": stage,
                            "action": a.text,
                            "source": a.source,
                        }
                    )
    columns = ["priority", "condition", "rating", "band", "stage", "action", "source"]
    return pd.DataFrame(rows, columns=columns)


@dataclass(frozen=True)
class ReadinessResult:
    """What :func:`assess_readiness` returns.

    Attributes
    ----------
    ratings : dict of str to int
        The validated ratings.
    evidence : dict of str to str
        The evidence noted for each condition ('' when none).
    score : float
        Overall readiness as a share (0-1).
    priorities : list of Condition
        Conditions not yet in place, weakest first.
    actions : pandas.DataFrame
        The prioritised action list (see :func:`action_plan`).
    """

    ratings: dict[str, int]
    evidence: dict[str, str]
    score: float
    priorities: list[Condition]
    actions: pd.DataFrame

    @property
    def total(self) -> int:
        """The ratings added up (out of ``MAX_RATING`` x 5)."""
        return sum(self.ratings.values())

    def unsupported(self) -> list[Condition]:
        """Conditions rated 3 or 4 with no evidence noted: a claim to check.

        Examples
        --------
        >>> r = assess_readiness({"priority": 4, "define_work": 0, "plan": 0,
        ...                       "partnership": 0, "check": 0})
        >>> [c.key for c in r.unsupported()]
        ['priority']
        """
        return [
            c
            for c in CONDITIONS
            if self.ratings[c.key] >= MAX_RATING - 1 and not self.evidence[c.key].strip()
        ]

    def table(self) -> pd.DataFrame:
        """One row per condition: number, name, rating, band and the evidence noted."""
        return pd.DataFrame(
            [
                {
                    "number": c.number,
                    "condition": c.name,
                    "rating": self.ratings[c.key],
                    "band": SCALE[self.ratings[c.key]],
                    "evidence noted": self.evidence[c.key] or "none noted",
                }
                for c in CONDITIONS
            ]
        )


def assess_readiness(
    ratings: Mapping[str, object], evidence: Mapping[str, object] | None = None
) -> ReadinessResult:
    """Score a readiness self-assessment and draw up the action list.

    Parameters
    ----------
    ratings : mapping of str to int
        Condition key -> rating from 0 (not in place) to 4 (in place), for all five.
    evidence : mapping of str to str, optional
        Condition key -> what shows the rating is right (a document, a decision, data).

    Returns
    -------
    ReadinessResult

    Examples
    --------
    >>> r = assess_readiness({"priority": 3, "define_work": 1, "plan": 2,
    ...                       "partnership": 2, "check": 0})
    >>> r.total, r.score, r.priorities[0].name
    (8, 0.4, 'Check it is being done')
    """
    checked = validate_ratings(ratings)
    evidence = {} if evidence is None else evidence
    if not isinstance(evidence, Mapping):
        raise TypeError(f"evidence must be a mapping of condition to text; got {evidence!r}")
    unknown = set(evidence) - set(_BY_KEY)
    if unknown:
        raise ValueError(
            f"evidence has unknown condition(s) {', '.join(sorted(map(str, unknown)))}; "
            f"allowed: {', '.join(_BY_KEY)}"
        )
    notes: dict[str, str] = {}
    for c in CONDITIONS:
        text = evidence.get(c.key, "")
        if text is None:
            text = ""
        if not isinstance(text, str):
            raise TypeError(
                f"evidence for {c.key} must be text; got {text!r} (evidence[{c.key!r}])"
            )
        notes[c.key] = text.strip()
    return ReadinessResult(
        ratings=checked,
        evidence=notes,
        score=sum(checked.values()) / (MAX_RATING * len(CONDITIONS)),
        priorities=prioritise(checked),
        actions=action_plan(checked),
    )


def conditions_table() -> pd.DataFrame:
    """The five conditions with their theory-of-change step and what a commissioner does.

    Examples
    --------
    >>> conditions_table()["Condition"].tolist()[0]
    '1. Make employment a priority'
    """
    return pd.DataFrame(
        [
            {
                "Condition": f"{c.number}. {c.name}",
                "Theory of change": c.theory_of_change,
                "What it means": c.meaning,
                "What a commissioner does": c.commissioner,
            }
            for c in CONDITIONS
        ]
    )
