"""schema.org description of an organisation for its public page."""

from __future__ import annotations


def organisation_jsonld(org, request) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": request.build_absolute_uri(org.get_absolute_url()),
        "name": org.display_name,
        "legalName": org.legal_name,
        "url": org.website or request.build_absolute_uri(org.get_absolute_url()),
        "identifier": {"@type": "PropertyValue", "propertyID": "KvK", "value": org.kvk},
        "address": {
            "@type": "PostalAddress",
            "streetAddress": f"{org.street} {org.house_number}".strip(),
            "postalCode": org.postcode,
            "addressLocality": org.city or org.municipality.name,
            "addressRegion": org.municipality.province.name,
            "addressCountry": "NL",
        },
    }
    if len(org.trade_names) > 1 or (org.trade_names and org.trade_names[0] != org.legal_name):
        data["alternateName"] = org.trade_names
    description = org.description_nl or org.description_en
    if description:
        data["description"] = description
    return data
