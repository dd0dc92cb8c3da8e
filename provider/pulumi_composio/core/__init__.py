"""What every resource shares inside the provider plugin process, whichever front serves it.

The base of each resource's service (settings, one HTTP client per configuration), the
name index and listing reads that keep a plugin process at one listing per project, the
input rules every home's ``inputs.py`` builds on, and the dynamic-provider class each
resource's ``provider.py`` binds. Internal: nothing here is public API.
"""
