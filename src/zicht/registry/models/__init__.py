from .organisation import LegalForm, Organisation, OrganisationKind, OrganisationSdg, Status, fold
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
    "fold",
    "TargetGroup",
    "Tier",
    "VerificationDecision",
    "WorkforceFigure",
]
