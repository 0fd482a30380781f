"""Controlled vocabularies: themes, services, audiences and skills."""
