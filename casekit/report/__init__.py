"""Presentation: text tables here; figures and the HTML debrief need the ``lab`` extra."""
