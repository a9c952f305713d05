"""The CLI's command groups, each a thin layer over a domain package."""
