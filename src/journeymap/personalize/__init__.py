"""Personalization by journey stage: profiles, the content catalog, recommenders, evaluation."""
