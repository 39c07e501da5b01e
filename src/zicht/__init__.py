"""Zicht: the platform on which Dutch municipalities and social enterprises work together."""

__version__ = "0.1.0"
