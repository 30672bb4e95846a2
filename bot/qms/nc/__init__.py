"""Nonconformances (ISO 9001 8.7, 10.2).

records    report one, find them
lifecycle  the moves (design.md "NC lifecycle") and who may make them
rules      what a valid report and a valid step's answers are
listing    what `/qms mine` and the Home tab show
"""
