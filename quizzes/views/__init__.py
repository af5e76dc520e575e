"""Thin views: read input, call a selector or a service, render."""
