"""Helpers shared by the tests: accounts per role, the match reference, the browser."""
