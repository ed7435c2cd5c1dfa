"""The validated inputs of the economic case."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

from .. import validation as v
from ._core import (
    EFFECT_MEASURES,
    ILLUSTRATIVE_SPREAD,
    METHODS,
    _bau,
    _effect,
    _weeks,
    _years,
)

_SHARES = ("service_rate", "bau_rate", "sustain_rate", "exit_rate", "discount_rate", "spread")
_NON_NEGATIVE = (
    "starters",
    "cost",
    "nhs_saving_per_job",
    "dwp_saving_per_month",
    "hmrc_gain_per_month",
    "la_saving_per_month",
    "output_per_month",
    "ls_per_swemwbs_point",
    "wellby_value",
    "wellby_low",
    "wellby_high",
)


@dataclass(frozen=True)
class EconomicInputs:
    """Validated inputs to :func:`economic_case`.

    Parameters
    ----------
    starters : float
        People starting on the service (one year's intake).
    service_rate : float
        Share of starters entering work with the service: the gross rate.
    cost : float
        What the service costs for that intake (GBP, paid in year 0).
    method : {"effect", "rates"}
        Business as usual from the effect size (``effect``) or from ``bau_rate``.
    effect_measure : {"odds ratio", "risk ratio"}
    effect_size, effect_low, effect_high : float
        The effect size and its 95% confidence interval (``low <= size <= high``, size 1 or
        more).
    bau_rate : float
        Share who would enter work without the service (``rates`` method; not above
        ``service_rate``).
    optimism_bias : float
        Share cut from the net additional outcomes for over-optimism (0 to less than 1).
    displacement : float
        Share of the extra job entries that only take work away from other people in the
        same labour market (0 to less than 1; 0 by default, no figure of its own).
    substitution : float
        Share of the extra job entries where an employer takes on a client in place of
        someone it would have employed anyway (0 to less than 1; 0 by default).
    sustain_rate, sustain_weeks, exit_rate : float
        Persistence in work: see :func:`persistence`.
    years, effect_years : int
        Years appraised (1-30) and years the effect lasts (1 or more).
    nhs_saving_per_job : float
        One-off NHS saving per extra person in work (GBP, year 0).
    dwp_saving_per_month, hmrc_gain_per_month, la_saving_per_month : float
        Benefits no longer paid, taxes and National Insurance received, and local authority
        savings, per extra person per month in work (GBP).
    output_per_month : float
        Value of the work per person-month: gross earnings plus employer National Insurance
        (GBP). The person's net income change is this less the DWP and HMRC amounts.
    swemwbs_gain : float
        Wellbeing gain while in work, SWEMWBS points (0 unless measured).
    ls_per_swemwbs_point, wellby_value, wellby_low, wellby_high : float
        Life satisfaction per SWEMWBS point, and the value of a WELLBY with its range.
    discount_rate : float
        Real discount rate a year (0-1; the Green Book's 3.5% by default).
    price_year : int or None
        Year whose prices the money values are in (None: as entered, unconverted).
    spread : float
        Relative range (0-1) for inputs without a published range, in the simulation and
        the tornado.
    """

    starters: float
    service_rate: float
    cost: float
    method: str
    effect_measure: str
    effect_size: float
    effect_low: float
    effect_high: float
    bau_rate: float
    optimism_bias: float
    sustain_rate: float
    sustain_weeks: float
    exit_rate: float
    years: int
    effect_years: int
    nhs_saving_per_job: float
    dwp_saving_per_month: float
    hmrc_gain_per_month: float
    la_saving_per_month: float
    output_per_month: float
    swemwbs_gain: float
    ls_per_swemwbs_point: float
    wellby_value: float
    wellby_low: float
    wellby_high: float
    discount_rate: float
    displacement: float = 0.0
    substitution: float = 0.0
    price_year: int | None = None
    spread: float = ILLUSTRATIVE_SPREAD

    def __post_init__(self) -> None:
        def put(name: str, value: object) -> None:
            object.__setattr__(self, name, value)

        for name in _SHARES:
            put(name, v.share(name, getattr(self, name)))
        for name in _NON_NEGATIVE:
            put(name, v.non_negative(name, getattr(self, name)))
        v.choice("method", self.method, METHODS)
        v.choice("effect_measure", self.effect_measure, EFFECT_MEASURES)
        for name in ("effect_size", "effect_low", "effect_high"):
            put(name, _effect(name, getattr(self, name)))
        if not self.effect_low <= self.effect_size <= self.effect_high:
            raise ValueError(
                "effect_size must lie within its confidence interval: effect_low "
                f"({self.effect_low:g}) <= effect_size ({self.effect_size:g}) <= effect_high "
                f"({self.effect_high:g})"
            )
        for name in ("optimism_bias", "displacement", "substitution"):
            share = v.share(name, getattr(self, name))
            if share >= 1:
                raise ValueError(
                    f"{name} must be a share from 0 to less than 1 (0.2 cuts the net "
                    f"outcomes by 20%); got {getattr(self, name)!r}"
                )
            put(name, share)
        if self.method == "rates" and self.bau_rate > self.service_rate:
            raise ValueError(
                f"bau_rate ({self.bau_rate:g}) must not be above service_rate "
                f"({self.service_rate:g}): more people would find work without the service "
                "than with it, which contradicts a positive effect"
            )
        put("sustain_weeks", _weeks("sustain_weeks", self.sustain_weeks))
        put("years", _years("years", self.years))
        put("effect_years", v.positive_count("effect_years", self.effect_years))
        put("swemwbs_gain", v.number("swemwbs_gain", self.swemwbs_gain))
        if not self.wellby_low <= self.wellby_value <= self.wellby_high:
            raise ValueError(
                f"wellby_value ({self.wellby_value:g}) must lie within its range: wellby_low "
                f"({self.wellby_low:g}) to wellby_high ({self.wellby_high:g})"
            )
        if self.price_year is not None:
            put(
                "price_year",
                v.whole_between("price_year", self.price_year, 1990, 2100, noun="year"),
            )

    def with_changes(self, **changes: object) -> EconomicInputs:
        """A copy with some inputs changed (validated again).

        Examples
        --------
        >>> from guidance.calculators.economic_case import economic_inputs
        >>> economic_inputs().with_changes(years=3).years
        3
        """
        unknown = set(changes) - set(self.__dataclass_fields__)
        if unknown:
            raise TypeError(f"unknown economic-case input(s): {', '.join(sorted(unknown))}")
        return replace(self, **changes)

    def as_gross(self) -> EconomicInputs:
        """The same case counting every job entry: no deadweight, displacement, substitution
        or optimism bias.

        Examples
        --------
        >>> from guidance.calculators.economic_case import economic_inputs
        >>> g = economic_inputs(displacement=0.1).as_gross()
        >>> g.method, g.bau_rate, g.optimism_bias, g.displacement, g.substitution
        ('rates', 0.0, 0.0, 0.0, 0.0)
        """
        return self.with_changes(
            method="rates", bau_rate=0.0, optimism_bias=0.0, displacement=0.0, substitution=0.0
        )

    @property
    def additionality(self) -> float:
        """The share of outcomes net of deadweight that is kept after the other cuts.

        ``(1 - displacement) x (1 - substitution) x (1 - optimism bias)``.

        Examples
        --------
        >>> from guidance.calculators.economic_case import economic_inputs
        >>> economic_inputs(displacement=0.2, substitution=0.5).additionality
        0.4
        """
        return (1 - self.displacement) * (1 - self.substitution) * (1 - self.optimism_bias)

    def to_dict(self) -> dict[str, object]:
        """The inputs as a plain dictionary."""
        return asdict(self)

    @property
    def person_gain_per_month(self) -> float:
        """The person's net income change a month in work: output less benefits and taxes.

        Examples
        --------
        >>> from guidance.calculators.economic_case import economic_inputs
        >>> round(economic_inputs().person_gain_per_month, 2)
        730.21
        """
        return self.output_per_month - self.dwp_saving_per_month - self.hmrc_gain_per_month

    @property
    def bau(self) -> float:
        """The business-as-usual rate this case uses (given, or implied by the effect)."""
        if self.method == "rates":
            return self.bau_rate
        return float(_bau(self.service_rate, self.effect_size, self.effect_measure))
