"""A client library for accessing Sectra Pathology Image Analysis API (IA-API)"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
