"""Blueprints, one per area of the front end."""
