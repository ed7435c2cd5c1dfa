"""The caveats printed under every economic case."""

from __future__ import annotations

CAVEATS = (
    "Deadweight comes from an effect size found in trials and studies elsewhere, against the "
    "employment support people got as business as usual there; a local comparison group is "
    "better evidence for your service.",
    "The effect size should match the population the service is for: the trials for severe "
    "mental illness give a much larger effect than the studies beyond it.",
    "Displacement and substitution start at zero because the guide's sources give no figure "
    "for these services; enter your own if the local labour market or employers' hiring "
    "suggest some of the extra jobs would otherwise have gone to other people.",
    "How long people stay in work after the sustainment point is not known for IPS "
    "clients; the default exit rate is for people with a mental health condition in "
    "general, from a draft of the IPSMOD tool.",
    "The money defaults are in different price years (the WELLBY value in 2019 prices, the "
    "tax-benefit profiles for 2023 policy); they are not converted to one price year.",
    "The tax-benefit profiles compare averages of two groups of people, not the change for "
    "one person.",
    "Benefits saved and taxes received are transfers: they count in the fiscal view but "
    "not in the economic and social value.",
    "No published optimism-bias adjustment for the benefits of employment services was "
    "found; any cut shown is the user's own.",
    "Adding the value of the work and a wellbeing gain can count some of the same benefit "
    "twice, if the wellbeing gain comes from the income the work brings; enter a wellbeing "
    "gain only with that in mind.",
    "Where no source gives a range, the simulation and the tornado vary an input by an "
    "illustrative spread; replace it with your own ranges.",
    "The wellbeing value converts SWEMWBS to life satisfaction with an association between "
    "two measures; it shows scale, not what the service caused.",
)
"""Caveats printed under every economic case."""
