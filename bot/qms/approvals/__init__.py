"""Approval requests (ISO 9001 7.5.2, 8.3.4, 8.6).

records    ask, and find what waits on someone
lifecycle  decide once, withdraw, and who may
rules      what a valid request is
listing    what `/qms mine` and the Home tab show
"""
