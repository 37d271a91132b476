"""Seed content for the coping-resources section: articles, prompts and helplines."""
