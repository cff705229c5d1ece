"""Personalization by journey stage: profiles, content catalog, recommenders, evaluation."""
