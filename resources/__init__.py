"""Bundled resources: icons, translations, templates."""
