"""Lookups of what a program does not own: toolkits, their tools, servers and auth configs.

The same four functions for every language: Python programs call :mod:`.functions` in their
own process; the native plugin serves them to YAML, TypeScript and Go through ``Invoke``;
both run :class:`~.service.LookupService`.
"""
