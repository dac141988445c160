"""Potential analysis, counselling paths, integration plan, monitoring and retention."""
