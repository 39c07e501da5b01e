"""Query parameters of GET /organisations → a validated :class:`DirectoryQuery`.

The directory page and the API filter through the same ``search_organisations``; this
module only translates the API's camelCase parameters and refuses bad values with a 400
that names the parameter (``invalidParams[].name``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.http import QueryDict
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError

from zicht.reference.models import LabourMarketRegion, Municipality, Province

from ..models import OrganisationKind, TargetGroup, Tier
from ..selectors import IMPACT_FIELDS, MAX_QUERY_TERMS, SORTS, DirectoryQuery

TRUE = {"true", "1", "yes"}
FALSE = {"false", "0", "no"}
KINDS = [k for k in OrganisationKind.values if k != OrganisationKind.MUNICIPALITY]
MAX_Q_LENGTH = 200


@dataclass(frozen=True)
class Param:
    name: str  # as in the URL (camelCase, ADR)
    field: str  # DirectoryQuery attribute
    description: str
    type: object = OpenApiTypes.STR
    many: bool = False
    enum: tuple | None = None
    pattern: str | None = None


PARAMS = [
    Param(
        "q",
        "q",
        f"Free text: all words must occur in name, trade names, place or "
        f"description (accents ignored, at most {MAX_QUERY_TERMS} words).",
    ),
    Param(
        "kind", "kind", "Kind of organisation; repeat for several.", many=True, enum=tuple(KINDS)
    ),
    Param(
        "sdg",
        "sdg",
        "SDG number 1-17; repeat for several (any of them matches).",
        type=OpenApiTypes.INT,
        many=True,
    ),
    Param(
        "includeSuggestedSdgs",
        "include_suggested_sdgs",
        "Also match SDGs that Zicht suggested but nobody confirmed (default false).",
        type=OpenApiTypes.BOOL,
    ),
    Param(
        "cpvDivision",
        "cpv_division",
        "CPV division: the first two digits, e.g. 45.",
        pattern=r"^[0-9]{2}$",
    ),
    Param(
        "municipality",
        "municipality",
        "CBS municipality code, e.g. GM0363.",
        pattern=r"^GM[0-9]{4}$",
    ),
    Param("region", "region", "Labour-market region code, e.g. AM12.", pattern=r"^AM[0-9]{2}$"),
    Param("province", "province", "Province name, e.g. Noord-Holland."),
    Param(
        "targetGroup",
        "target_group",
        "Employs people of this target group (FTE > 0); repeat for several.",
        many=True,
        enum=tuple(TargetGroup.values),
    ),
    Param(
        "impactModel",
        "impact_model",
        "Impact model; repeat to require several.",
        many=True,
        enum=tuple(IMPACT_FIELDS),
    ),
    Param(
        "tier", "tier", "Verification tier; repeat for several.", many=True, enum=tuple(Tier.values)
    ),
    Param(
        "eligible282",
        "eligible_2_82",
        "Only organisations that are (true) or are not (false) eligible for art. 2.82 "
        "reserved contracts.",
        type=OpenApiTypes.BOOL,
    ),
    Param(
        "sort",
        "sort",
        "Order of the results. Default: relevance (best matches of q first: a name equal to "
        "the words, a name starting with the first word, whole words in a name, parts of "
        "words in a name, other text) when q has words, else name. relevance without words "
        "sorts by name.",
        enum=tuple(SORTS),
    ),
]


def _bool(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ValidationError({name: [_("Use true or false.")]})


def _values(params: QueryDict, name: str) -> list[str]:
    """Repeated parameters; a comma-separated list is accepted too (sdg=8,12)."""
    out = []
    for raw in params.getlist(name):
        out += [part.strip() for part in raw.split(",") if part.strip()]
    return out


def parse_directory_query(params: QueryDict) -> DirectoryQuery:
    """Validate the query string. Raises ValidationError naming every bad parameter."""
    errors: dict[str, list[str]] = {}
    query = DirectoryQuery()
    for param in PARAMS:
        if param.name not in params:
            continue
        try:
            setattr(query, param.field, _parse(param, params))
        except ValidationError as exc:
            errors.update(exc.detail)
    if errors:
        raise ValidationError(errors)
    return query


def _parse(param: Param, params: QueryDict):
    name = param.name
    if param.many:
        values = _values(params, name)
        if param.type == OpenApiTypes.INT:
            try:
                numbers = [int(v) for v in values]
            except ValueError:
                raise ValidationError({name: [_("Use whole numbers from 1 to 17.")]}) from None
            if any(not 1 <= n <= 17 for n in numbers):
                raise ValidationError({name: [_("Use whole numbers from 1 to 17.")]})
            return sorted(set(numbers))
        unknown = [v for v in values if v not in param.enum]
        if unknown:
            raise ValidationError(
                {
                    name: [
                        _("Unknown value %(values)s; allowed: %(allowed)s.")
                        % {"values": ", ".join(unknown), "allowed": ", ".join(param.enum)}
                    ]
                }
            )
        return list(dict.fromkeys(values))
    raw = params.get(name, "").strip()
    if param.type == OpenApiTypes.BOOL:
        return _bool(name, raw)
    if name == "q":
        if len(raw) > MAX_Q_LENGTH:
            raise ValidationError(
                {name: [_("Use at most %(n)d characters.") % {"n": MAX_Q_LENGTH}]}
            )
        return raw
    if param.enum is not None:
        if raw not in param.enum:
            raise ValidationError(
                {name: [_("Use one of: %(allowed)s.") % {"allowed": ", ".join(param.enum)}]}
            )
        return raw
    if param.pattern and not re.fullmatch(param.pattern.strip("^$"), raw):
        raise ValidationError(
            {name: [_("%(value)s is not in the expected form.") % {"value": raw}]}
        )
    if name == "municipality" and not Municipality.objects.filter(code=raw).exists():
        raise ValidationError({name: [_("No municipality has code %(value)s.") % {"value": raw}]})
    if name == "region" and not LabourMarketRegion.objects.filter(code=raw).exists():
        raise ValidationError(
            {name: [_("No labour-market region has code %(value)s.") % {"value": raw}]}
        )
    if name == "province" and not Province.objects.filter(name=raw).exists():
        raise ValidationError({name: [_("No province is called %(value)s.") % {"value": raw}]})
    return raw


def openapi_parameters() -> list[OpenApiParameter]:
    """The same parameter list, for the OpenAPI document."""
    out = []
    for param in PARAMS:
        out.append(
            OpenApiParameter(
                param.name,
                param.type,
                OpenApiParameter.QUERY,
                description=param.description,
                many=param.many or None,
                enum=list(param.enum) if param.enum else None,
                pattern=param.pattern,
                explode=True if param.many else None,
            )
        )
    return out
