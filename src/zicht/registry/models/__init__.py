from .organisation import (
    LegalForm,
    Organisation,
    OrganisationKind,
    OrganisationSdg,
    Status,
    build_name_text,
    fold,
    name_key,
)
from .profile import (
    Certification,
    CertificationKind,
    Evidence,
    SocialEnterpriseProfile,
    TargetGroup,
    WorkforceFigure,
)
from .rules import EligibilityRule
from .verification import Tier, VerificationDecision

__all__ = [
    "Certification",
    "CertificationKind",
    "EligibilityRule",
    "Evidence",
    "LegalForm",
    "Organisation",
    "OrganisationKind",
    "OrganisationSdg",
    "SocialEnterpriseProfile",
    "Status",
    "build_name_text",
    "fold",
    "name_key",
    "TargetGroup",
    "Tier",
    "VerificationDecision",
    "WorkforceFigure",
]
