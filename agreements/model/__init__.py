"""The data model: pydantic records for enterprises, agents and their network."""

from .agent import Commitment, PurposeAgent
from .company import Company
from .enterprise import Association, Enterprise, NetworkEnterprise, Organisation
from .network import ProjectData

__all__ = [
    "Association",
    "Commitment",
    "Company",
    "Enterprise",
    "NetworkEnterprise",
    "Organisation",
    "ProjectData",
    "PurposeAgent",
]
