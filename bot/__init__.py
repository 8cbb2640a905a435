"""ostbot: announces K-drama OST releases on Discord from curated schedules."""

__version__ = "0.1.0"
